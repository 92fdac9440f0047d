/**
 * A client of the Ray Jobs REST API, served by the Ray dashboard (port 8265 by default). Routes
 * and payloads as served by Ray 2.60.0 (ray/dashboard/modules/job/job_head.py and common.py, read
 * 2026-11-25; documented at https://docs.ray.io/en/latest/cluster/running-applications/job-submission/rest.html).
 */
import { CliError } from "../exit-codes";
import { type RayToken, TOKEN_SOURCES_HELP } from "./auth";
import { type HttpAnswer, httpExchange } from "./http";
import type { WorkingDirPackage } from "./package";

export const TERMINAL_STATUSES = ["SUCCEEDED", "FAILED", "STOPPED"] as const;
export type JobStatus = "PENDING" | "RUNNING" | (typeof TERMINAL_STATUSES)[number];

/** The fields of Ray's JobDetails that rayops reads. */
export interface JobDetails {
    readonly submission_id: string;
    readonly status: JobStatus;
    readonly entrypoint: string;
    readonly message?: string | null;
    readonly error_type?: string | null;
    readonly start_time?: number | null;
    readonly end_time?: number | null;
    readonly driver_exit_code?: number | null;
    readonly metadata?: Record<string, string> | null;
}

export interface SubmitRequest {
    readonly entrypoint: string;
    readonly runtimeEnv: Record<string, unknown>;
    readonly metadata?: Record<string, string>;
}

export interface RayJobsClientOptions {
    readonly token?: RayToken;
    /** Per request; uploads get four times as long. @default 30_000 */
    readonly requestTimeoutMs?: number;
}

export function isTerminal(status: JobStatus): boolean {
    return (TERMINAL_STATUSES as readonly string[]).includes(status);
}

export class RayJobsClient {
    private readonly timeoutMs: number;

    constructor(
        readonly baseUrl: string,
        private readonly options: RayJobsClientOptions = {},
    ) {
        this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    }

    /** Ray's version, and the proof that the dashboard answers. */
    async version(): Promise<{ ray_version: string }> {
        return (await this.json("GET", "/api/version")) as { ray_version: string };
    }

    /** Uploads the package unless the cluster already holds it; says which happened. */
    async ensurePackage(pkg: WorkingDirPackage): Promise<"present" | "uploaded"> {
        const route = `/api/packages/gcs/${pkg.name}`;
        // GET also pins the package for a while, so Ray keeps it until the job that uses it starts.
        const probe = await this.request("GET", route);
        if (probe.status === 200) return "present";
        if (probe.status !== 404) throw this.failure("GET", route, probe);
        const put = await this.request("PUT", route, pkg.bytes, this.timeoutMs * 4);
        if (put.status !== 200) throw this.failure("PUT", route, put);
        return "uploaded";
    }

    /** Submits a job and returns its submission id (`raysubmit_…`). */
    async submitJob(req: SubmitRequest): Promise<string> {
        const body = {
            entrypoint: req.entrypoint,
            runtime_env: req.runtimeEnv,
            metadata: req.metadata ?? {},
        };
        const answer = (await this.json("POST", "/api/jobs/", body)) as { submission_id?: unknown };
        if (typeof answer.submission_id !== "string") {
            throw new CliError(
                `Ray Jobs API at ${this.baseUrl}: POST /api/jobs/ answered without a submission_id`,
            );
        }
        return answer.submission_id;
    }

    async getJob(id: string): Promise<JobDetails> {
        const details = (await this.json(
            "GET",
            `/api/jobs/${encodeURIComponent(id)}`,
            undefined,
            id,
        )) as JobDetails;
        if (typeof details.status !== "string") {
            throw new CliError(`Ray Jobs API at ${this.baseUrl}: job ${id} has no status in its details`);
        }
        return details;
    }

    /** The job's whole log so far (driver stdout and stderr). */
    async getLogs(id: string): Promise<string> {
        const answer = (await this.json(
            "GET",
            `/api/jobs/${encodeURIComponent(id)}/logs`,
            undefined,
            id,
        )) as {
            logs?: unknown;
        };
        return typeof answer.logs === "string" ? answer.logs : "";
    }

    /** Asks Ray to stop the job; false when it had already ended. */
    async stopJob(id: string): Promise<boolean> {
        const answer = (await this.json(
            "POST",
            `/api/jobs/${encodeURIComponent(id)}/stop`,
            undefined,
            id,
        )) as {
            stopped?: unknown;
        };
        return answer.stopped === true;
    }

    private async json(method: string, route: string, body?: unknown, jobId?: string): Promise<unknown> {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
        const res = await this.request(
            method,
            route,
            payload,
            this.timeoutMs,
            payload ? "application/json" : undefined,
        );
        if (res.status === 404 && jobId !== undefined) {
            throw new CliError(`job ${jobId} not found at ${this.baseUrl}`);
        }
        if (res.status < 200 || res.status > 299) throw this.failure(method, route, res);
        try {
            return JSON.parse(res.body);
        } catch {
            throw new CliError(
                `Ray Jobs API at ${this.baseUrl}: ${method} ${route} answered non-JSON: ${clip(res.body)}`,
            );
        }
    }

    private async request(
        method: string,
        route: string,
        body?: Buffer,
        timeoutMs = this.timeoutMs,
        contentType?: string,
    ): Promise<HttpAnswer> {
        const headers: Record<string, string> = {};
        if (contentType) headers["content-type"] = contentType;
        if (this.options.token) headers.authorization = `Bearer ${this.options.token.token}`;
        try {
            return await httpExchange(`${this.baseUrl}${route}`, { method, headers, body, timeoutMs });
        } catch (err) {
            throw new CliError(
                `cannot reach the Ray dashboard at ${this.baseUrl} (${method} ${route}): ${reason(err)}`,
            );
        }
    }

    private failure(method: string, route: string, res: HttpAnswer): CliError {
        const text = res.body;
        if (res.status === 401 || res.status === 403) {
            const sent = this.options.token
                ? `the token from ${this.options.token.source} was refused`
                : `no token was found in ${TOKEN_SOURCES_HELP}`;
            return new CliError(
                `the Ray dashboard at ${this.baseUrl} requires token authentication (${res.status}) and ${sent}; ` +
                    "set RAY_AUTH_TOKEN to the cluster's token (`ray get-auth-token` prints it)",
            );
        }
        return new CliError(
            `Ray Jobs API at ${this.baseUrl}: ${method} ${route} answered ${res.status}: ${clip(text)}`,
        );
    }
}

function clip(text: string, max = 600): string {
    const oneLine = text.trim();
    return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine || "(empty body)";
}

function reason(err: unknown): string {
    if (err instanceof Error && err.name === "TimeoutError") return "no answer in time";
    const cause =
        err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
    return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
