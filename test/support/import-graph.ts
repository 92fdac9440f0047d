/**
 * The repository's import graph, read with the TypeScript parser: every `import`, `export … from`,
 * `require("…")` and `import("…")` (type positions included), so a type-only import counts as
 * an edge as much as a runtime one. The architecture spec checks its rules against it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

export interface ImportEdge {
    /** Repository-relative importing file. */
    readonly from: string;
    /** The specifier as written. */
    readonly specifier: string;
    /** Repository-relative resolved file, for relative specifiers that resolve; else undefined. */
    readonly to?: string;
    /** `export … from` rather than an import. */
    readonly reExport: boolean;
}

/** Every `.ts` file under `dir` (repository-relative), skipping node_modules and dist. */
export function tsFilesUnder(root: string, dir: string): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
        for (const name of readdirSync(path.join(root, rel))) {
            if (name === "node_modules" || name === "dist") continue;
            const child = path.posix.join(rel, name);
            if (statSync(path.join(root, child)).isDirectory()) walk(child);
            else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) out.push(child);
        }
    };
    walk(dir);
    return out.sort();
}

function resolveRelative(root: string, from: string, specifier: string): string | undefined {
    if (!specifier.startsWith(".")) return undefined;
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
        try {
            if (statSync(path.join(root, candidate)).isFile()) return candidate;
        } catch {
            // not this candidate
        }
    }
    return undefined;
}

/** The import edges of one file, parsed from `text` (repository-relative `file`). */
export function importsOf(root: string, file: string, text: string): ImportEdge[] {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const edges: ImportEdge[] = [];
    const add = (specifier: string, reExport: boolean) =>
        edges.push({ from: file, specifier, to: resolveRelative(root, file, specifier), reExport });
    // `import { a } from "./x"; export { a };` re-exports as surely as `export { a } from "./x"`.
    const importedFrom = new Map<string, string>();
    for (const statement of source.statements) {
        if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
        const clause = statement.importClause;
        const specifier = statement.moduleSpecifier.text;
        if (clause?.name) importedFrom.set(clause.name.text, specifier);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
            for (const element of bindings.elements) importedFrom.set(element.name.text, specifier);
        } else if (bindings && ts.isNamespaceImport(bindings)) {
            importedFrom.set(bindings.name.text, specifier);
        }
    }
    const visit = (node: ts.Node) => {
        if (ts.isExportDeclaration(node) && !node.moduleSpecifier && node.exportClause) {
            if (ts.isNamedExports(node.exportClause)) {
                for (const element of node.exportClause.elements) {
                    const local = (element.propertyName ?? element.name).text;
                    const specifier = importedFrom.get(local);
                    if (specifier !== undefined) add(specifier, true);
                }
            }
        } else if (
            (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
            node.moduleSpecifier &&
            ts.isStringLiteral(node.moduleSpecifier)
        ) {
            add(node.moduleSpecifier.text, ts.isExportDeclaration(node));
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            add(node.moduleReference.expression.text, false);
        } else if (
            ts.isCallExpression(node) &&
            (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
                (ts.isIdentifier(node.expression) && node.expression.text === "require")) &&
            node.arguments.length === 1 &&
            ts.isStringLiteral(node.arguments[0]!)
        ) {
            add((node.arguments[0] as ts.StringLiteral).text, false);
        } else if (
            ts.isImportTypeNode(node) &&
            ts.isLiteralTypeNode(node.argument) &&
            ts.isStringLiteral(node.argument.literal)
        ) {
            add(node.argument.literal.text, false);
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return edges;
}

/** The import edges of every file under the given folders. */
export function importGraph(root: string, dirs: readonly string[]): ImportEdge[] {
    return dirs.flatMap((dir) =>
        tsFilesUnder(root, dir).flatMap((file) =>
            importsOf(root, file, readFileSync(path.join(root, file), "utf8")),
        ),
    );
}

/** Each cycle among the files of `edges` (as a file list, first file repeated at the end), once. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
    const next = new Map<string, Set<string>>();
    for (const e of edges) {
        if (!e.to) continue;
        if (!next.has(e.from)) next.set(e.from, new Set());
        next.get(e.from)!.add(e.to);
    }
    // Tarjan's strongly connected components; each component of more than one file (or a file
    // importing itself) is a cycle, reported through one path that closes it.
    let index = 0;
    const indices = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const components: string[][] = [];
    const strong = (v: string) => {
        indices.set(v, index);
        low.set(v, index);
        index++;
        stack.push(v);
        onStack.add(v);
        for (const w of next.get(v) ?? []) {
            if (!indices.has(w)) {
                strong(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, indices.get(w)!));
            }
        }
        if (low.get(v) === indices.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1 || next.get(v)?.has(v)) components.push(component.sort());
        }
    };
    for (const v of [...next.keys()].sort()) if (!indices.has(v)) strong(v);
    return components.map((component) => closePath(component, next));
}

/** A path from the component's first file back to itself, through files of the component only. */
function closePath(component: string[], next: Map<string, Set<string>>): string[] {
    const members = new Set(component);
    const start = component[0]!;
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
        const v = queue.shift()!;
        for (const w of next.get(v) ?? []) {
            if (!members.has(w)) continue;
            if (w === start) {
                const pathBack = [start];
                for (
                    let at: string | undefined = v;
                    at !== undefined && at !== start;
                    at = previous.get(at)
                ) {
                    pathBack.unshift(at);
                }
                return [start, ...pathBack];
            }
            if (!previous.has(w)) {
                previous.set(w, v);
                queue.push(w);
            }
        }
    }
    return [...component, start];
}
