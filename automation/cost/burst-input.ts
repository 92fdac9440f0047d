/**
 * Burst profiles from what a user passes: a pattern on the command line, or the metrics JSON the
 * workload writes (workloads/metrics.schema.json). Errors name the key, the value and what is
 * allowed.
 */
import type { BurstPhase, BurstProfile } from "./burst-profile";

export class BurstInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "BurstInputError";
    }
}

/** "2,5,10,8,4,2" → [2, 5, 10, 8, 4, 2]. */
export function parsePattern(option: string, text: string): number[] {
    const parts = text.split(",").map((s) => s.trim());
    const values = parts.map(Number);
    if (parts.length === 0 || values.some((v, i) => parts[i] === "" || !Number.isInteger(v) || v < 0)) {
        throw new BurstInputError(
            `${option} ${JSON.stringify(text)}: allowed a comma-separated list of whole numbers ≥ 0, e.g. 2,5,10,8,4,2`,
        );
    }
    return values;
}

export function parsePositive(option: string, text: string): number {
    const v = Number(text);
    if (!Number.isFinite(v) || v <= 0 || text.trim() === "") {
        throw new BurstInputError(
            `${option} ${JSON.stringify(text)}: allowed a number of minutes > 0, e.g. 3 or 0.5`,
        );
    }
    return v;
}

function bad(file: string, key: string, value: unknown, allowed: string): BurstInputError {
    return new BurstInputError(
        `${file}: ${key} = ${JSON.stringify(value) ?? "(missing)"}: allowed ${allowed}`,
    );
}

function numberAt(file: string, obj: Record<string, unknown>, key: string, path: string, min = 0): number {
    const v = obj[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < min) {
        throw bad(file, `${path}.${key}`, v, `a number ≥ ${min}`);
    }
    return v;
}

function record(file: string, v: unknown, key: string): Record<string, unknown> {
    if (v === null || typeof v !== "object" || Array.isArray(v)) throw bad(file, key, v, "an object");
    return v as Record<string, unknown>;
}

/**
 * A profile from the workload's metrics: per phase the most tasks that ran at once
 * (`achieved_max`) for the phase's measured duration, with the tasks' CPU and GPU asks from the
 * run's config. Only the fields used are checked; the schema itself is the workload's contract.
 */
export function profileFromMetrics(metrics: unknown, file: string): BurstProfile {
    const root = record(file, metrics, "(root)");
    if (root.schema_version !== 1) throw bad(file, "schema_version", root.schema_version, "1");
    const config = record(file, root.config, "config");
    const cpu = numberAt(file, config, "cpus_per_task", "config");
    const gpus = numberAt(file, config, "gpus_per_task", "config");
    if (!Array.isArray(root.phases) || root.phases.length === 0) {
        throw bad(file, "phases", root.phases, "a non-empty array of phases");
    }
    const phases: BurstPhase[] = root.phases.map((raw, i) => {
        const p = record(file, raw, `phases[${i}]`);
        const name = typeof p.name === "string" && p.name !== "" ? p.name : `phase ${i + 1}`;
        return {
            name,
            minutes: numberAt(file, p, "duration_seconds", `phases[${i}]`) / 60,
            demand: numberAt(file, p, "achieved_max", `phases[${i}]`),
        };
    });
    const pattern = Array.isArray(root.pattern) ? ` (pattern ${root.pattern.join(",")})` : "";
    return {
        source: `metrics ${file}${pattern}: tasks running at once (achieved_max) for each phase's measured duration`,
        unit: "tasks",
        perTask: { cpu, gpus },
        phases,
    };
}

/** The same profile with every phase lasting `minutes` (for short local runs). */
export function withPhaseMinutes(profile: BurstProfile, minutes: number): BurstProfile {
    return {
        ...profile,
        source: `${profile.source}; phases set to ${minutes} min (--phase-minutes)`,
        phases: profile.phases.map((p) => ({ ...p, minutes })),
    };
}
