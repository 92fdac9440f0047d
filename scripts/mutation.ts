/**
 * Mutation testing (StrykerJS) of the policy pack and of the config schema:
 *
 *   npm run test:mutation                    # both targets
 *   npm run test:mutation -- pack            # one: pack or config
 *   npm run test:mutation -- config --incremental   # anything after the targets goes to `stryker run`
 *
 * Each target is one Stryker config (stryker.pack.config.mjs, stryker.config-schema.config.mjs);
 * the targets run one after the other, all of them even when one fails. After each, the mutants no
 * spec detected are listed in reports/mutation/survivors-<target>.txt, one line each, to hand out as
 * spec work. Exits non-zero when a target scores below its `thresholds.break` or does not run.
 *
 * The npm script starts this on the Node.js of .nvmrc (scripts/node-runtime.sh): StrykerJS 10 needs
 * Node >= 22. Not part of `npm test`: a run takes tens of minutes (docs/mutation-testing.md).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.join(__dirname, "..");
const STRYKER = path.join(ROOT, "node_modules", "@stryker-mutator", "core", "bin", "stryker.js");

/** Where the targets write their reports (stryker.shared.mjs REPORT_DIR) and this script the summary. */
const REPORT_DIR = "reports/mutation";

export const TARGETS = {
    pack: "stryker.pack.config.mjs",
    config: "stryker.config-schema.config.mjs",
} as const;
export type Target = keyof typeof TARGETS;

/** The parts of a target's Stryker options this script reads. */
export interface TargetOptions {
    readonly mutate: readonly string[];
    readonly thresholds: { readonly high: number; readonly break: number | null };
    readonly jsonReporter: { readonly fileName: string };
}

/** The parts of Stryker's JSON report (mutation-testing-report-schema) this script reads. */
interface Position {
    readonly line: number;
    readonly column: number;
}
export interface Mutant {
    readonly mutatorName: string;
    readonly replacement?: string;
    readonly status: string;
    readonly location: { readonly start: Position; readonly end: Position };
}
export interface Report {
    readonly files: Record<string, { readonly source: string; readonly mutants: readonly Mutant[] }>;
}

/** Not detected by any spec: the two statuses that lower the score. */
const UNDETECTED = new Set(["Survived", "NoCoverage"]);
/** Detected; the score is detected / (detected + undetected). Ignored and erroring mutants count in neither. */
const DETECTED = new Set(["Killed", "Timeout"]);

export function parseArgs(argv: readonly string[]): { targets: Target[]; strykerArgs: string[] } {
    const targets: Target[] = [];
    let i = 0;
    for (; i < argv.length && !argv[i].startsWith("-"); i++) {
        if (!Object.hasOwn(TARGETS, argv[i])) {
            throw new Error(
                `unknown mutation target "${argv[i]}"; allowed: ${Object.keys(TARGETS).join(", ")} (or none for all)`,
            );
        }
        targets.push(argv[i] as Target);
    }
    return {
        targets: targets.length > 0 ? targets : (Object.keys(TARGETS) as Target[]),
        strykerArgs: argv.slice(i),
    };
}

/** The source text a mutant replaces, on one line. Report positions are 1-based. */
function originalText(source: string, { start, end }: Mutant["location"]): string {
    const lines = source.split("\n");
    const text =
        start.line === end.line
            ? lines[start.line - 1].slice(start.column - 1, end.column - 1)
            : [
                  lines[start.line - 1].slice(start.column - 1),
                  ...lines.slice(start.line, end.line - 1),
                  lines[end.line - 1].slice(0, end.column - 1),
              ].join("\n");
    return oneLine(text);
}

function oneLine(text: string): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
}

/** One line per undetected mutant, and the target's score, from its JSON report. */
export function survivors(
    target: Target,
    options: TargetOptions,
    report: Report,
): { text: string; score: number; rows: string[] } {
    let detected = 0;
    const rows: string[] = [];
    const counts = { Survived: 0, NoCoverage: 0 };
    for (const [file, { source, mutants }] of Object.entries(report.files).sort(([a], [b]) =>
        a.localeCompare(b),
    )) {
        const sorted = [...mutants].sort(
            (a, b) =>
                a.location.start.line - b.location.start.line ||
                a.location.start.column - b.location.start.column,
        );
        for (const m of sorted) {
            if (DETECTED.has(m.status)) detected++;
            if (!UNDETECTED.has(m.status)) continue;
            counts[m.status as keyof typeof counts]++;
            const where = `${file}:${m.location.start.line}:${m.location.start.column}`;
            const change = `${originalText(source, m.location)} → ${oneLine(m.replacement ?? "")}`;
            rows.push(`${where}  ${m.status}  ${m.mutatorName}  ${change}`);
        }
    }
    const undetected = counts.Survived + counts.NoCoverage;
    // No mutant to detect (every one ignored) scores 100, as nothing was missed.
    const score = detected + undetected === 0 ? 100 : (100 * detected) / (detected + undetected);
    const header = [
        `# Mutants no spec detected: target "${target}" (${options.mutate.join(", ")}).`,
        `# Score ${score.toFixed(2)} % (break ${options.thresholds.break ?? "none"}, goal ${options.thresholds.high});`,
        `# ${counts.Survived} survived, ${counts.NoCoverage} without coverage; from ${options.jsonReporter.fileName}.`,
        "# file:line:column  status  mutator  original → replacement",
    ];
    return { text: `${[...header, ...rows].join("\n")}\n`, score, rows };
}

