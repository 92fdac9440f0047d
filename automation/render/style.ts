/** Terminal styling that respects NO_COLOR (https://no-color.org) and non-TTY output. */

export interface Style {
    bold(s: string): string;
    dim(s: string): string;
    red(s: string): string;
    yellow(s: string): string;
    green(s: string): string;
    cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;

export function makeStyle(color: boolean): Style {
    if (!color) {
        const id = (s: string) => s;
        return { bold: id, dim: id, red: id, yellow: id, green: id, cyan: id };
    }
    return {
        bold: wrap(1, 22),
        dim: wrap(2, 22),
        red: wrap(31, 39),
        yellow: wrap(33, 39),
        green: wrap(32, 39),
        cyan: wrap(36, 39),
    };
}

/** Color only for a TTY, and never when NO_COLOR is set to anything non-empty. */
export function colorWanted(env: NodeJS.ProcessEnv, isTty: boolean | undefined): boolean {
    if (env.NO_COLOR) return false;
    if (env.FORCE_COLOR && env.FORCE_COLOR !== "0") return true;
    return !!isTty;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC by definition
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

export function stripAnsi(s: string): string {
    return s.replace(ANSI, "");
}
