import { strict as assert } from "node:assert";
import { costHeadline, headline, markdownTable, mdText } from "../../../automation/render/format";
import { markdownSummary } from "../../../automation/render/markdown";
import type { CostSection, PolicyFinding, Report } from "../../../automation/render/report";
import { makeStyle } from "../../../automation/render/style";
import { renderTerminal } from "../../../automation/render/terminal";
import { commentHtml, visibleText } from "../../../scripts/comment-html";

const plainStyle = makeStyle(false);

const finding = (
    level: PolicyFinding["enforcementLevel"],
    policy: string,
    message: string,
): PolicyFinding => ({
    policy,
    enforcementLevel: level,
    resource: { type: "aws:ec2/launchTemplate:LaunchTemplate", name: "rayops-prod-gpu", urn: "urn:x" },
    message,
});

function report(overrides: Partial<Report> = {}): Report {
    return {
        kind: "preview",
        stack: "prod",
        project: "rayops",
        region: "us-east-1",
        succeeded: true,
        resources: [
            { type: "aws:s3/bucket:Bucket", name: "logs", urn: "urn:b", component: false, change: "update" },
        ],
        policy: { evaluated: true, policiesRun: 29, findings: [] },
        limits: ["Preview by the Pulumi engine."],
        ...overrides,
    };
}

const cost = (overrides: Partial<CostSection> = {}): CostSection => ({
    currency: "USD",
    floor: 100,
    expected: 350,
    ceiling: 1000,
    lines: [{ id: "nodes:gpu", item: "gpu nodes", floor: 100, expected: 350, ceiling: 1000, note: "2 × g5" }],
    unknown: [],
    priceSource: "AWS price list (2026-11-25)",
    ...overrides,
});

