import { strict as assert } from "node:assert";
import { existsSync, globSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import {
    type Mutant,
    parseArgs,
    type Report,
    summaryMarkdown,
    survivors,
    TARGETS,
    type TargetOptions,
    type TargetResult,
} from "../../scripts/mutation";
import { REPO_ROOT } from "../support/program";

const OPTIONS: TargetOptions = {
    mutate: ["policypack/lib/*.ts"],
    thresholds: { high: 90, break: 80 },
    jsonReporter: { fileName: "reports/mutation/pack/mutation.json" },
};

function mutant(
    status: string,
    line: number,
    column: number,
    endColumn: number,
    replacement = "false",
): Mutant {
    return {
        mutatorName: "ConditionalExpression",
        replacement,
        status,
        location: { start: { line, column }, end: { line, column: endColumn } },
    };
}

describe("mutation testing (scripts/mutation.ts)", () => {
    describe("survivors", () => {
        const source = ["export function f(a: number) {", "    return a > 1 && a < 9;", "}"].join("\n");

        it("scores detected over detected plus undetected, leaving ignored and erroring mutants out", () => {
            // GIVEN 2 killed, 1 timed out, 1 survived, 1 without coverage, and 3 that count in neither
            const statuses = [
                "Killed",
                "Killed",
                "Timeout",
                "Survived",
                "NoCoverage",
                "Ignored",
                "CompileError",
                "RuntimeError",
            ];
            const report: Report = {
                files: { "a.ts": { source, mutants: statuses.map((s) => mutant(s, 2, 12, 17)) } },
            };
            // WHEN summed
            const { score, rows } = survivors("pack", OPTIONS, report);
            // THEN 3 of 5 are detected, and the two undetected are listed
            assert.equal(score, 60);
            assert.deepEqual(
                rows.map((r) => r.split("  ")[1]),
                ["Survived", "NoCoverage"],
            );
        });

        it("lists each undetected mutant at its file, line and column with the text it replaced, in source order", () => {
            const report: Report = {
                files: {
                    "b.ts": { source, mutants: [mutant("Survived", 2, 21, 26, "true")] },
                    "a.ts": {
                        source,
                        mutants: [mutant("Survived", 2, 21, 26), mutant("NoCoverage", 2, 12, 17, "a >= 1")],
                    },
                },
            };
            const { rows, text } = survivors("pack", OPTIONS, report);
            assert.deepEqual(rows, [
                "a.ts:2:12  NoCoverage  ConditionalExpression  a > 1 → a >= 1",
                "a.ts:2:21  Survived  ConditionalExpression  a < 9 → false",
                "b.ts:2:21  Survived  ConditionalExpression  a < 9 → true",
            ]);
            assert.match(text, /^# Mutants no spec detected: target "pack" \(policypack\/lib\/\*\.ts\)\./);
            assert.match(text, /# Score 0\.00 % \(break 80, goal 90\);/);
            assert.match(text, /# 2 survived, 1 without coverage;/);
        });

        it("puts a mutant that spans lines on one line", () => {
            const m: Mutant = {
                mutatorName: "BlockStatement",
                replacement: "{}",
                status: "Survived",
                location: { start: { line: 1, column: 29 }, end: { line: 3, column: 2 } },
            };
            const { rows } = survivors("pack", OPTIONS, { files: { "a.ts": { source, mutants: [m] } } });
            assert.deepEqual(rows, ["a.ts:1:29  Survived  BlockStatement  { return a > 1 && a < 9; } → {}"]);
        });

        it("scores a target whose every mutant is ignored as 100, not NaN", () => {
            const report: Report = { files: { "a.ts": { source, mutants: [mutant("Ignored", 2, 12, 17)] } } };
            assert.equal(survivors("pack", OPTIONS, report).score, 100);
        });
    });

    describe("parseArgs", () => {
        it("runs every target when none is named, and hands what follows the targets to stryker run", () => {
            assert.deepEqual(parseArgs([]), { targets: Object.keys(TARGETS), strykerArgs: [] });
            assert.deepEqual(parseArgs(["config", "--incremental"]), {
                targets: ["config"],
                strykerArgs: ["--incremental"],
            });
        });

        it("refuses an unknown target, naming it and the allowed ones", () => {
            assert.throws(() => parseArgs(["policypack"]), {
                message: 'unknown mutation target "policypack"; allowed: pack, config (or none for all)',
            });
        });
    });

    describe("summaryMarkdown", () => {
        const result = (over: Partial<TargetResult>): TargetResult => ({
            target: "pack",
            configFile: "stryker.pack.config.mjs",
            score: 91.5,
            floor: 90,
            goal: 90,
            passed: true,
            verdict: "passed",
            minutes: "3.0",
            undetected: [],
            listFile: "reports/mutation/survivors-pack.txt",
            ...over,
        });

        it("gives one row per target with its score, break, verdict and count of undetected mutants", () => {
            const md = summaryMarkdown([
                result({}),
                result({
                    target: "config",
                    score: 70,
                    passed: false,
                    verdict: "FAILED: below break 84",
                    undetected: ["x"],
                }),
            ]);
            assert.match(md, /^\| pack \| 91\.50 % \| 90 \| 90 \| 0 \| ✅ passed \| 3\.0 \|$/m);
            assert.match(
                md,
                /^\| config \| 70\.00 % \| 90 \| 90 \| 1 \| ❌ FAILED: below break 84 \| 3\.0 \|$/m,
            );
        });

        it("says a target that stopped without a report failed, with no score", () => {
            const md = summaryMarkdown([
                result({
                    score: undefined,
                    passed: false,
                    verdict: "FAILED: Stryker stopped (exit 1) without a report",
                }),
            ]);
            assert.match(
                md,
                /^\| pack \| – \| 90 \| 90 \| – \| ❌ FAILED: Stryker stopped \(exit 1\) without a report \|/m,
            );
        });

        it("lists at most 50 undetected mutants per target and points at the full list", () => {
            const rows = Array.from({ length: 60 }, (_, i) => `a.ts:${i + 1}:1  Survived  X  a → b`);
            const md = summaryMarkdown([result({ undetected: rows })]);
            assert.match(
                md,
                /pack: 60 undetected mutants \(first 50; all in the artifact's reports\/mutation\/survivors-pack\.txt\)/,
            );
            assert.ok(md.includes("a.ts:50:1 "));
            assert.ok(!md.includes("a.ts:51:1 "));
        });
    });

    describe("the Stryker configs", () => {
        for (const [target, file] of Object.entries(TARGETS)) {
            it(`${file} mutates existing files, runs existing specs and fails below a break under its goal`, async () => {
                const options = (
                    (await import(pathToFileURL(path.join(REPO_ROOT, file)).href)) as {
                        default: TargetOptions & { mochaOptions: { spec: string[] } };
                    }
                ).default;
                for (const pattern of options.mutate) {
                    assert.ok(
                        globSync(pattern, { cwd: REPO_ROOT }).length > 0,
                        `${target}: ${pattern} matches nothing`,
                    );
                }
                for (const spec of options.mochaOptions.spec) {
                    const found = spec.includes("*")
                        ? globSync(spec, { cwd: REPO_ROOT }).length > 0
                        : existsSync(path.join(REPO_ROOT, spec));
                    assert.ok(found, `${target}: spec ${spec} matches nothing`);
                }
                const { high, break: floor } = options.thresholds;
                assert.equal(typeof floor, "number", `${target}: thresholds.break must fail a run`);
                assert.ok((floor as number) <= high);
            });
        }
    });
});
