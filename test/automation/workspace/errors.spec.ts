import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import {
    classifyEngineError,
    cliExitCode,
    firstErrorLine,
    PULUMI_EXIT,
    policyPackStartFailure,
} from "../../../automation/workspace/errors";
import {
    pulumiCommandError,
    type RecordedErrorName,
    realCliMissingError,
    recordedEngineError,
    recordedErrors,
} from "../../support/fake-workspace";

const REPO = path.join(__dirname, "..", "..", "..");

// The errors below are the Automation API's own classes, built by its own factory from a CLI
// stderr (see pulumiCommandError): the classification is checked against what it really throws.
describe("classifyEngineError", () => {
    it("recognises the real Automation API's ENOENT for a missing CLI", async () => {
        const err = classifyEngineError(await realCliMissingError());
        assert.equal(err.kind, "cli-missing");
        assert.match(
            err.message,
            /^the pulumi CLI is not installed: https:\/\/www\.pulumi\.com\/docs\/install\//,
        );
    });

    it("recognises a locked self-managed stack (ConcurrentUpdateError) and says rayops never cancels it", () => {
        const sdkError = pulumiCommandError(
            "error: the stack is currently locked by 1 lock(s). Either wait...\n",
        );
        assert.equal(sdkError.name, "ConcurrentUpdateError");
        const err = classifyEngineError(sdkError, { stack: "prod", operation: "up" });
        assert.equal(err.kind, "locked");
        assert.equal(
            err.message,
            "stack prod is locked by another update; wait for it or, if it crashed, run `pulumi cancel` yourself — rayops never cancels someone else's update",
        );
    });

    it("recognises Pulumi Cloud's 409 for an update in progress as a lock too", () => {
        const err = classifyEngineError(
            pulumiCommandError("error: [409] Conflict: Another update is currently in progress.\n"),
            { stack: "dev" },
        );
        assert.equal(err.kind, "locked");
    });

    it("tells a missing passphrase from a wrong one", () => {
        const missing = classifyEngineError(
            pulumiCommandError(
                "error: passphrase must be set with PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE environment variables\n",
            ),
            { stack: "dev" },
        );
        const wrong = classifyEngineError(
            pulumiCommandError("error: getting secrets manager: incorrect passphrase\n"),
            { stack: "dev" },
        );
        assert.equal(missing.kind, "passphrase");
        assert.match(
            missing.message,
            /PULUMI_CONFIG_PASSPHRASE \(or PULUMI_CONFIG_PASSPHRASE_FILE\) is not set/,
        );
        assert.equal(wrong.kind, "passphrase");
        assert.match(wrong.message, /does not decrypt the secrets of stack dev/);
    });

    for (const text of [
        "NoCredentialProviders: no valid providers in chain. Deprecated.",
        "No valid credential sources found",
        "failed to refresh cached credentials, no EC2 IMDS role found",
        "ExpiredToken: The security token included in the request is expired",
    ]) {
        it(`recognises missing or expired AWS credentials: "${text.slice(0, 40)}…"`, () => {
            const err = classifyEngineError(pulumiCommandError(`error: ${text}\n`), { stack: "dev" });
            assert.equal(err.kind, "aws-credentials");
            assert.match(err.message, /^no valid AWS credentials for stack dev: sign in/);
        });
    }

    it("recognises a stack that does not exist (StackNotFoundError) and says how to create it", () => {
        const err = classifyEngineError(pulumiCommandError("error: no stack named 'staging' found\n"), {
            stack: "staging",
        });
        assert.equal(err.kind, "stack-not-found");
        assert.match(err.message, /rayops stack init --stack staging/);
    });

    it("recognises the engine's refusal when expectNoChanges meets a change", () => {
        const err = classifyEngineError(
            pulumiCommandError("error: no changes were expected but changes were proposed\n"),
            { stack: "dev", operation: "drift check" },
        );
        assert.equal(err.kind, "unexpected-changes");
    });

    it("keeps any other failure to its first `error:` line, never the CLI's whole output", () => {
        const err = classifyEngineError(
            pulumiCommandError(
                "Previewing update (dev)\nerror: an unhandled error occurred: boom\n    at x (y.js:1:2)\n",
                255,
                "lots of progress\n",
            ),
            { stack: "dev", operation: "preview" },
        );
        assert.equal(err.kind, "engine");
        assert.equal(err.message, "preview of stack dev failed: an unhandled error occurred: boom");
    });
});

