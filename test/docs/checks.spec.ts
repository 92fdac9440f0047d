import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { checkInvocation, invocations, rayopsProgram } from "./cli-commands";
import { brokenLink, fencedBlocks, headingAnchors, inlineCode, links } from "./markdown";
import { lintMermaid } from "./mermaid-lint";

const messages = (source: string) => lintMermaid(source).map((p) => p.message);

describe("the documentation checks (test/docs/*.ts) themselves", () => {
    describe("Mermaid structural check", () => {
        it("accepts a flowchart with shapes, quoted labels, edge labels, groups and subgraphs", () => {
            // GIVEN a flowchart using the constructs the docs use
            const diagram = [
                "flowchart LR",
                '    cfg["Pulumi.dev.yaml (stack config)"] --> prog[index.ts]',
                "    prog -->|registers| net(Network) & cl{{Cluster}}",
                "    cl -. kubeconfig .-> k8s[(Kubernetes)]",
                "    subgraph aws [AWS account]",
                "        net --- cl",
                "    end",
                "    classDef cloud fill:#eef",
                "    class net,cl cloud",
            ].join("\n");
            // WHEN it is checked THEN nothing is reported
            assert.deepEqual(messages(diagram), []);
        });

        it("accepts the burst chart `rayops cost burst --markdown` draws (xychart-beta)", () => {
            const diagram = [
                "xychart-beta",
                '    title "cpu: nodes per phase, autoscaled (bars) vs static at peak (line)"',
                '    x-axis "phase" ["warm-up", "small burst", "peak", "sustained", "decrease", "cooldown"]',
                '    y-axis "nodes" 0 --> 5',
                '    bar "autoscaled" [1, 3, 5, 4, 2, 1]',
                '    line "static at peak" [5, 5, 5, 5, 5, 5]',
            ].join("\n");
            assert.deepEqual(messages(diagram), []);
            assert.deepEqual(
                messages("xychart-beta horizontal\n  x-axis 0 --> 10\n  line [1.5, -2, .5]"),
                [],
            );
        });

        it("rejects an xychart series with a value missing for a category", () => {
            assert.deepEqual(messages('xychart-beta\n  x-axis ["a", "b", "c"]\n  bar [1, 2]'), [
                "bar: 2 values for the x-axis's 3 categories",
            ]);
        });

        it("rejects an xychart's unquoted categories, a range from high to low, text as data and no series", () => {
            assert.match(
                messages("xychart-beta\n  x-axis [a, b]\n  bar [1, 2]")[0] ?? "",
                /double-quoted categories/,
            );
            assert.match(
                messages('xychart-beta\n  y-axis "n" 5 --> 0\n  bar [1]')[0] ?? "",
                /does not run from low to high/,
            );
            assert.match(messages("xychart-beta\n  bar [1, two]")[0] ?? "", /expected a list of numbers/);
            assert.match(messages('xychart-beta\n  bar "open [1]')[0] ?? "", /not closed/);
            assert.deepEqual(messages('xychart-beta\n  title "t"'), ["the chart has no bar or line series"]);
            assert.match(messages("xychart-beta\n  pie [1]")[0] ?? "", /not an xychart statement/);
            assert.match(messages("xychart-beta sideways\n  bar [1]")[0] ?? "", /unknown orientation/);
        });

        it("rejects an unquoted label holding parentheses", () => {
            assert.match(messages("flowchart LR\n  a[index.ts (program)] --> b")[0] ?? "", /quote it/);
        });

        it("rejects a shape that is not closed", () => {
            assert.match(messages("flowchart LR\n  a[index.ts --> b")[0] ?? "", /not closed/);
        });

        it("rejects a malformed edge", () => {
            assert.match(messages("flowchart LR\n  a -> b")[0] ?? "", /expected an edge/);
        });

        it("rejects a node called end", () => {
            assert.match(messages("flowchart LR\n  start --> end")[0] ?? "", /called `end`/);
        });

        it("rejects a subgraph left open", () => {
            assert.match(messages("flowchart TB\n  subgraph a\n  x --> y")[0] ?? "", /not closed/);
        });

        it("rejects an unknown diagram type", () => {
            assert.match(messages("gantt\n  title x")[0] ?? "", /not checked here/);
        });

        it("accepts a sequence diagram with declared participants, alt/else, loop and notes", () => {
            const diagram = [
                "sequenceDiagram",
                "    autonumber",
                "    participant A as GitHub Actions",
                "    actor U as Reviewer",
                "    A->>U: comment #59; with an entity code",
                "    alt approved",
                "        U-->>A: approve",
                "    else rejected",
                "        U--xA: reject",
                "    end",
                "    loop every hour",
                "        Note over A,U: tokens expire after 1 h",
                "    end",
            ].join("\n");
            assert.deepEqual(messages(diagram), []);
        });

        it("rejects a ; in a message, which Mermaid reads as the end of the statement", () => {
            const diagram = "sequenceDiagram\n  participant A\n  participant B\n  A->>B: wait; then retry";
            assert.match(messages(diagram)[0] ?? "", /ends the text early/);
        });

        it("rejects a participant used before it is declared (house rule)", () => {
            const diagram = "sequenceDiagram\n  participant A\n  A->>B: hello";
            assert.match(messages(diagram)[0] ?? "", /"B" is used before/);
        });

        it("rejects a participant id that starts with a keyword, as Endpoint starts with end", () => {
            const diagram =
                "sequenceDiagram\n  participant Endpoint as API endpoint\n  participant B\n  B->>Endpoint: call";
            assert.match(messages(diagram)[0] ?? "", /starts with the keyword "End"/);
        });

        it("rejects else outside alt and a block left open", () => {
            const diagram = "sequenceDiagram\n  participant A\n  loop x\n  else y\n  A->>A: z";
            assert.deepEqual(
                messages(diagram).map((m) => m.split(":")[0]),
                ['"else" outside an "alt" block', "block(s) not closed with `end`"],
            );
        });
    });

    describe("Markdown reading", () => {
        it("finds fenced blocks with their language and line, and ignores links inside them", () => {
            const text = "# T\n\n```sh\nsee [x](missing.md)\n```\n[y](real.md)\n";
            assert.deepEqual(
                fencedBlocks(text).map((b) => [b.lang, b.line]),
                [["sh", 3]],
            );
            assert.deepEqual(links(text), [{ target: "real.md", line: 6 }]);
        });

        it("ignores links inside inline code", () => {
            assert.deepEqual(links("`[a](b.md)` and [c](d.md)"), [{ target: "d.md", line: 1 }]);
        });

        it("gives headings GitHub's anchors, numbering repeats", () => {
            const anchors = headingAnchors("# Exit codes\n## Why a GitHub App, not a PAT?\n## Exit codes\n");
            assert.deepEqual([...anchors], ["exit-codes", "why-a-github-app-not-a-pat", "exit-codes-1"]);
        });

        it("reports a link to a missing file or a missing heading, and accepts a good one", () => {
            // GIVEN a folder with one page
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rayops-docs-"));
            const page = path.join(dir, "a.md");
            fs.writeFileSync(page, "# Title\n## Next step\n");
            try {
                // THEN links are judged against it
                assert.equal(brokenLink(page, "a.md#next-step"), undefined);
                assert.equal(brokenLink(page, "#title"), undefined);
                assert.match(brokenLink(page, "b.md") ?? "", /no such file/);
                assert.match(brokenLink(page, "a.md#later") ?? "", /no heading/);
                assert.equal(brokenLink(page, "https://example.com/x"), undefined);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("rayops invocations", () => {
        const program = rayopsProgram();

        it("reads invocations after prompts, npx and &&, stopping at shell operators and comments", () => {
            const found = invocations(
                "$ npx --no-install rayops plan --stack dev | less\nnpm ci && rayops plan --json # offline",
            );
            assert.deepEqual(
                found.map((f) => f.words),
                [
                    ["plan", "--stack", "dev"],
                    ["plan", "--json"],
                ],
            );
        });

        it("finds an invocation in an inline code span", () => {
            const [span] = inlineCode("Run `rayops plan --stack prod` first.");
            assert.deepEqual(invocations(span!.code)[0]?.words, ["plan", "--stack", "prod"]);
        });

        it("accepts a real command with its options and placeholders", () => {
            assert.equal(checkInvocation(program, ["plan", "--stack", "<name>", "--markdown"]), undefined);
            assert.equal(checkInvocation(program, ["workload", "submit", "--stack", "dev"]), undefined);
            assert.equal(checkInvocation(program, ["…"]), undefined);
        });

        it("rejects an unknown command, subcommand or option", () => {
            assert.match(
                checkInvocation(program, ["deploy-everything"]) ?? "",
                /no command "deploy-everything"/,
            );
            assert.match(
                checkInvocation(program, ["workload", "explode"]) ?? "",
                /rayops workload has no command/,
            );
            assert.match(checkInvocation(program, ["plan", "--stakc", "dev"]) ?? "", /no option --stakc/);
        });
    });
});
