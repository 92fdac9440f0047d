/**
 * The job's entrypoint: the workload script with the flags the user passed. The values go through
 * unchanged and the workload checks them (one set of rules, in workloads/bursty/cli.py): a bad
 * value fails the job with the workload's own message, which `submit` shows from the job's log.
 */

/** The workload flags `submit` passes through, as typed on the command line. */
export interface WorkloadFlags {
    readonly pattern?: string;
    readonly phaseSeconds?: string;
    readonly taskSeconds?: string;
    readonly seed?: string;
    readonly cpusPerTask?: string;
    readonly gpusPerTask?: string;
    readonly sampleSeconds?: string;
}

const FLAG_NAMES: Record<keyof WorkloadFlags, string> = {
    pattern: "--pattern",
    phaseSeconds: "--phase-seconds",
    taskSeconds: "--task-seconds",
    seed: "--seed",
    cpusPerTask: "--cpus-per-task",
    gpusPerTask: "--gpus-per-task",
    sampleSeconds: "--sample-seconds",
};

/**
 * `python3`, not `python`: Debian-based hosts ship only the former, and the rayproject/ray images
 * have both.
 */
export const WORKLOAD_COMMAND = ["python3", "bursty_training.py"];

/** Quotes one word for POSIX sh, which Ray runs the entrypoint with. */
export function shellQuote(word: string): string {
    if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
    return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Builds the entrypoint. Flags use `--flag=value`, so a value that starts with `-` is never read
 * as an option; `--metrics-out -` makes the workload print its metrics as the last log line,
 * which is how `submit` gets them back.
 */
export function buildEntrypoint(flags: WorkloadFlags): string {
    const words = [...WORKLOAD_COMMAND];
    for (const key of Object.keys(FLAG_NAMES) as (keyof WorkloadFlags)[]) {
        const value = flags[key];
        if (value !== undefined) words.push(`${FLAG_NAMES[key]}=${value}`);
    }
    words.push("--metrics-out", "-");
    return words.map(shellQuote).join(" ");
}
