import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import { openWorkspace, withWorkspaceErrors } from "../../cli-support/engine-run";
import { chooseStack } from "../../cli-support/stack-choice";
import { SECRET_MASK } from "../../render/report";
import type { StackOutputs } from "../../workspace/types";

export interface OutputsOpts {
    readonly stack?: string;
    readonly json?: boolean;
    readonly showSecrets?: boolean;
}

/** Output values with secrets replaced by `[secret]` unless `showSecrets`. */
export function maskOutputs(outputs: StackOutputs, showSecrets: boolean): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(outputs).map(([key, o]) => [key, o.secret && !showSecrets ? SECRET_MASK : o.value]),
    );
}

export async function outputs(opts: OutputsOpts, ctx: CliContext): Promise<void> {
    const stack = chooseStack(opts.stack, ctx);
    const workspace = await openWorkspace(ctx, depsOf(ctx));
    const stackOutputs = await withWorkspaceErrors({ stack }, async () =>
        (await workspace.stack(stack)).outputs(),
    );
    const values = maskOutputs(stackOutputs, opts.showSecrets === true);
    if (opts.json) {
        ctx.stdout.write(`${JSON.stringify({ schemaVersion: 1, stack, outputs: values }, null, 2)}\n`);
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
}
