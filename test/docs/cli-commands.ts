/**
 * Finds `rayops …` invocations in documentation and checks them against the real command tree
 * (`buildProgram()` of automation/cli.ts, loaded in-process: it loads no Pulumi SDK).
 */
import type { Command } from "commander";
import { buildProgram } from "../../automation/cli";
import type { CliContext } from "../../automation/cli-support/context";

export interface Invocation {
    /** The words after `rayops`, up to a shell operator or comment. */
    readonly words: readonly string[];
    readonly text: string;
    readonly line: number;
}

const SINK = { write: () => true };

/** The CLI's command tree, built with a context that writes nowhere. */
export function rayopsProgram(): Command {
    const ctx: CliContext = { env: {}, cwd: process.cwd(), stdout: SINK, stderr: SINK, exitCode: 0 };
    return buildProgram(ctx);
}

/**
 * `rayops`, `npx rayops`, `npx --no-install rayops` and `node bin/rayops.js` at the start of a
 * command (line start, or after `$`, `&&`, `||`, `|`, `;`, `(`). Shell operators and `#` end it.
 */
export function invocations(text: string, firstLine = 1): Invocation[] {
    const out: Invocation[] = [];
    text.split("\n").forEach((raw, i) => {
        const lead =
            /(?:^|\$\s|&&|\|\||[|;(])\s*(?:npx\s+(?:--no-install\s+)?rayops|node\s+bin\/rayops\.js|rayops)(?=\s|$)/g;
        for (const m of raw.matchAll(lead)) {
            const rest = raw.slice(m.index! + m[0].length);
            const cut = rest.search(/\s(?:&&|\|\||[|;>#])|[)`]/);
            const args = (cut < 0 ? rest : rest.slice(0, cut)).trim();
            const words = args === "" ? [] : args.split(/\s+/);
            out.push({ words, text: `rayops ${args}`.trim(), line: firstLine + i });
        }
    });
    return out;
}

/** What is wrong with an invocation (unknown command, subcommand or long option), or undefined. */
export function checkInvocation(program: Command, words: readonly string[]): string | undefined {
    let cmd = program;
    const path: string[] = [];
    for (let i = 0; i < words.length; i++) {
        const w = words[i]!;
        if (w.startsWith("-")) {
            const [long, inlineValue] = w.split("=", 2) as [string, string | undefined];
            if (!long.startsWith("--") || long === "--help") continue;
            const option = cmd.options.find((o) => o.long === long);
            if (!option) return `${["rayops", ...path].join(" ")} has no option ${long}`;
            // The value of `--stack dev` is not a subcommand.
            if ((option.required || option.optional) && inlineValue === undefined) i++;
            continue;
        }
        // Placeholders (`<name>`, `[options]`, `…`) and shell values stand for what the reader fills in.
        if (/^[<[{"'$…]|^\.\.\./.test(w)) continue;
        const sub = cmd.commands.find((c) => c.name() === w || c.aliases().includes(w));
        if (sub) {
            cmd = sub;
            path.push(w);
            continue;
        }
        // A word that is neither a subcommand nor after an option is an argument, which only
        // commands that declare arguments (or have no subcommands to choose from) take.
        if (cmd.commands.length > 0) {
            return `${["rayops", ...path].join(" ")} has no command "${w}"; it has: ${cmd.commands
                .map((c) => c.name())
                .filter((n) => n !== "help")
                .join(", ")}`;
        }
    }
    return undefined;
}
