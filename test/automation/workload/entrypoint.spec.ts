import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { buildEntrypoint, shellQuote } from "../../../automation/workload/entrypoint";

/** The words POSIX sh (what Ray runs an entrypoint with) splits a command line into. */
function shWords(commandLine: string): string[] {
    const run = spawnSync("sh", ["-c", `for w in ${commandLine}; do printf '%s\\0' "$w"; done`], {
        encoding: "utf8",
    });
    assert.equal(run.status, 0, run.stderr);
    return run.stdout.split("\0").slice(0, -1);
}

describe("workload entrypoint", () => {
    it("runs the workload script with only --metrics-out - when no flag is given", () => {
        assert.equal(buildEntrypoint({}), "python3 bursty_training.py --metrics-out -");
    });

    it("passes each given flag through as --flag=value, in a fixed order", () => {
        const entrypoint = buildEntrypoint({
            taskSeconds: "0.5",
            pattern: "2,5,10,8,4,2",
            seed: "3",
            gpusPerTask: "1",
        });

        assert.equal(
            entrypoint,
            "python3 bursty_training.py --pattern=2,5,10,8,4,2 --task-seconds=0.5 --seed=3 --gpus-per-task=1 --metrics-out -",
        );
    });

    it("quotes a value so that the shell passes it as one word, however hostile", () => {
        const hostile = "2,5; touch pwned $(id) 'x' \"y\" `z`";

        assert.deepEqual(shWords(buildEntrypoint({ pattern: hostile })).slice(2, 3), [
            `--pattern=${hostile}`,
        ]);
    });

    it("leaves plain words unquoted and single-quotes the rest", () => {
        assert.equal(shellQuote("--seed=3"), "--seed=3");
        assert.equal(shellQuote("a b"), "'a b'");
        assert.equal(shellQuote("it's"), "'it'\\''s'");
    });
});