describe("the verdict of a report (terminal, Markdown, headline)", () => {
    describe("a run that failed before the pack judged the stack", () => {
        const failed = report({
            succeeded: false,
            error: "stack config is invalid (2 problems)",
            problems: [
                { key: "rayops:region", message: 'rayops:region = "mars-north-1" is not an AWS region' },
                { key: "rayops:nodePools.gpu.maxSize", message: "must be at least 1" },
            ],
            policy: { evaluated: false, policiesRun: 0, findings: [] },
        });

        it("never says the policies pass, nor counts the pack's size as evaluated", () => {
            // GIVEN a failed preview with no findings WHEN rendered THEN no output claims a pass
            assert.match(headline(failed), /policies not evaluated/);
            const md = markdownSummary(failed);
            assert.doesNotMatch(md, /policies pass|No violations|\d+ evaluated/);
            assert.match(md, /> \[!CAUTION\]\n> \*\*The preview failed, so policies were not evaluated/);
            const text = renderTerminal(failed, plainStyle);
            assert.doesNotMatch(text, /policies pass|\d+ evaluated/);
        });

        it("lists every configuration problem, one per line, under the failure", () => {
            const md = markdownSummary(failed);
            assert.match(md, /^> - `rayops:region`: rayops:region = "mars-north-1" is not an AWS region$/m);
            assert.match(md, /^> - `rayops:nodePools\.gpu\.maxSize`: must be at least 1$/m);
            assert.match(renderTerminal(failed, plainStyle), /^ {2}- rayops:region: /m);
        });

        it("ends the terminal output with the verdict", () => {
            const lines = renderTerminal(failed, plainStyle).trimEnd().split("\n");
            assert.equal(lines.at(-1), "✗ preview of prod failed; policies not evaluated");
        });
    });

    describe("a mandatory violation", () => {
        const violating = report({
            policy: {
                evaluated: true,
                policiesRun: 29,
                findings: [
                    finding(
                        "advisory",
                        "ray-raycluster-configure-replicas-within-pool",
                        "More replicas than the pool holds.",
                    ),
                    finding(
                        "mandatory",
                        "aws-ec2-launchtemplate-enforce-encrypted-root-volume",
                        "Set ebs: { kmsKeyId: <KMS key ARN> } & retry.",
                    ),
                    finding("mandatory", "stack-enforce-node-limits", "21 CPU nodes > 20."),
                ],
            },
        });

        it("opens with a caution callout that says the change cannot be applied", () => {
            const md = markdownSummary(violating, { heading: false });
            assert.ok(
                md.startsWith(
                    "> [!CAUTION]\n> **2 mandatory policy violations: this change cannot be applied.**",
                ),
                md,
            );
        });

        it("gives each level its icon and lists the mandatory findings first", () => {
            const rows = markdownSummary(violating)
                .split("\n")
                .filter((l) => l.startsWith("| ⛔") || l.startsWith("| ⚠️"));
            assert.deepEqual(
                rows.map((r) => r.split(" | ")[0]),
                ["| ⛔", "| ⛔", "| ⚠️"],
            );
            assert.match(rows[0]!, /\*\*mandatory\*\*/);
        });

        it("keeps placeholders such as <KMS key ARN> visible instead of letting GitHub eat them as HTML", () => {
            const md = markdownSummary(violating);
            assert.match(md, /kmsKeyId: &lt;KMS key ARN&gt; } &amp; retry\./);
            assert.doesNotMatch(md, /<KMS key ARN>/);
        });

        it("ends the terminal output with the verdict", () => {
            const lines = renderTerminal(violating, plainStyle).trimEnd().split("\n");
            assert.equal(
                lines.at(-1),
                "✗ 2 mandatory policy violations in prod: this change cannot be applied",
            );
        });

        it("is the verdict when the violation is what failed the run, and the pack is not said to be unevaluated", () => {
            // GIVEN a run the violations failed (the engine fails a preview on one; so does the offline plan)
            const failedOnPolicy = { ...violating, succeeded: false, error: "2 mandatory policy violations" };
            const md = markdownSummary(failedOnPolicy);
            assert.match(md, /^### ⛔ /);
            assert.match(md, /\*\*2 mandatory policy violations: this change cannot be applied\.\*\*/);
            assert.doesNotMatch(md, /not evaluated/);
            assert.equal(
                renderTerminal(failedOnPolicy, plainStyle).trimEnd().split("\n").at(-1),
                "✗ 2 mandatory policy violations in prod: this change cannot be applied",
            );
        });
    });

    it("says the stack passes, with the count of policies that ran, when it does", () => {
        const passing = report();
        assert.match(headline(passing), /policies pass/);
        assert.equal(
            renderTerminal(passing, plainStyle).trimEnd().split("\n").at(-1),
            "✓ prod passes every mandatory policy (29 evaluated)",
        );
    });

    describe("Markdown text", () => {
        it("escapes &, < and > outside code spans, and leaves code spans as they are", () => {
            assert.equal(mdText("a <b> & `<c> | d`"), "a &lt;b&gt; &amp; `<c> \\| d`");
            assert.equal(mdText("x | y\nz"), "x \\| y z");
            // Emphasis, links and strikethrough never start from a value: they show as written.
            assert.equal(
                mdText("arn:aws:s3:::* on max_nodes_total [1] ~2~ a\\b"),
                "arn:aws:s3:::\\* on max\\_nodes\\_total \\[1\\] \\~2\\~ a\\\\b",
            );
            assert.equal(mdText("`s3:*` and *bold*"), "`s3:*` and \\*bold\\*");
        });

        it("shows values as written once GitHub-flavoured Markdown renders them (marked, as the screenshots do)", () => {
            for (const value of [
                "Action s3:* on arn:aws:s3:::bucket/*",
                "max_nodes_total and *min_nodes*",
                "[secret] ~~gone~~ a\\b <KMS key ARN> x | y",
                "__init__ and _private_",
            ]) {
                const rendered = visibleText(commentHtml(mdText(value)))
                    .replace(/\s+/g, " ")
                    .trim();
                assert.equal(rendered, value);
                // nothing became emphasis, a link or a strikethrough
                assert.doesNotMatch(commentHtml(mdText(value)), /<(em|strong|a|del)\b/);
            }
        });

        it("aligns text columns left and only numbers right", () => {
            const [, rule] = markdownTable(
                ["item", "cost", "note"],
                [
                    ["gpu nodes", "$1.00", "2 × g5"],
                    ["cpu", "$2.00", ""],
                ],
            );
            assert.equal(rule, "|:---|---:|:---|");
        });
    });

    describe("the cost in the headline", () => {
        it("shows the change from the base with its percentage and the ceiling before and after", () => {
            const withDelta = cost({
                delta: {
                    base: "main @ 1a2b3c4d5e6f",
                    floor: 0,
                    expected: 250,
                    ceiling: 750,
                    before: { floor: 100, expected: 100, ceiling: 250 },
                },
            });
            assert.equal(
                costHeadline(withDelta),
                "$350.00/month expected (+$250.00, +250% vs main @ 1a2b3c4d5e6f; ceiling $250.00 → $1,000.00)",
            );
        });

        it("says an unchanged cost is unchanged", () => {
            const same = cost({
                delta: {
                    base: "main @ abc",
                    floor: 0,
                    expected: 0,
                    ceiling: 0,
                    before: { floor: 100, expected: 350, ceiling: 1000 },
                },
            });
            assert.equal(costHeadline(same), "$350.00/month expected (unchanged vs main @ abc)");
        });

        it("marks a total that leaves out an unknown price as a lower bound", () => {
            assert.equal(
                costHeadline(cost({ unknown: ["p5.48xlarge in ap-east-2"] })),
                "≥ $350.00/month expected; 1 price unknown, not counted",
            );
        });
    });
});