describe("firstErrorLine", () => {
    it("bounds a huge line to 500 characters", () => {
        assert.equal(firstErrorLine(new Error(`error: ${"x".repeat(2000)}`)).length, 500);
    });
});

describe("classifyEngineError on errors recorded from the real engine (test/support/engine-errors.json)", () => {
    const expected: Record<RecordedErrorName, { kind: string; message: RegExp }> = {
        stackExists: { kind: "stack-exists", message: /already exists/ },
        stackNotFound: { kind: "stack-not-found", message: /rayops stack init/ },
        previewPolicyViolation: { kind: "engine", message: /^preview of stack dev failed: / },
        programError: { kind: "engine", message: /^preview of stack dev failed: / },
        packDoesNotCompile: { kind: "engine", message: /policy pack .*broken-pack" failed to start/ },
        upStackPolicyViolation: { kind: "engine", message: /^up of stack dev failed: / },
        wrongPassphrase: { kind: "passphrase", message: /does not decrypt the secrets of stack dev/ },
        missingPassphrase: { kind: "passphrase", message: /PULUMI_CONFIG_PASSPHRASE .* is not set/ },
        refreshExpectedNoChanges: {
            kind: "unexpected-changes",
            message: /found changes where none were expected/,
        },
        locked: { kind: "locked", message: /never cancels someone else's update/ },
    };

    it("were recorded with the CLI version the repository pins", () => {
        assert.equal(
            recordedErrors().cliVersion,
            readFileSync(path.join(REPO, ".pulumi-version"), "utf8").trim(),
        );
        assert.deepEqual(Object.keys(recordedErrors().errors).sort(), Object.keys(expected).sort());
    });

    for (const [name, want] of Object.entries(expected)) {
        it(`classifies ${name} as ${want.kind}`, () => {
            const operation = name.startsWith("up")
                ? "up"
                : name.startsWith("refresh")
                  ? "drift check"
                  : "preview";
            const err = classifyEngineError(recordedEngineError(name as RecordedErrorName), {
                stack: "dev",
                operation,
            });
            assert.equal(err.kind, want.kind, err.message);
            assert.match(err.message, want.message);
        });
    }

    it("reads the CLI's own exit code where the SDK reports -2 (7: expected no changes)", () => {
        assert.equal(cliExitCode(recordedEngineError("refreshExpectedNoChanges")), PULUMI_EXIT.noChanges);
        assert.equal(cliExitCode(recordedEngineError("stackNotFound")), 6);
    });
});

describe("policyPackStartFailure", () => {
    const failure = 'policy pack "/p/pack" failed to start: could not read plugin [x]: exit status 32';

    it("gives the TypeScript errors of a pack that does not compile, bounded to three", () => {
        const stderr = [
            "error: [runtime] Running program '/p/pack' failed with an unhandled exception:",
            "TSError: ⨯ Unable to compile TypeScript:",
            ...[1, 2, 3, 4].map((n) => `index.ts(${n},1): error TS2322: bad ${n}`),
        ];
        assert.equal(
            policyPackStartFailure(failure, stderr),
            "policy pack /p/pack does not compile: index.ts(1,1): error TS2322: bad 1; index.ts(2,1): error TS2322: bad 2; index.ts(3,1): error TS2322: bad 3 (and 1 more)",
        );
    });

    it("gives the first telling line of another start failure, and nothing for a failure not a pack's", () => {
        const stderr = [
            "error: [runtime] Running program '/p/pack' failed with an unhandled exception:",
            "Error: Cannot find module '@pulumi/policy'",
        ];
        assert.equal(
            policyPackStartFailure(failure, stderr),
            "policy pack /p/pack failed to start: Error: Cannot find module '@pulumi/policy'",
        );
        assert.equal(policyPackStartFailure("preview failed", stderr), undefined);
    });
});
