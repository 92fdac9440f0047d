/**
 * A structural check of Mermaid diagrams, written here because no Mermaid parser runs offline in
 * Node with the packages this project installs (`mermaid.parse` needs a DOM; `@mermaid-js/parser`
 * covers neither flowcharts nor sequence diagrams). It is not Mermaid's grammar: it accepts the
 * two diagram types the docs use, line by line, and rejects what breaks GitHub's renderer in
 * practice. The rules follow Mermaid's own lexers (packages/mermaid/src/diagrams/flowchart/parser/
 * flow.jison and sequence/parser/sequenceDiagram.jison, read 2026-11-25):
 *
 * - the first line names the diagram type (`flowchart`/`graph` with a direction, `sequenceDiagram`);
 * - flowcharts: every statement is nodes joined by well-formed edges (`-->`, `---`, `-.->`, `==>`,
 *   `--o`, `--x`, `<-->`, with `|label|` or `-- label -->`), node shapes close with their own
 *   bracket, unquoted labels hold no brackets, quotes, `|` or `;`, `subgraph`/`end` balance, and
 *   no node is called `end`;
 * - sequence diagrams: every line is a known statement; message and block texts hold no `;` or
 *   `#` (the lexer ends the text there) except entity codes such as `#59;`; blocks balance, with
 *   `else` only in `alt`, `and` only in `par`, `option` only in `critical`; no participant id
 *   starts with a keyword (the lexer tries keywords first, so `Endpoint` reads as `end`); and, as a
 *   house rule stricter than Mermaid, every participant is declared before it is used;
 * - xy charts (`xychart-beta`, optionally `horizontal`/`vertical`; xychart/parser/xychart.jison of
 *   mermaid 11.17.2, the version installed, read 2026-12-02): every line is `title`, `x-axis`
 *   (a title, then a band of quoted categories or `min --> max`), `y-axis` (a title, then
 *   optionally `min --> max`), `bar` or `line` (an optional title, then a list of numbers),
 *   `accTitle:` or `accDescr:`; strings are double-quoted and closed; a range runs from a lower
 *   to a higher number; and, stricter than Mermaid, the chart has a series and every series has
 *   one value per category of a band x-axis (Mermaid draws a short series without a word).
 */

export interface MermaidProblem {
    /** 1-based line within the diagram. */
    readonly line: number;
    readonly message: string;
}

const DIRECTIONS = new Set(["TB", "TD", "BT", "RL", "LR"]);

export function lintMermaid(source: string): MermaidProblem[] {
    const lines = source.split("\n");
    const first = lines.findIndex((l) => l.trim() !== "" && !l.trim().startsWith("%%"));
    if (first < 0) return [{ line: 1, message: "empty diagram" }];
    const header = lines[first]!.trim().split(/\s+/);
    const kind = header[0]!;
    if (kind === "flowchart" || kind === "graph") {
        const dir = header[1];
        if (dir !== undefined && !DIRECTIONS.has(dir)) {
            return [{ line: first + 1, message: `unknown direction "${dir}"; allowed: TB, TD, BT, RL, LR` }];
        }
        return lintFlowchart(lines, first + 1);
    }
    if (kind === "sequenceDiagram") return lintSequence(lines, first + 1);
    if (kind === "xychart-beta") {
        const orientation = header[1];
        if (orientation !== undefined && orientation !== "horizontal" && orientation !== "vertical") {
            return [
                {
                    line: first + 1,
                    message: `unknown orientation "${orientation}"; allowed: horizontal, vertical`,
                },
            ];
        }
        return lintXychart(lines, first + 1);
    }
    return [
        {
            line: first + 1,
            message: `diagram type "${kind}" is not checked here; use flowchart, sequenceDiagram or xychart-beta, or extend test/docs/mermaid-lint.ts`,
        },
    ];
}

// ---------------------------------------------------------------- flowchart

/** Shape openers and their closers, longest first so `((` wins over `(`. */
const SHAPES: readonly (readonly [string, string])[] = [
    ["(((", ")))"],
    ["((", "))"],
    ["([", "])"],
    ["[[", "]]"],
    ["[(", ")]"],
    ["{{", "}}"],
    ["[/", "/]"],
    ["[\\", "\\]"],
    ["(", ")"],
    ["[", "]"],
    ["{", "}"],
    [">", "]"],
];

const ID = /^[A-Za-z0-9_][\w]*/;
/** An edge without text: optional head on the left, a shaft, optional head on the right. */
const EDGE = /^(?:<|o|x)?(?:-{2,}|={2,}|-\.+-)(?:>|o|x)?/;
/** An edge with its text inside the shaft: `-- text -->`, `== text ==>`, `-. text .->`. */
const TEXT_EDGE = /^(?:<)?(?:--|==|-\.)\s+[^|]+?\s+(?:-{2,}>|={2,}>|\.+->|-{3,}|={3,}|-{2,}[ox]|\.+-)/;

