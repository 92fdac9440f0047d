import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { EXIT_CODE_HELP, ExitCode } from "../../automation/exit-codes";
import { policyNames } from "../../policypack/policies/index";
import { runCli } from "../automation/commands/harness";
import { checkInvocation, invocations, rayopsProgram } from "./cli-commands";
import { brokenLink, documentationFiles, fencedBlocks, inlineCode, links } from "./markdown";
import { lintMermaid } from "./mermaid-lint";

const ROOT = path.join(__dirname, "..", "..");
const FILES = documentationFiles(ROOT);
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Code blocks that hold commands; `text` blocks hold output, which may start with "rayops" too. */
const SHELL_LANGS = new Set(["", "sh", "bash", "shell", "console"]);

describe("documentation (README.md and docs/**/*.md)", () => {
    it("includes the README and the architecture, autoscaling and runbook pages", () => {
        // GIVEN the repository WHEN the documentation files are listed
        // THEN the pages this project promises are among them
        for (const f of [
            "README.md",
            "docs/architecture.md",
            "docs/autoscaling.md",
            "docs/configuration.md",
        ]) {
            assert.ok(FILES.includes(f), `${f} is missing`);
        }
        assert.ok(
            FILES.filter((f) => f.startsWith("docs/runbooks/")).length >= 4,
            "fewer than four runbooks",
        );
    });

    describe("every Mermaid block passes the structural check of test/docs/mermaid-lint.ts", () => {
        for (const file of FILES) {
            const blocks = fencedBlocks(read(file)).filter((b) => b.lang === "mermaid");
            if (blocks.length === 0) continue;
            it(`${file} (${blocks.length} diagram${blocks.length === 1 ? "" : "s"})`, () => {
                // GIVEN the file's mermaid blocks WHEN each is checked
                const problems = blocks.flatMap((b) =>
                    lintMermaid(b.body).map((p) => `line ${b.line + p.line}: ${p.message}`),
                );
                // THEN none has a problem
                assert.deepEqual(problems, []);
            });
        }
    });

    it("draws the architecture, the PR-to-up lifecycle, the autoscaling flow and the App auth flow", () => {
        // GIVEN the pages that promise diagrams
        const diagrams = (f: string) => fencedBlocks(read(f)).filter((b) => b.lang === "mermaid").length;
        // THEN each holds at least one (architecture: components and lifecycle)
        assert.ok(diagrams("docs/architecture.md") >= 2, "docs/architecture.md: components and lifecycle");
        assert.ok(diagrams("docs/autoscaling.md") >= 1, "docs/autoscaling.md");
        assert.ok(diagrams("docs/github-app/auth-flow.md") >= 1, "docs/github-app/auth-flow.md");
    });

    it("shows the burst chart of docs/autoscaling.md as `rayops cost burst --stack prod --markdown` draws it today", async () => {
        // GIVEN the chart the page shows and the one the CLI prints for prod's cpu group
        const shown = fencedBlocks(read("docs/autoscaling.md")).find(
            (b) => b.lang === "mermaid" && b.body.startsWith("xychart-beta"),
        );
        assert.ok(shown, "docs/autoscaling.md has no xychart-beta block");
        const run = await runCli(["cost", "burst", "--stack", "prod", "--group", "cpu", "--markdown"], {
            cwd: ROOT,
        });
        assert.equal(run.code, 0, run.stderr);
        const printed = fencedBlocks(run.stdout).filter((b) => b.lang === "mermaid");
        // THEN they are the same diagram, so the page never shows a model the CLI no longer draws
        assert.deepEqual(
            printed.map((b) => b.body),
            [shown.body],
        );
    });

    describe("every relative link resolves (file, and heading anchor when given)", () => {
        for (const file of FILES) {
            it(file, () => {
                // GIVEN the file's links WHEN each relative one is resolved from the file's folder
                const broken = links(read(file)).flatMap((l) => {
                    const why = brokenLink(path.join(ROOT, file), l.target);
                    return why ? [`line ${l.line}: ${why}`] : [];
                });
                // THEN every target exists
                assert.deepEqual(broken, []);
            });
        }
    });

    describe("every `rayops` command shown exists in the CLI (commands, subcommands, long options)", () => {
        const program = rayopsProgram();
        for (const file of FILES) {
            const text = read(file);
            const shown = [
                ...fencedBlocks(text)
                    .filter((b) => SHELL_LANGS.has(b.lang))
                    .flatMap((b) => invocations(b.body, b.line + 1)),
                ...inlineCode(text).flatMap((c) => invocations(c.code, c.line)),
            ];
            if (shown.length === 0) continue;
            it(`${file} (${shown.length} shown)`, () => {
                // GIVEN each invocation WHEN it is matched against buildProgram()'s command tree
                const wrong = shown.flatMap((inv) => {
                    const why = checkInvocation(program, inv.words);
                    return why ? [`line ${inv.line}: \`${inv.text}\`: ${why}`] : [];
                });
                // THEN every command, subcommand and option exists
                assert.deepEqual(wrong, []);
            });
        }
    });

    it("the README's security model names every policy of the pack", () => {
        // GIVEN the pack's policy names WHEN the README is searched for each
        const readme = read("README.md");
        const missing = policyNames.filter((name) => !readme.includes(`\`${name}\``));
        // THEN none is missing
        assert.deepEqual(missing, []);
    });

    it("the README's exit codes are the CLI's", () => {
        // GIVEN the exit codes of automation/exit-codes.ts, as `rayops --help` prints them
        const readme = read("README.md");
        const codes = EXIT_CODE_HELP.split("\n")
            .slice(1)
            .map((l) => /^\s*(\d)\s+(.*)$/.exec(l)!);
        assert.equal(codes.length, Object.keys(ExitCode).length);
        // THEN the README shows each code with the same meaning
        for (const [, code, meaning] of codes) {
            const escaped = meaning!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
            const row = new RegExp(`^\\|\\s*${code}\\s*\\|\\s*${escaped}\\s*\\|`, "m");
            assert.match(readme, row, `exit code ${code} (${meaning}) not in the README's table`);
        }
    });

    it("the README opens with the set-up and test commands", () => {
        // GIVEN the README WHEN its first code block is read
        const first = fencedBlocks(read("README.md"))[0];
        // THEN it holds `npm ci && npm start` and `npm test`, before anything else
        assert.ok(first, "no code block");
        assert.match(first.body, /^npm ci && npm start\s+#/);
        assert.match(first.body.split("\n")[1] ?? "", /^npm test\s+#/);
    });
});
