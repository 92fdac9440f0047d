/**
 * Renders Mermaid diagrams with the `mermaid` package's own browser bundle in headless Chromium
 * (scripts/headless-chromium.ts): its real parser and layout, as GitHub draws a ```mermaid block,
 * where the structural check of mermaid-lint.ts only approximates the grammar. The page is blank
 * and the bundle is injected from node_modules, so nothing is fetched.
 *
 * GitHub does not publish which Mermaid it runs; the last public readings of its `info` diagram
 * show 11.3.0 (docsible/docsible#30, 2024-10-30; yusukebe/gh-markdown-preview#58, 2025-01-09),
 * and none since was found (searched 2026-12). The pin in package.json is the newest 11.x
 * (11.17.2, 2026-08-25) rather than 12.x (12.0.0 came out 2026-09-10): GitHub was last seen on
 * the 11 line, and a diagram that needs 12 would not draw on 11. Bump it when GitHub's `info`
 * diagram shows a newer one.
 */
import type { Browser, Page } from "playwright-core";

export interface MermaidResult {
    /** The error Mermaid threw, or the reason the SVG counts as failed; absent when it rendered. */
    readonly error?: string;
    /** The 1-based line within the diagram that the error names ("Parse error on line 3"), if any. */
    readonly errorLine?: number;
}

/** The bits of the bundle's `window.mermaid` this file calls. */
interface MermaidGlobal {
    readonly mermaid: {
        initialize(config: Record<string, unknown>): void;
        parse(text: string): Promise<unknown>;
        render(id: string, text: string): Promise<{ svg: string }>;
    };
}

/** A page with Mermaid loaded and set up as GitHub's viewer runs it: strict security, no error SVG. */
export async function mermaidPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><html><body></body></html>");
    await page.addScriptTag({ path: require.resolve("mermaid/dist/mermaid.min.js") });
    await page.evaluate(() => {
        (globalThis as unknown as MermaidGlobal).mermaid.initialize({
            startOnLoad: false,
            securityLevel: "strict",
            suppressErrorRendering: true,
        });
    });
    return page;
}

/** The text of Mermaid's own error diagram ("Syntax error in text"), in case one is drawn anyway. */
const ERROR_SVG = /aria-roledescription="error"|class="error-icon"|Syntax error in text/;

let renders = 0;

/** Parses and renders `source` on `page`; the result says why it failed, when it did. */
export async function renderMermaid(page: Page, source: string): Promise<MermaidResult> {
    const id = `diagram-${++renders}`;
    const out = await page.evaluate(
        async ([text, elementId]) => {
            const { mermaid } = globalThis as unknown as MermaidGlobal;
            try {
                await mermaid.parse(text);
                const { svg } = await mermaid.render(elementId, text);
                return { svg };
            } catch (err) {
                return { error: err instanceof Error ? err.message : String(err) };
            }
        },
        [source, id] as const,
    );
    if (out.error !== undefined) {
        const line = /on line (\d+)/.exec(out.error);
        return { error: out.error, ...(line ? { errorLine: Number(line[1]) } : {}) };
    }
    const svg = out.svg ?? "";
    if (!svg.includes("<svg")) return { error: "Mermaid returned no SVG" };
    if (ERROR_SVG.test(svg)) return { error: "Mermaid drew its error diagram" };
    return {};
}
