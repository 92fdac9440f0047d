/**
 * Just enough CommonMark for the documentation checks: fenced code blocks, inline code spans,
 * links, and GitHub's heading anchors. Pure functions over a file's text.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export interface FencedBlock {
    /** The info string's first word, lower-cased ("" when none). */
    readonly lang: string;
    readonly body: string;
    /** 1-based line of the opening fence. */
    readonly line: number;
}

export interface Link {
    readonly target: string;
    readonly line: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)?.*$/;

/** The fenced code blocks of a Markdown text, in order. An unclosed fence runs to the end. */
export function fencedBlocks(text: string): FencedBlock[] {
    const lines = text.split("\n");
    const blocks: FencedBlock[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = FENCE.exec(lines[i]!);
        if (!open) continue;
        const fence = open[1]!;
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length; j++) {
            const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(lines[j]!);
            if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length) break;
            body.push(lines[j]!);
        }
        blocks.push({ lang: (open[2] ?? "").toLowerCase(), body: body.join("\n"), line: i + 1 });
        i = j;
    }
    return blocks;
}

/** The text with every fenced block's lines blanked, so line numbers stay right. */
export function withoutFencedBlocks(text: string): string {
    const lines = text.split("\n");
    for (const b of fencedBlocks(text)) {
        const count = b.body === "" ? 0 : b.body.split("\n").length;
        // The opening fence, the body and the closing fence (if there is one).
        for (let k = b.line - 1; k <= b.line + count && k < lines.length; k++) lines[k] = "";
    }
    return lines.join("\n");
}

/** Inline code spans outside fenced blocks, with their lines. */
export function inlineCode(text: string): { code: string; line: number }[] {
    const out: { code: string; line: number }[] = [];
    withoutFencedBlocks(text)
        .split("\n")
        .forEach((line, i) => {
            for (const m of line.matchAll(/(`+)([^`]|[^`].*?[^`])\1(?!`)/g)) {
                out.push({ code: m[2]!.trim(), line: i + 1 });
            }
        });
    return out;
}

/**
 * Link and image targets outside code: `[text](target "title")`, `<a href>` and reference
 * definitions `[label]: target`.
 */
export function links(text: string): Link[] {
    const out: Link[] = [];
    withoutFencedBlocks(text)
        .split("\n")
        .forEach((raw, i) => {
            const line = raw.replace(/(`+)[^`]*?\1/g, "");
            for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
                out.push({ target: m[1]!, line: i + 1 });
            }
            for (const m of line.matchAll(/<a\s[^>]*href="([^"]+)"/g))
                out.push({ target: m[1]!, line: i + 1 });
            const ref = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$/.exec(line);
            if (ref) out.push({ target: ref[1]!, line: i + 1 });
        });
    return out;
}

/**
 * The anchors GitHub gives a file's headings: lower-cased, punctuation other than `-` and `_`
 * removed, spaces turned into `-`, and `-1`, `-2` … appended to repeats.
 */
export function headingAnchors(text: string): Set<string> {
    const anchors = new Set<string>();
    const seen = new Map<string, number>();
    for (const line of withoutFencedBlocks(text).split("\n")) {
        const h = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
        if (!h) continue;
        const slug = h[1]!
            .replace(/<[^>]+>/g, "")
            .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, "")
            .replace(/\s/g, "-");
        const n = seen.get(slug) ?? 0;
        anchors.add(n === 0 ? slug : `${slug}-${n}`);
        seen.set(slug, n + 1);
    }
    for (const m of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]!);
    return anchors;
}

/** Why a relative link does not resolve, or undefined when it does. External links are not checked. */
export function brokenLink(fromFile: string, target: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined;
    const [pathPart, anchor] = target.split("#", 2) as [string, string | undefined];
    const file =
        pathPart === "" ? fromFile : path.resolve(path.dirname(fromFile), decodeURIComponent(pathPart));
    if (!fs.existsSync(file)) return `${target}: no such file`;
    if (anchor && file.endsWith(".md")) {
        const anchors = headingAnchors(fs.readFileSync(file, "utf8"));
        if (!anchors.has(anchor.toLowerCase())) return `${target}: no heading with anchor #${anchor}`;
    }
    return undefined;
}

/** README.md and every Markdown file under docs/, relative to the root. */
export function documentationFiles(root: string): string[] {
    const out = ["README.md"];
    const walk = (dir: string) => {
        for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
            const rel = path.join(dir, e.name);
            if (e.isDirectory()) walk(rel);
            else if (e.name.endsWith(".md")) out.push(rel);
        }
    };
    walk("docs");
    return out.filter((f) => fs.existsSync(path.join(root, f))).sort();
}
