import type { Command } from "commander";
import type { CliContext } from "../cli-support/context";
import { depsOf } from "../cli-support/deps";
import { STATE_HELP } from "../cli-support/help";
import { type OutputOptions, policyPackOption, reportOptions } from "../cli-support/output";
import { CliError } from "../exit-codes";

interface UpOpts extends OutputOptions {
    stack?: string;
    yes?: boolean;
    refresh?: boolean;
    policyPack?: string[];
    rayMaintenance?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
    const command = program
        .command("up")
        .description("Apply a stack's changes with the Pulumi engine, the policy pack enforcing as it goes")
        .option("-s, --stack <name>", "stack to update (default: the selected stack)")
        .option("-y, --yes", "apply without asking (required when stdin is not a terminal, as in CI)");
    policyPackOption(reportOptions(command))
        .option("--refresh", "refresh the state from the cloud first")
        .option(
            "--ray-maintenance",
            "allow replacing the RayCluster (its head restarts and running Ray jobs end); see docs/ray-maintenance.md",
        )
        .addHelpText(
            "after",
            `
up always previews first, with every policy pack, and stops there on a mandatory violation: stack
policies run only after all resources are known, so checking them during the update itself would
be too late. Without --yes it then asks before changing anything. A preview that would update or
replace the RayCluster stops there too, unless --ray-maintenance is given: the cluster is replaced,
never patched, so running Ray jobs end (docs/ray-maintenance.md).
${STATE_HELP}
Exit codes: 0 applied, 1 error or cancelled, 2 a mandatory policy is violated (nothing applied),
4 the stack is locked by another update, 5 the stack config is invalid.`,
        )
        .action(async (opts: UpOpts) => {
            const run = require("../cli-support/engine-run") as typeof import("../cli-support/engine-run");
            const deps = depsOf(ctx);
            if (!opts.yes && !deps.stdinIsTTY) {
                throw new CliError(
                    "up changes the stack: pass --yes to apply without asking (stdin is not a terminal); nothing was changed",
                );
            }
            const workspace = await run.openWorkspace(ctx, deps);
            const stack = await run.resolveStackName(workspace, opts.stack);
            const { region, config, warnings } = (
                require("../cli-support/stack-config") as typeof import("../cli-support/stack-config")
            ).validateStackConfig(ctx.cwd, stack);
            for (const w of warnings) ctx.stderr.write(`rayops: warning: ${w}\n`);
            const packs = run.policyPacks((await workspace.info()).policyPack, opts.policyPack, ctx.cwd);
            const common = {
                ctx,
                stack,
                region,
                policiesRun: run.packPolicyCount(),
                cost: { config },
                open: () => workspace.stack(stack),
            };

            // The engine's own `up` runs stack policies after every step is applied: a violation
            // would fail the update once the cloud has changed. So the preview decides, always.
            const preview = await run.runOperation({
                ...common,
                kind: "preview",
                operation: "preview",
                invoke: (s, handlers) =>
                    s.preview({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
            });
            // The preview is for the person about to answer: on stderr, so stdout holds only the result.
            run.renderRun(preview, { tree: opts.tree }, { ...ctx, stdout: ctx.stderr });
            run.finishRun(preview, ctx, "preview");
            if (ctx.exitCode !== 0) {
                ctx.stderr.write(`rayops: nothing was applied to stack ${stack}\n`);
                return;
            }
            const maintenance =
                require("../engine/ray-maintenance") as typeof import("../engine/ray-maintenance");
            const disrupted = maintenance.rayClusterDisruptions(preview.report);
            if (disrupted.length > 0 && !opts.rayMaintenance) {
                throw new CliError(maintenance.maintenanceRefusal(stack, disrupted));
            }
            if (disrupted.length > 0) {
                ctx.stderr.write(
                    `rayops: --ray-maintenance: the RayCluster ${disrupted.map((d) => d.name).join(", ")} is replaced; running Ray jobs end\n`,
                );
            }
            const changes = run.describeChanges(preview.report);
            if (changes === "no changes") {
                ctx.stderr.write(`rayops: stack ${stack} has no changes to apply\n`);
                return;
            }
            if (!opts.yes) {
                await run.confirmChange(deps, {
                    question: `Apply ${changes} to stack ${stack}? Type "yes" to continue: `,
                    refusal: "up needs --yes",
                });
            }

            const result = await run.runOperation({
                ...common,
                kind: "up",
                operation: "up",
                invoke: (s, handlers) => s.up({ ...handlers, policyPacks: packs, refresh: opts.refresh }),
            });
            run.renderRun(result, opts, ctx);
            run.finishRun(result, ctx, "up");
        });
}
