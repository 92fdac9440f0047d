import type { CliContext } from "../../cli-support/context";
import { depsOf } from "../../cli-support/deps";
import {
    confirmChange,
    describeChanges,
    finishRun,
    openWorkspace,
    packPolicyCount,
    policyPacks,
    renderRun,
    runOperation,
} from "../../cli-support/engine-run";
import type { OutputOptions } from "../../cli-support/options";
import { chooseStack } from "../../cli-support/stack-choice";
import { validateStackConfig } from "../../cli-support/stack-config";
import { maintenanceRefusal, rayClusterDisruptions } from "../../engine/ray-maintenance";
import { CliError } from "../../exit-codes";

export interface UpOpts extends OutputOptions {
    readonly stack?: string;
    readonly yes?: boolean;
    readonly refresh?: boolean;
    readonly policyPack?: string[];
    readonly rayMaintenance?: boolean;
}

export async function up(opts: UpOpts, ctx: CliContext): Promise<void> {
    const deps = depsOf(ctx);
    if (!opts.yes && !deps.stdinIsTTY) {
        throw new CliError(
            "up changes the stack: pass --yes to apply without asking (stdin is not a terminal); nothing was changed",
        );
    }
    const stack = chooseStack(opts.stack, ctx);
    const workspace = await openWorkspace(ctx, deps);
    const { region, config, warnings } = validateStackConfig(ctx.cwd, stack);
    for (const w of warnings) ctx.stderr.write(`rayops: warning: ${w}\n`);
    const packs = policyPacks((await workspace.info()).policyPack, opts.policyPack, ctx.cwd);
    const common = {
        ctx,
        stack,
        region,
        policiesRun: packPolicyCount(),
        cost: { config },
        open: () => workspace.stack(stack),
    };

    // The engine's own `up` runs stack policies after every step is applied: a violation
    // would fail the update once the cloud has changed. So the preview decides, always.
    const preview = await runOperation({
        ...common,
        kind: "preview",
        operation: "preview",
        invoke: (s, handlers) => s.preview({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
    });
    // The preview is for the person about to answer: on stderr, so stdout holds only the result.
    renderRun(preview, { tree: opts.tree }, { ...ctx, stdout: ctx.stderr });
    finishRun(preview, ctx, "preview");
    if (ctx.exitCode !== 0) {
        ctx.stderr.write(`rayops: nothing was applied to stack ${stack}\n`);
        return;
    }
    const disrupted = rayClusterDisruptions(preview.report);
    if (disrupted.length > 0 && !opts.rayMaintenance) {
        throw new CliError(maintenanceRefusal(stack, disrupted));
    }
    if (disrupted.length > 0) {
        ctx.stderr.write(
            `rayops: --ray-maintenance: the RayCluster ${disrupted.map((d) => d.name).join(", ")} is replaced; running Ray jobs end\n`,
        );
    }
    const changes = describeChanges(preview.report);
    if (changes === "no changes") {
        ctx.stderr.write(`rayops: stack ${stack} has no changes to apply\n`);
        return;
    }
    if (!opts.yes) {
        await confirmChange(deps, {
            question: `Apply ${changes} to stack ${stack}? Type "yes" to continue: `,
            refusal: "up needs --yes",
        });
    }

    const result = await runOperation({
        ...common,
        kind: "up",
        operation: "up",
        invoke: (s, handlers) => s.up({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
    });
    renderRun(result, opts, ctx);
    finishRun(result, ctx, "up");
}
