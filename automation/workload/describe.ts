/** Plain-text accounts of a job: its status, and why it failed. */
import type { JobDetails } from "./jobs-client";
import { lastLines } from "./metrics";

function when(ms: number | null | undefined): string | undefined {
    // Ray reports job times in milliseconds since the epoch.
    return typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : undefined;
}

/** Ray's message; its first line only, since on failure Ray appends the log tail we show anyway. */
function headlineOf(message: string | null | undefined): string | undefined {
    const first = message?.split("\n")[0]?.trim();
    return first ? first.replace(/[,:]\s*last available logs.*$/i, "") : undefined;
}

export function describeJob(d: JobDetails): string {
    const lines = [`job ${d.submission_id}: ${d.status}`, `  entrypoint: ${d.entrypoint}`];
    const started = when(d.start_time);
    const ended = when(d.end_time);
    if (started) lines.push(`  started:    ${started}`);
    if (ended) lines.push(`  ended:      ${ended}`);
    if (started && ended) lines.push(`  took:       ${((d.end_time! - d.start_time!) / 1000).toFixed(1)} s`);
    const message = headlineOf(d.message);
    if (message) lines.push(`  message:    ${message}`);
    return `${lines.join("\n")}\n`;
}

/** The error a failed or stopped job ends `submit` with: status, Ray's reason, the log's last lines. */
export function jobFailureMessage(d: JobDetails, logs: string, count: number): string {
    const reason = headlineOf(d.message);
    const tail = lastLines(logs, count);
    const head = `job ${d.submission_id} ${d.status}${reason ? `: ${reason}` : ""}`;
    if (tail.length === 0) return `${head}\n(the job wrote no log)`;
    return `${head}\nlast ${tail.length} log lines:\n${tail.map((l) => `  ${l}`).join("\n")}`;
}
