/**
 * Screenshots of the Markdown rayops renders for a pull request, as GitHub shows it: a passing
 * dev plan, a mandatory policy violation, a config error and a plan against the base branch
 * (scripts/comment-cases.ts), each converted to HTML (scripts/comment-html.ts) and drawn in
 * headless Chromium (scripts/headless-chromium.ts). For each case the folder gets <case>.png and
 * the <case>.md and <case>.html it was drawn from.
 *
 *   npm run screenshots                 # into screenshots/ (gitignored)
 *   npm run screenshots -- shots/pr-42  # into another folder
 *
 * Needs Debian's chromium; the icons (✅ ⛔ ❌) need a colour emoji font, such as Debian's
 * fonts-noto-color-emoji, or they show as empty boxes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { commentCases } from "./comment-cases";
import { commentPage } from "./comment-html";
import { launchChromium } from "./headless-chromium";

const ROOT = path.join(__dirname, "..");

export const DEFAULT_OUT = path.join(ROOT, "screenshots");

export async function screenshots(outDir: string): Promise<string[]> {
    mkdirSync(outDir, { recursive: true });
    const cases = await commentCases();
    const browser = await launchChromium();
    try {
        const page = await browser.newPage({ viewport: { width: 920, height: 600 } });
        const written: string[] = [];
        for (const c of cases) {
            const html = commentPage(c.markdown, `${c.name}: ${c.title} (exit ${c.exitCode})`);
            writeFileSync(path.join(outDir, `${c.name}.md`), c.markdown);
            writeFileSync(path.join(outDir, `${c.name}.html`), html);
            await page.setContent(html, { waitUntil: "load" });
            const png = path.join(outDir, `${c.name}.png`);
            await page.locator(".comment").screenshot({ path: png });
            written.push(png);
        }
        return written;
    } finally {
        await browser.close();
    }
}

if (require.main === module) {
    const out = path.resolve(process.argv[2] ?? DEFAULT_OUT);
    screenshots(out).then(
        (files) => {
            for (const f of files) console.log(path.relative(process.cwd(), f));
        },
        (err: unknown) => {
            console.error(`screenshots: ${err instanceof Error ? err.message : String(err)}`);
            process.exitCode = 1;
        },
    );
}
