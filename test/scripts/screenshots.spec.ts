/**
 * The Markdown-to-HTML step of scripts/screenshots.ts for its four cases, without a browser: the
 * cases still come out of the CLI as the script expects, and their HTML shows what a reader must
 * see (the verdict first, violations in a caution alert, no tag or entity shown literally).
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { type CommentCase, commentCases } from "../../scripts/comment-cases";
import { commentHtml, commentPage, visibleText } from "../../scripts/comment-html";
import { DEFAULT_OUT } from "../../scripts/screenshots";

/** Markup a reader would see as text: a tag, an entity or an alert marker that did not render. */
const LITERAL_MARKUP = /<\/?(br|sub|details|summary|b|code)\b|&(lt|gt|amp|quot);|\[!\w+\]/;

/** Cells of a Markdown table row: split on `|` not escaped, without the outer ones. */
const cells = (row: string) =>
    row
        .trim()
        .slice(1, -1)
        .split(/(?<!\\)\|/);

describe("scripts/screenshots.ts: the PR-comment Markdown of four cases, as HTML", function () {
    // Five offline plans (one of them at the base revision) and a scratch git repository.
    this.timeout(240_000);
    const byName = new Map<string, CommentCase>();
    const html = (name: string) => commentHtml(byName.get(name)!.markdown);

    before(async () => {
        for (const c of await commentCases()) byName.set(c.name, c);
    });

    it("builds the passing, violating, failed and against-base cases with the CLI's exit codes 0, 2, 5, 0", () => {
        assert.deepEqual(
            [...byName.values()].map((c) => [c.name, c.exitCode]),
            [
                ["good", 0],
                ["violating", 2],
                ["failed", 5],
                ["diff", 0],
            ],
        );
    });

    it("opens each with the verdict: a heading with its icon, then a caution alert when it cannot be applied", () => {
        const opening = (name: string) => html(name).split("\n").slice(0, 2).join("\n");
        assert.match(opening("good"), /^<h3>✅ rayops offline plan — <code>dev<\/code><\/h3>/);
        assert.match(opening("diff"), /^<h3>✅ /);
        assert.match(opening("violating"), /^<h3>⛔ .*\n<div class="markdown-alert markdown-alert-caution">/);
        assert.match(
            opening("failed"),
            /^<h3>❌ .*failed.*\n<div class="markdown-alert markdown-alert-caution">/,
        );
        assert.match(html("violating"), /mandatory policy violation: this change cannot be applied/);
        assert.match(html("failed"), /Nothing was checked/);
    });

    it("shows no HTML tag, entity or alert marker literally in any case", () => {
        for (const [name] of byName) assert.doesNotMatch(visibleText(html(name)), LITERAL_MARKUP, name);
    });

    it("would notice a doubly escaped placeholder, an escaped tag and an alert GitHub does not know", () => {
        for (const md of ["key.&amp;lt;pool&amp;gt;", "a &lt;br&gt; b", "> [!DANGER]\n> text"]) {
            assert.match(visibleText(commentHtml(md)), LITERAL_MARKUP, md);
        }
    });

    it("gives every table row as many cells as its header", () => {
        for (const [name, c] of byName) {
            let width = 0;
            for (const line of c.markdown.split("\n")) {
                if (!line.startsWith("|")) {
                    width = 0;
                    continue;
                }
                if (width === 0) width = cells(line).length;
                else assert.equal(cells(line).length, width, `${name}: ${line}`);
            }
        }
    });

    it("lists the violated policy as mandatory, and the changes against main as replace and update", () => {
        assert.match(
            html("violating"),
            /<td[^>]*><strong>mandatory<\/strong><\/td>\n<td[^>]*><code>stack-enforce-node-limits/,
        );
        assert.match(html("diff"), /<strong>Changes<\/strong> vs main @ [0-9a-f]{12}/);
        assert.match(html("diff"), /<td[^>]*><strong>replace<\/strong><\/td>[\s\S]*<td[^>]*>update<\/td>/);
        assert.match(html("good"), /<details><summary>Resources<\/summary>/);
    });

    it("puts the comment in a page with GitHub's stylesheet and a caption naming the case", () => {
        const page = commentPage(byName.get("good")!.markdown, "good: a passing dev plan");
        assert.match(page, /\.markdown-body \.markdown-alert/);
        assert.match(page, /<article class="markdown-body"><h3>✅/);
        assert.match(page, /<b>rayops<\/b> · good: a passing dev plan/);
    });

    it("writes by default into a folder git ignores, so no PNG is committed by accident", () => {
        const root = path.join(__dirname, "..", "..");
        const probe = path.relative(root, path.join(DEFAULT_OUT, "good.png"));
        // `git check-ignore` exits 0 when the path is ignored (and 1, which throws here, when not).
        assert.equal(
            execFileSync("git", ["check-ignore", probe], { cwd: root, encoding: "utf8" }).trim(),
            probe,
        );
    });
});
