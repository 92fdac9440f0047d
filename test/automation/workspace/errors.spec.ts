import { strict as assert } from "node:assert";
import { classifyEngineError, firstErrorLine } from "../../../automation/workspace/errors";
import { pulumiCommandError, realCliMissingError } from "../../support/fake-workspace";

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
