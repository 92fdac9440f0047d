/** Where the repository is, whether the CLI runs from the sources or from dist/. */
import { existsSync } from "node:fs";
import * as path from "node:path";

let cached: string | undefined;

/** The directory holding Pulumi.yaml, found by walking up from this module. */
export function repoRoot(): string {
    if (cached) return cached;
    let dir = __dirname;
    while (!existsSync(path.join(dir, "Pulumi.yaml"))) {
        const up = path.dirname(dir);
        if (up === dir) throw new Error(`cannot find the rayops repository (Pulumi.yaml) above ${__dirname}`);
        dir = up;
    }
    cached = dir;
    return dir;
}
