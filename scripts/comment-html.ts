/**
 * Markdown to HTML close enough to how GitHub shows a comment: GitHub-flavoured Markdown (tables,
 * strikethrough, autolinks) with `marked`, GitHub's alert blocks (`> [!CAUTION]`) with
 * `marked-alert`, which emits GitHub's own `markdown-alert` markup, and GitHub's stylesheet from
 * `github-markdown-css`. Raw HTML (`<details>`, `<sub>`, `<br>`) passes through, as GitHub's
 * sanitizer lets those through. Pure: no browser, no files written.
 */
import { readFileSync } from "node:fs";
import { Marked } from "marked";
import markedAlert from "marked-alert";

/**
 * Comments on GitHub turn a single newline into a line break (files do not); the comment's
 * rendering is the one shown here.
 */
const gfm = new Marked({ gfm: true, breaks: true }).use(markedAlert());

/** The comment's body as GitHub renders it, without the page around it. */
export function commentHtml(markdown: string): string {
    return gfm.parse(markdown, { async: false });
}

/** Width of a PR comment's body on github.com at a common desktop window (px). */
const COMMENT_WIDTH = 880;

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A whole page: a caption naming the case, then the comment in a GitHub comment's frame. */
export function commentPage(markdown: string, caption: string): string {
    const css = readFileSync(require.resolve("github-markdown-css/github-markdown-light.css"), "utf8");
    return [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        `<title>${escapeHtml(caption)}</title>`,
        `<style>${css}</style>`,
        "<style>",
        "body { margin: 0; padding: 16px; background: #f6f8fa; }",
        `.comment { width: ${COMMENT_WIDTH}px; border: 1px solid #d1d9e0; border-radius: 6px; background: #fff; }`,
        ".comment-header { padding: 8px 16px; border-bottom: 1px solid #d1d9e0; background: #f6f8fa;",
        "  border-radius: 6px 6px 0 0; font: 14px -apple-system, 'Segoe UI', 'Noto Sans', Helvetica, Arial, sans-serif; color: #59636e; }",
        ".markdown-body { padding: 16px; }",
        "</style></head><body>",
        '<div class="comment">',
        `<div class="comment-header"><b>rayops</b> · ${escapeHtml(caption)}</div>`,
        `<article class="markdown-body">${commentHtml(markdown)}</article>`,
        "</div></body></html>",
    ].join("\n");
}

/**
 * The text a reader sees, roughly: tags removed, entities decoded. A tag or an entity still
 * visible in it (`<br>`, `&lt;`) is one the rendering shows literally.
 */
export function visibleText(html: string): string {
    return html
        .replace(/<!--[\s\S]*?-->/g, "")
        .replace(/<[^>]+>/g, " ")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, "&");
}