function lintFlowchart(lines: readonly string[], start: number): MermaidProblem[] {
    const problems: MermaidProblem[] = [];
    let depth = 0;
    for (let i = start; i < lines.length; i++) {
        const line = i + 1;
        const text = lines[i]!.trim().replace(/;\s*$/, "");
        if (text === "" || text.startsWith("%%")) continue;
        const word = text.split(/\s+/)[0]!;
        if (word === "subgraph") {
            depth++;
            const rest = text.slice("subgraph".length).trim();
            if (rest === "") problems.push({ line, message: "subgraph without an id or title" });
            else if (/^\w+\s*\[/.test(rest)) problems.push(...nodeProblems(rest, line, true));
            continue;
        }
        if (text === "end") {
            if (depth === 0) problems.push({ line, message: "`end` without a `subgraph`" });
            depth = Math.max(0, depth - 1);
            continue;
        }
        if (word === "direction") {
            if (!DIRECTIONS.has(text.split(/\s+/)[1] ?? ""))
                problems.push({ line, message: `bad direction: ${text}` });
            continue;
        }
        if (["classDef", "class", "style", "linkStyle", "click"].includes(word)) continue;
        problems.push(...chainProblems(text, line));
    }
    if (depth > 0)
        problems.push({ line: lines.length, message: `${depth} subgraph(s) not closed with \`end\`` });
    return problems;
}

/** A node reference at the start of `s`: id, optional shape, optional `:::class`. */
function readNode(s: string, line: number, problems: MermaidProblem[]): number | undefined {
    const id = ID.exec(s);
    if (!id) return undefined;
    if (id[0] === "end")
        problems.push({ line, message: "a node called `end` breaks Mermaid flowcharts; rename it" });
    let pos = id[0].length;
    const shape = SHAPES.find(([open]) => s.startsWith(open, pos));
    if (shape) {
        const [open, close] = shape;
        const bodyStart = pos + open.length;
        const end = findClose(s, bodyStart, close);
        if (end < 0) {
            problems.push({ line, message: `node ${id[0]}: "${open}" is not closed by "${close}"` });
            return s.length;
        }
        const label = s.slice(bodyStart, end);
        const unquoted = label.trim().startsWith('"') ? "" : label;
        if (label.trim().startsWith('"') && !/^\s*"[^"]*"\s*$/.test(label)) {
            problems.push({ line, message: `node ${id[0]}: text after the quoted label` });
        }
        if (/[[\](){}"|;]/.test(unquoted)) {
            problems.push({
                line,
                message: `node ${id[0]}: unquoted label "${label}" holds one of []{}()"|; — quote it: ${id[0]}${open}"…"${close}`,
            });
        }
        pos = end + close.length;
    }
    const cls = /^:::[\w-]+/.exec(s.slice(pos));
    if (cls) pos += cls[0].length;
    return pos;
}

/** Index of `close` after `from`, skipping a quoted label. */
function findClose(s: string, from: number, close: string): number {
    let i = from;
    while (i < s.length && s[i] === " ") i++;
    if (s[i] === '"') {
        const q = s.indexOf('"', i + 1);
        if (q < 0) return -1;
        return s.indexOf(close, q + 1);
    }
    return s.indexOf(close, from);
}

function nodeProblems(s: string, line: number, subgraphTitle: boolean): MermaidProblem[] {
    const problems: MermaidProblem[] = [];
    const end = readNode(s, line, problems);
    if (end === undefined || (!subgraphTitle && s.slice(end).trim() !== "")) {
        problems.push({ line, message: `cannot read "${s}" as a node` });
    }
    return problems;
}

/** `a & b --> c -- text --> d`: node groups joined by edges. */
function chainProblems(text: string, line: number): MermaidProblem[] {
    const problems: MermaidProblem[] = [];
    let s = text;
    const fail = (what: string) => {
        problems.push({ line, message: `${what} at "${s.slice(0, 40)}" in: ${text}` });
        return problems;
    };
    for (;;) {
        // One node group: node (& node)*
        for (;;) {
            const end = readNode(s, line, problems);
            if (end === undefined) return fail("expected a node id");
            s = s.slice(end).trimStart();
            if (!s.startsWith("&")) break;
            s = s.slice(1).trimStart();
        }
        if (s === "") return problems;
        const edge = TEXT_EDGE.exec(s) ?? EDGE.exec(s);
        if (!edge) return fail("expected an edge such as --> or ---");
        s = s.slice(edge[0].length);
        if (s.startsWith("|")) {
            const close = s.indexOf("|", 1);
            if (close < 0) return fail("edge label not closed with |");
            const label = s.slice(1, close);
            if (/[;]/.test(label.replace(/"[^"]*"/g, ""))) return fail("`;` in an unquoted edge label");
            s = s.slice(close + 1);
        }
        s = s.trimStart();
        if (s === "") return fail("edge without a target node");
    }
}

// ---------------------------------------------------------------- sequenceDiagram

const ACTOR = String.raw`[^\s+>:,;-](?:[^+>:,;\n-]|-(?!-?[>x)]))*?`;
const ARROW = String.raw`(?:<<-->>|<<->>|-->>|->>|-->|->|--x|-x|--\)|-\))`;
const MESSAGE = new RegExp(String.raw`^(${ACTOR})\s*${ARROW}\s*[+-]?\s*(${ACTOR})\s*:(.*)$`);
const DECLARE = new RegExp(String.raw`^(?:create\s+)?(?:participant|actor)\s+(${ACTOR})(?:\s+as\s+(.+))?$`);
const NOTE = new RegExp(
    String.raw`^note\s+(?:left of|right of|over)\s+(${ACTOR})(?:\s*,\s*(${ACTOR}))?\s*:(.*)$`,
    "i",
);
const BLOCKS = new Set(["loop", "opt", "alt", "par", "par_over", "critical", "break", "rect", "box"]);
const SECTIONS: Readonly<Record<string, string>> = { else: "alt", and: "par", option: "critical" };
/** Keywords the sequence lexer matches before it tries an actor id, case-insensitively, as prefixes. */
const KEYWORD_PREFIX =
    /^(box|participant|actor|create|destroy|loop|rect|opt|alt|else|par|and|critical|option|break|end|links?|properties|details|over|note|activate|deactivate|title|autonumber|off|left of|right of)/i;

/** Problems with a text the sequence lexer ends early: `;` and `#`, except entity codes (`#59;`). */
function textProblems(text: string, line: number): MermaidProblem[] {
    const bare = text.replace(/#\w+;/g, "");
    const bad = /[;#]/.exec(bare);
    return bad
        ? [
              {
                  line,
                  message: `"${bad[0]}" ends the text early in a sequence diagram (write #59; or #35;, or rephrase): ${text.trim()}`,
              },
          ]
        : [];
}

function lintSequence(lines: readonly string[], start: number): MermaidProblem[] {
    const problems: MermaidProblem[] = [];
    const declared = new Set<string>();
    const stack: string[] = [];
    const use = (name: string, line: number) => {
        const n = name.trim();
        if (!declared.has(n)) {
            problems.push({
                line,
                message: `participant "${n}" is used before a participant/actor line declares it`,
            });
        }
    };
    for (let i = start; i < lines.length; i++) {
        const line = i + 1;
        const text = lines[i]!.trim();
        if (text === "" || text.startsWith("%%")) continue;
        const word = text.split(/\s+/)[0]!;
        const declaration = DECLARE.exec(text);
        if (declaration) {
            const id = declaration[1]!.trim();
            declared.add(id);
            const keyword = KEYWORD_PREFIX.exec(id);
            if (keyword) {
                problems.push({
                    line,
                    message: `participant id "${id}" starts with the keyword "${keyword[1]}"; pick another id (keep the label with "as")`,
                });
            }
            if (declaration[2]) problems.push(...textProblems(declaration[2], line));
            continue;
        }
        if (/^autonumber(\s+(\d+(\s+\d+)?|off))?$/.test(text)) continue;
        if (/^(title|accTitle|accDescr)\b/.test(text)) continue;
        if (word === "activate" || word === "deactivate" || word === "destroy") {
            use(text.slice(word.length), line);
            continue;
        }
        if (BLOCKS.has(word)) {
            stack.push(word);
            problems.push(...textProblems(text.slice(word.length), line));
            continue;
        }
        if (word in SECTIONS) {
            if (stack.at(-1) !== SECTIONS[word]) {
                problems.push({ line, message: `"${word}" outside an "${SECTIONS[word]}" block` });
            }
            problems.push(...textProblems(text.slice(word.length), line));
            continue;
        }
        if (text === "end") {
            if (stack.length === 0) problems.push({ line, message: "`end` without an open block" });
            stack.pop();
            continue;
        }
        const note = NOTE.exec(text);
        if (note) {
            use(note[1]!, line);
            if (note[2]) use(note[2], line);
            problems.push(...textProblems(note[3]!, line));
            continue;
        }
        const message = MESSAGE.exec(text);
        if (message) {
            use(message[1]!, line);
            use(message[2]!, line);
            problems.push(...textProblems(message[3]!, line));
            continue;
        }
        problems.push({ line, message: `not a sequence diagram statement: ${text}` });
    }
    if (stack.length > 0) {
        problems.push({
            line: lines.length,
            message: `block(s) not closed with \`end\`: ${stack.join(", ")}`,
        });
    }
    return problems;
}

// ---------------------------------------------------------------- xychart-beta

/** A double-quoted string, or one unquoted word (Mermaid's `text`), optionally leading a line's rest. */
const XY_TEXT = /^(?:"([^"]*)"|([^\s"[\]]+))\s*/;
const XY_NUMBER = String.raw`[+-]?(?:\d+(?:\.\d+)?|\.\d+)`;
const XY_RANGE = new RegExp(String.raw`^(${XY_NUMBER})\s*-->\s*(${XY_NUMBER})$`);
const XY_NUMBERS = new RegExp(String.raw`^\[\s*${XY_NUMBER}(?:\s*,\s*${XY_NUMBER})*\s*\]$`);
const XY_BAND = /^\[\s*"[^"]*"(?:\s*,\s*"[^"]*")*\s*\]$/;

