/** Whole-process timing: runs commands alternately (paired) and reports min/median/max in ms. */
import { spawnSync } from "node:child_process";

export interface Timing {
    readonly label: string;
    readonly runs: number[];
    readonly min: number;
    readonly median: number;
    readonly max: number;
}

function summarise(label: string, runs: number[]): Timing {
    const sorted = [...runs].sort((a, b) => a - b);
    return {
        label,
        runs,
        min: sorted[0],
        median: sorted[Math.floor(sorted.length / 2)],
        max: sorted.at(-1)!,
    };
}

/** Times each command `rounds` times, interleaved so load changes hit all of them alike. */
export function timePaired(
    commands: ReadonlyArray<{
        label: string;
        argv: string[];
        cwd: string;
        okCodes?: number[];
        env?: Readonly<Record<string, string>>;
    }>,
    rounds: number,
): Timing[] {
    const runs = commands.map(() => [] as number[]);
    for (let r = 0; r < rounds + 1; r++) {
        commands.forEach((c, i) => {
            const start = process.hrtime.bigint();
            const res = spawnSync(c.argv[0], c.argv.slice(1), {
                cwd: c.cwd,
                stdio: "ignore",
                env: { ...process.env, NO_COLOR: "1", ...c.env },
            });
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            if (!(c.okCodes ?? [0]).includes(res.status ?? -1)) {
                throw new Error(`${c.label}: exited ${res.status} (${c.argv.join(" ")})`);
            }
            // round 0 warms caches (the OS page cache, Node's compile cache where a command keeps one)
            if (r > 0) runs[i].push(ms);
        });
    }
    return commands.map((c, i) => summarise(c.label, runs[i]));
}