/** What one target's run came to, for the console and the summary. */
export interface TargetResult {
    readonly target: Target;
    readonly configFile: string;
    /** Undefined when Stryker stopped without a report. */
    readonly score?: number;
    readonly floor: number | null;
    readonly goal: number;
    readonly passed: boolean;
    readonly verdict: string;
    readonly minutes: string;
    readonly undetected: readonly string[];
    readonly listFile?: string;
}

async function runTarget(target: Target, strykerArgs: readonly string[]): Promise<TargetResult> {
    const configFile = path.join(ROOT, TARGETS[target]);
    const options = ((await import(pathToFileURL(configFile).href)) as { default: TargetOptions }).default;
    const reportFile = path.join(ROOT, options.jsonReporter.fileName);
    // A report left by an earlier run must not pass for this one's when Stryker stops early.
    rmSync(reportFile, { force: true });

    console.log(`\n== mutation testing: ${target} (${TARGETS[target]})`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [STRYKER, "run", configFile, ...strykerArgs], {
        cwd: ROOT,
        stdio: "inherit",
    });
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const floor = options.thresholds.break;
    const base = { target, configFile: TARGETS[target], floor, goal: options.thresholds.high, minutes };
    if (!existsSync(reportFile)) {
        const verdict = `FAILED: Stryker stopped (exit ${run.status ?? run.signal}) without a report`;
        console.error(`== ${target}: ${verdict}`);
        return { ...base, passed: false, verdict, undetected: [] };
    }
    const { text, score, rows } = survivors(
        target,
        options,
        JSON.parse(readFileSync(reportFile, "utf8")) as Report,
    );
    const listFile = path.join(path.dirname(reportFile), "..", `survivors-${target}.txt`);
    writeFileSync(listFile, text);
    const verdict =
        run.status === 0
            ? "passed"
            : floor !== null && score < floor
              ? `FAILED: below break ${floor}`
              : `FAILED: stryker exit ${run.status ?? run.signal}`;
    console.log(
        `== ${target}: ${score.toFixed(2)} %, ${verdict}, ${minutes} min; undetected mutants in ${path.relative(ROOT, listFile)}`,
    );
    return {
        ...base,
        score,
        passed: run.status === 0,
        verdict,
        undetected: rows,
        listFile: path.relative(ROOT, listFile),
    };
}

/** How many undetected mutants the summary lists per target; the full list is in the survivors file. */
const SUMMARY_ROWS = 50;

/** The Markdown the weekly workflow posts to its run summary: one row per target, then its undetected mutants. */
export function summaryMarkdown(results: readonly TargetResult[]): string {
    const lines = [
        "## Mutation testing",
        "",
        "| target | score | break | goal | undetected | verdict | minutes |",
        "| :-- | --: | --: | --: | --: | :-- | --: |",
        ...results.map(
            (r) =>
                `| ${r.target} | ${r.score === undefined ? "–" : `${r.score.toFixed(2)} %`} | ${r.floor ?? "none"} | ${r.goal} | ${r.score === undefined ? "–" : r.undetected.length} | ${r.passed ? "✅" : "❌"} ${r.verdict} | ${r.minutes} |`,
        ),
    ];
    for (const r of results) {
        if (r.undetected.length === 0) continue;
        const shown = r.undetected.slice(0, SUMMARY_ROWS);
        lines.push(
            "",
            `<details><summary>${r.target}: ${r.undetected.length} undetected mutants${r.undetected.length > shown.length ? ` (first ${shown.length}; all in the artifact's ${r.listFile})` : ""}</summary>`,
            "",
            "```text",
            ...shown.map((row) => row.replaceAll("```", "ʼʼʼ")),
            "```",
            "",
            "</details>",
        );
    }
    return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
    const major = Number(process.versions.node.split(".")[0]);
    if (major < 22) {
        throw new Error(
            `StrykerJS 10 needs Node.js >= 22, this is ${process.version}; run it as npm run test:mutation`,
        );
    }
    const { targets, strykerArgs } = parseArgs(process.argv.slice(2));
    const results: TargetResult[] = [];
    for (const target of targets) results.push(await runTarget(target, strykerArgs));
    mkdirSync(path.join(ROOT, REPORT_DIR), { recursive: true });
    writeFileSync(path.join(ROOT, REPORT_DIR, "summary.md"), summaryMarkdown(results));
    process.exitCode = results.every((r) => r.passed) ? 0 : 1;
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exitCode = 1;
    });
}
