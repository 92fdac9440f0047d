/**
 * A burst profile: the demand of a bursty workload, phase by phase, in worker pods or in
 * concurrent Ray tasks; and the workload's default pattern as one. The burst model (burst.ts)
 * runs a profile against the stack; burst-input.ts builds one from what a user passes.
 */

/** The workload's default pattern (workloads/README.md): warm-up, small burst, peak, sustained, decrease, cooldown. */
export const DEFAULT_PATTERN: readonly number[] = [2, 5, 10, 8, 4, 2];
const PHASE_NAMES = ["warm-up", "small burst", "peak", "sustained", "decrease", "cooldown"];
export const DEFAULT_PHASE_MINUTES = 30;

export interface BurstPhase {
    readonly name: string;
    readonly minutes: number;
    /** Worker pods wanted (`unit: "workers"`) or concurrent Ray tasks (`unit: "tasks"`). */
    readonly demand: number;
}

export interface BurstProfile {
    /** Where the phases come from, for the output. */
    readonly source: string;
    readonly unit: "workers" | "tasks";
    /** Resources of one task, when `unit` is "tasks". */
    readonly perTask?: { readonly cpu: number; readonly gpus: number };
    readonly phases: readonly BurstPhase[];
}

export function patternProfile(
    pattern: readonly number[] = DEFAULT_PATTERN,
    phaseMinutes = DEFAULT_PHASE_MINUTES,
): BurstProfile {
    const isDefault = pattern.join() === DEFAULT_PATTERN.join();
    return {
        source: `${isDefault ? "the workload's default pattern" : "pattern"} ${pattern.join(",")} (worker pods per phase)`,
        unit: "workers",
        phases: pattern.map((demand, i) => ({
            name: isDefault ? PHASE_NAMES[i]! : `phase ${i + 1}`,
            minutes: phaseMinutes,
            demand,
        })),
    };
}