function lintXychart(lines: readonly string[], start: number): MermaidProblem[] {
    const problems: MermaidProblem[] = [];
    let categories: number | undefined;
    const series: { readonly line: number; readonly name: string; readonly values: number }[] = [];
    const range = (text: string, line: number, axis: string) => {
        const m = XY_RANGE.exec(text);
        if (!m) {
            problems.push({
                line,
                message: `${axis}: expected "<min> --> <max>" after the title, got: ${text}`,
            });
            return;
        }
        if (!(Number(m[1]) < Number(m[2]))) {
            problems.push({
                line,
                message: `${axis}: the range ${m[1]} --> ${m[2]} does not run from low to high`,
            });
        }
    };
    /** The line's rest after an optional title; undefined (and a problem) for an unclosed quote. */
    const afterTitle = (rest: string, line: number): string | undefined => {
        if (rest.startsWith('"') && !/^"[^"]*"/.test(rest)) {
            problems.push({ line, message: "a string is not closed with a double quote" });
            return undefined;
        }
        if (rest.startsWith("[") || /^[+-]?[\d.]/.test(rest) || rest === "") return rest;
        const m = XY_TEXT.exec(rest);
        return m ? rest.slice(m[0].length) : rest;
    };
    for (let i = start; i < lines.length; i++) {
        const line = i + 1;
        const text = lines[i]!.trim();
        if (text === "" || text.startsWith("%%")) continue;
        if (/^acc(?:Title|Descr)\s*:/.test(text)) continue;
        const word = /^(title|x-axis|y-axis|bar|line)(?:\s+|$)/.exec(text);
        if (!word) {
            problems.push({ line, message: `not an xychart statement: ${text}` });
            continue;
        }
        const rest = text.slice(word[0].length);
        if (word[1] === "title") {
            if (rest === "") problems.push({ line, message: "title: no text" });
            else if (rest.startsWith('"') && !/^"[^"]*"$/.test(rest)) {
                problems.push({ line, message: "title: the string is not closed with a double quote" });
            }
            continue;
        }
        const data = afterTitle(rest, line);
        if (data === undefined) continue;
        if (word[1] === "x-axis") {
            if (data === "") continue;
            if (data.startsWith("[")) {
                if (!XY_BAND.test(data)) {
                    problems.push({
                        line,
                        message: `x-axis: a band lists double-quoted categories, got: ${data}`,
                    });
                } else {
                    categories = (data.match(/"[^"]*"/g) ?? []).length;
                }
            } else range(data, line, "x-axis");
            continue;
        }
        if (word[1] === "y-axis") {
            if (data !== "") range(data, line, "y-axis");
            continue;
        }
        if (!XY_NUMBERS.test(data)) {
            problems.push({
                line,
                message: `${word[1]}: expected a list of numbers such as [1, 2.5, 3], got: ${data}`,
            });
            continue;
        }
        series.push({ line, name: word[1]!, values: data.split(",").length });
    }
    if (series.length === 0) {
        problems.push({ line: lines.length, message: "the chart has no bar or line series" });
    }
    if (categories !== undefined) {
        for (const s of series) {
            if (s.values !== categories) {
                problems.push({
                    line: s.line,
                    message: `${s.name}: ${s.values} values for the x-axis's ${categories} categories`,
                });
            }
        }
    }
    return problems;
}
