/**
 * `rayops workload submit|status|logs|stop`: the bursty training workload through the Ray Jobs
 * REST API of a stack's RayCluster (port-forwarded) or of any dashboard (`--address`).
 */
import type { Command } from "commander";
import type { CliContext } from "../../cli-support/context";

/** The command's one lazy boundary: its actions, and the SDKs they reach, load when it runs, never for `--help`. */
const actions = () => require("./actions") as typeof import("./actions");

function withTarget(cmd: Command): Command {
    return cmd
        .option(
            "-s, --stack <name>",
            "reach the stack's RayCluster (kubectl port-forward with the stack's kubeconfig)",
        )
        .option("--address <url>", "Ray dashboard URL, e.g. http://127.0.0.1:8265 (skips the stack lookup)");
}

export function register(program: Command, ctx: CliContext): void {
    const workload = program
        .command("workload")
        .description("Run the bursty training workload on a RayCluster through the Ray Jobs API");

    withTarget(workload.command("submit"))
        .description(
            "Package workloads/, submit bursty_training.py as a Ray job, stream its log, wait, and print the phase table",
        )
        .option("--pattern <list>", "concurrent tasks per phase, e.g. 2,5,10,8,4,2 (workload default)")
        .option("--phase-seconds <seconds>", "length of each phase")
        .option("--task-seconds <seconds>", "length of one task")
        .option("--seed <n>", "seed of the task plan and data")
        .option("--cpus-per-task <n>", "Ray num_cpus of each task")
        .option("--gpus-per-task <n>", "Ray num_gpus of each task (GPU workers scale from zero)")
        .option("--sample-seconds <seconds>", "interval of cluster resource samples")
        .option("--no-wait", "print the job id and return once the job is submitted")
        .option("--no-logs", "do not stream the job's log while waiting")
        .option("--timeout <seconds>", "stop waiting (the job keeps running) after this long", "3600")
        .option("--metrics-out <file>", "also write the job's metrics JSON to this file")
        .option("--json", "print {jobId, status, metrics} as JSON ({jobId} with --no-wait)")
        .option("--markdown", "print the phase table as Markdown (e.g. for a workflow's job summary)")
        .addHelpText(
            "after",
            "\nThe workload checks its own flags; a bad value fails the job with the workload's message.\n" +
                "Exit codes: 0 the job succeeded (or was submitted, with --no-wait), 1 it failed, was stopped or could not be run.",
        )
        .action((opts) => actions().submit(opts, ctx));

    withTarget(workload.command("status").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Show a job's status")
        .option("--json", "print Ray's job details as JSON")
        .action((id, opts) => actions().status(id, opts, ctx));

    withTarget(workload.command("logs").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Print a job's log")
        .option("-f, --follow", "keep printing new lines until the job ends; exit 1 unless it succeeded")
        .action((id, opts) => actions().logs(id, opts, ctx));

    withTarget(workload.command("stop").argument("<id>", "job submission id (raysubmit_…)"))
        .description("Stop a running job")
        .option("--json", "print {jobId, stopped} as JSON")
        .action((id, opts) => actions().stop(id, opts, ctx));
}
