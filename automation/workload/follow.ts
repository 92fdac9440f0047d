/**
 * Waits for a job to end while passing on its new log lines. Polls the status and the whole log
 * (the REST alternative, `/logs/tail`, is a WebSocket, which Node 20 has only behind a flag); a
 * workload's log is hundreds of kilobytes at most, so re-reading it once a second costs little.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CliError } from "../exit-codes";
import { isTerminal, type JobDetails, type RayJobsClient } from "./jobs-client";

export interface FollowOptions {
    /** Receives each complete new log line, in order; leave out to skip reading logs until the end. */
    readonly onLine?: (line: string) => void;
    /** @default 1000 */
    readonly pollMs?: number;
    /** Gives up (the job keeps running) after this long. @default no limit */
    readonly timeoutMs?: number;
}

export interface FinishedJob {
    readonly details: JobDetails;
    /** The complete log, read after the job ended. */
    readonly logs: string;
}

/** Splits what is new since `printed` characters into whole lines, keeping a partial last line back. */
export function newLines(
    logs: string,
    printed: number,
    final: boolean,
): { lines: string[]; printed: number } {
    const fresh = logs.slice(printed);
    const end = final ? fresh.length : fresh.lastIndexOf("\n") + 1;
    const lines = fresh.slice(0, end).split("\n");
    if (lines[lines.length - 1] === "") lines.pop();
    return { lines, printed: printed + end };
}

export async function followJob(
    client: RayJobsClient,
    id: string,
    opts: FollowOptions = {},
): Promise<FinishedJob> {
    const pollMs = opts.pollMs ?? 1000;
    const deadline = opts.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + opts.timeoutMs;
    let printed = 0;
    const pass = (logs: string, final: boolean) => {
        if (!opts.onLine) return;
        const next = newLines(logs, printed, final);
        printed = next.printed;
        next.lines.forEach(opts.onLine);
    };
    for (;;) {
        const details = await client.getJob(id);
        if (isTerminal(details.status)) {
            const logs = await client.getLogs(id);
            pass(logs, true);
            return { details, logs };
        }
        if (opts.onLine) pass(await client.getLogs(id), false);
        if (Date.now() + pollMs > deadline) {
            throw new CliError(
                `job ${id} is still ${details.status} after ${Math.round((opts.timeoutMs ?? 0) / 1000)} s; ` +
                    `it keeps running: follow it with \`rayops workload logs ${id} --follow\` ` +
                    `or end it with \`rayops workload stop ${id}\``,
            );
        }
        await sleep(pollMs);
    }
}
