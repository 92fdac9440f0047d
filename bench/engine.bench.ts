/**
 * The engine path, measured: `rayops preview` on the real Pulumi CLI (built by
 * scripts/pulumi-cli.sh) with the program run inline, on the engine specs' stand-in cloud, with
 * and without the policy packs (the analyzer start and the pack's TypeScript compile are most of
 * the difference), beside the type-check of the rayops program that Pulumi's local-program path
 * (`pulumi preview` with the Node.js language host) runs before every operation and the inline path
 * skips. Skipped, saying so, when no CLI is built here.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { EngineProject, FIXTURE_PACK, pulumiRoot } from "../test/engine/project";
import { timePaired } from "./timing";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const RAYOPS = path.join(__dirname, "..", "bin", "rayops.js");

export async function bench(): Promise<{ name: string; value: string; target: string; ok: boolean }[]> {
    if (pulumiRoot() === null) {
        console.log("engine bench skipped: no Pulumi CLI built (npm run pulumi:cli)");
        return [];
    }
    const project = new EngineProject();
    try {
        const env = project.env();
        const init = spawnSync(process.execPath, [RAYOPS, "stack", "init", "--stack", "dev"], {
            cwd: project.dir,
            env,
        });
        if (init.status !== 0) throw new Error(`stack init failed: ${init.stderr}`);
        // timePaired passes the bench's own environment: the project's settings go in through it.
        Object.assign(process.env, env);
        const preview = (extra: string[]) => [
            process.execPath,
            RAYOPS,
            "preview",
            "--stack",
            "dev",
            ...extra,
        ];
        const tsc = path.join(__dirname, "..", "node_modules", "typescript", "bin", "tsc");
        const [withPacks, rayopsPack, typeCheck] = timePaired(
            [
                {
                    label: "engine preview, rayops + fixture pack",
                    argv: preview(["--policy-pack", FIXTURE_PACK]),
                    cwd: project.dir,
                },
                { label: "engine preview, rayops pack", argv: preview([]), cwd: project.dir },
                {
                    // What Pulumi's local-program path adds to every run: type-checking the program.
                    label: "type-check of the program (tsc)",
                    argv: [process.execPath, tsc, "-p", path.join(__dirname, "tsconfig.program.json")],
                    cwd: path.join(__dirname, ".."),
                },
            ],
            ROUNDS,
        );
        for (const t of [withPacks, rayopsPack, typeCheck]) {
            console.log(
                `${t.label.padEnd(38)} min ${t.min.toFixed(0)} ms  median ${t.median.toFixed(0)} ms  max ${t.max.toFixed(0)} ms`,
            );
        }
        const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
        return [
            {
                name: "engine preview, inline program, 2 packs",
                value: seconds(withPacks.median),
                target: `figure (rayops pack only: ${seconds(rayopsPack.median)})`,
                ok: true,
            },
            {
                name: "program type-check the local path adds per run",
                value: seconds(typeCheck.median),
                target: "figure (the inline path skips it)",
                ok: true,
            },
        ];
    } finally {
        project.remove();
    }
}
