import { strict as assert } from "node:assert";
import {
    checkPassphrase,
    PassphraseProblem,
    resolveWorkspaceSettings,
    SettingsError,
} from "../../../automation/workspace/settings";

describe("resolveWorkspaceSettings", () => {
    it("keeps state in <repo>/.pulumi-state when PULUMI_BACKEND_URL is not set", () => {
        const s = resolveWorkspaceSettings({ cwd: "/repo", env: {} });
        assert.equal(s.backendUrl, "file:///repo/.pulumi-state");
        assert.equal(s.localStateDir, "/repo/.pulumi-state");
        assert.equal(s.envVars.PULUMI_BACKEND_URL, "file:///repo/.pulumi-state");
    });

    it("treats an empty PULUMI_BACKEND_URL (an unset workflow variable) as not set", () => {
        assert.equal(
            resolveWorkspaceSettings({ cwd: "/repo", env: { PULUMI_BACKEND_URL: "" } }).backendUrl,
            "file:///repo/.pulumi-state",
        );
    });

    it("uses PULUMI_BACKEND_URL as given, creating no local directory for a bucket", () => {
        const s = resolveWorkspaceSettings({
            cwd: "/repo",
            env: { PULUMI_BACKEND_URL: "s3://acme-pulumi-state?region=us-east-1" },
        });
        assert.equal(s.backendUrl, "s3://acme-pulumi-state?region=us-east-1");
        assert.equal(s.localStateDir, undefined);
    });

    it("refuses a value that is not a URL, naming it and what is allowed", () => {
        assert.throws(
            () => resolveWorkspaceSettings({ cwd: "/repo", env: { PULUMI_BACKEND_URL: "state-dir" } }),
            (err: unknown) =>
                err instanceof SettingsError &&
                /PULUMI_BACKEND_URL="state-dir" is not a URL: use file:\/\/<dir>, s3:\/\/<bucket>/.test(
                    err.message,
                ),
        );
    });

    it("passes the passphrase variables on only when they are set, and runs the repository's policy pack", () => {
        const s = resolveWorkspaceSettings({ cwd: "/repo", env: { PULUMI_CONFIG_PASSPHRASE: "" } });
        assert.equal(s.envVars.PULUMI_CONFIG_PASSPHRASE, "");
        assert.equal("PULUMI_CONFIG_PASSPHRASE_FILE" in s.envVars, false);
        assert.equal(s.policyPack, "/repo/policypack");
    });
});

describe("checkPassphrase", () => {
    const local = "file:///repo/.pulumi-state";
    const problem = (reason: string) => (err: unknown) =>
        err instanceof PassphraseProblem && err.reason === reason;

    it("fails as missing for a self-managed backend with the passphrase provider and no passphrase set", () => {
        assert.throws(() => checkPassphrase(local, undefined, {}), problem("missing"));
        assert.throws(() => checkPassphrase("s3://bucket", "passphrase", {}), problem("missing"));
        assert.throws(
            () => checkPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE_FILE: "" }),
            problem("missing"),
        );
    });

    it("fails as empty for PULUMI_CONFIG_PASSPHRASE set to the empty string (a missing Actions secret), even with a _FILE", () => {
        assert.throws(
            () => checkPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE: "" }),
            problem("empty"),
        );
        assert.throws(
            () =>
                checkPassphrase(local, undefined, {
                    PULUMI_CONFIG_PASSPHRASE: "",
                    PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secret",
                }),
            problem("empty"),
        );
    });

    it("passes once a passphrase or a passphrase file is given", () => {
        checkPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE: "correct horse" });
        checkPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secret" });
    });

    it("passes for a KMS secrets provider and for Pulumi Cloud, which encrypt without a passphrase", () => {
        checkPassphrase(local, "awskms://alias/rayops-prod?region=us-east-1", {});
        checkPassphrase("https://api.pulumi.com", undefined, { PULUMI_CONFIG_PASSPHRASE: "" });
    });
});
