/**
 * Writes a stack selection where the Pulumi CLI keeps it, so specs of commands run without
 * `--stack` see a selection as `pulumi stack select` leaves one. Written here from the CLI's
 * source (pulumi/pulumi pkg/v3 v3.248.0, pkg/workspace/workspace.go `settingsPath`, read
 * 2026-12-02), not from the code under test; test/engine/stack.spec.ts checks the real CLI writes
 * the same file.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** `<pulumiHome>/workspaces/<project>-<sha1 of <projectDir>/Pulumi.yaml>-workspace.json`. */
export function selectionFile(pulumiHome: string, projectDir: string): string {
    const project = /^name:\s*["']?([\w.-]+)/m.exec(
        readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"),
    )?.[1];
    if (!project) throw new Error(`no project name in ${projectDir}/Pulumi.yaml`);
    const digest = createHash("sha1")
        .update(path.join(path.resolve(projectDir), "Pulumi.yaml"))
        .digest("hex");
    return path.join(pulumiHome, "workspaces", `${project}-${digest}-workspace.json`);
}

/** Selects `stack` for the project in `projectDir`, in the Pulumi home `pulumiHome`. */
export function writeSelection(pulumiHome: string, projectDir: string, stack: string): string {
    const file = selectionFile(pulumiHome, projectDir);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ stack }, null, 4)}`);
    return file;
}
