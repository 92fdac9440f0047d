import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { STATE_HELP } from "../cli-support/help";
import type { StackOutputs } from "../workspace/types";

export const SECRET_MASK = "[secret]";

/** Output values with secrets replaced by `[secret]` unless `showSecrets`. */
export function maskOutputs(outputs: StackOutputs, showSecrets: boolean): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(outputs).map(([key, o]) => [key, o.secret && !showSecrets ? SECRET_MASK : o.value]),
    );
}

export function register(program: Command, ctx: CliContext): void {
    program
        .command("outputs")
        .description("Show a stack's outputs (secrets masked)")
        .option("-s, --stack <name>", "stack to read (default: the selected stack)")
        .option("--json", "print the outputs as a JSON object")
        .option("--show-secrets", "print secret values in clear")
        .addHelpText("after", STATE_HELP)
        .action(async (opts: { stack?: string; json?: boolean; showSecrets?: boolean }) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const workspace = await run.openWorkspace(ctx, depsOf(ctx));
            const stack = await run.resolveStackName(workspace, opts.stack);
            const outputs = await run.withWorkspaceErrors({ stack }, async () =>
                (await workspace.stack(stack)).outputs(),
            );
            const values = maskOutputs(outputs, opts.showSecrets === true);
            if (opts.json) {
                ctx.stdout.write(
                    `${JSON.stringify({ schemaVersion: 1, stack, outputs: values }, null, 2)}\n`,
                );
                return;
            }
            const keys = Object.keys(values).sort();
            if (keys.length === 0) {
                ctx.stdout.write(`stack ${stack} has no outputs\n`);
                return;
            }
            const width = Math.max(...keys.map((k) => k.length));
            for (const key of keys) {
                const v = values[key];
                ctx.stdout.write(`${key.padEnd(width)}  ${typeof v === "string" ? v : JSON.stringify(v)}\n`);
            }
        });
}
