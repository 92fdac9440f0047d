/**
 * Every ```mermaid block of README.md and docs/**\/*.md, parsed and drawn by Mermaid itself in
 * headless Chromium (test/docs/mermaid-render.ts), so a diagram GitHub would show as an error
 * fails here, named by file and line. One browser and one page for all diagrams.
 *
 * The browser is Debian's chromium (scripts/headless-chromium.ts); .ci/run installs it. Without
 * it this spec fails, saying how to install it: it never skips.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../scripts/headless-chromium";
import { documentationFiles, type FencedBlock, fencedBlocks } from "./markdown";
import { mermaidPage, renderMermaid } from "./mermaid-render";

const ROOT = path.join(__dirname, "..", "..");

interface Diagram {
    readonly file: string;
    readonly block: FencedBlock;
}

function diagramsOf(file: string, text: string): Diagram[] {
    return fencedBlocks(text)
        .filter((block) => block.lang === "mermaid")
        .map((block) => ({ file, block }));
}

const DIAGRAMS = documentationFiles(ROOT).flatMap((file) =>
    diagramsOf(file, fs.readFileSync(path.join(ROOT, file), "utf8")),
);

/**
 * `docs/x.md:12: <Mermaid's message>`: the file line Mermaid's error names (an error at the end of
 * the text names the line after the last, which is the closing fence: the last line stands for
 * it), else the opening fence's.
 */
async function problem(page: Page, d: Diagram): Promise<string | undefined> {
    const result = await renderMermaid(page, d.block.body);
    if (result.error === undefined) return undefined;
    const lines = d.block.body.split("\n").length;
    const line = d.block.line + Math.min(result.errorLine ?? 0, lines);
    return `${d.file}:${line}: the diagram opened at line ${d.block.line} does not render: ${result.error}`;
}

describe("every Mermaid diagram renders with Mermaid in headless Chromium (README.md, docs/**/*.md)", function () {
    // Chromium's start and the 3.5 MB bundle take a few seconds on a busy 2-core machine.
    this.timeout(120_000);
    let browser: Browser;
    let page: Page;

    before(async () => {
        browser = await launchChromium();
        page = await mermaidPage(browser);
    });
    after(async () => {
        await browser?.close();
    });

    it("finds the diagrams the pages promise (at least the architecture, autoscaling and auth-flow ones)", () => {
        const files = new Set(DIAGRAMS.map((d) => d.file));
        for (const f of ["docs/architecture.md", "docs/autoscaling.md", "docs/github-app/auth-flow.md"]) {
            assert.ok(files.has(f), `${f} has no mermaid block`);
        }
    });

    for (const d of DIAGRAMS) {
        it(`${d.file}:${d.block.line} (${d.block.body.split("\n")[0]!.trim()})`, async () => {
            // GIVEN the diagram WHEN Mermaid parses and draws it THEN it draws an SVG, no error
            assert.equal(await problem(page, d), undefined);
        });
    }

    it("fails a broken diagram, naming the file and the line Mermaid stops at", async () => {
        // GIVEN a page whose second diagram has an edge with no target on its third line
        const text = [
            "# Planted",
            "",
            "```mermaid",
            "flowchart LR",
            "  a --> b",
            "```",
            "",
            "```mermaid",
            "flowchart LR",
            "  a --> b",
            "  b -->",
            "```",
        ].join("\n");
        const [good, bad] = diagramsOf("docs/planted.md", text);
        // WHEN both are rendered
        // THEN the first passes and the second is reported at line 11 of the file
        assert.equal(await problem(page, good!), undefined);
        assert.match(
            (await problem(page, bad!)) ?? "",
            /^docs\/planted\.md:11: the diagram opened at line 8 /,
        );
    });

    it("fails a diagram of a type Mermaid does not know", async () => {
        // GIVEN a diagram whose first line misspells its type
        const [bad] = diagramsOf("docs/planted.md", "```mermaid\nflowchartt LR\n  a --> b\n```");
        // WHEN rendered THEN it fails at that line, the file's second
        assert.match((await problem(page, bad!)) ?? "", /^docs\/planted\.md:2: .*does not render/);
    });
});
