import { strict as assert } from "node:assert";
import {
    needsPassphrase,
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

describe("needsPassphrase", () => {
    const local = "file:///repo/.pulumi-state";

    it("is true for a self-managed backend with the passphrase provider and no passphrase set", () => {
        assert.equal(needsPassphrase(local, undefined, {}), true);
        assert.equal(needsPassphrase("s3://bucket", "passphrase", {}), true);
    });

    it("is false once PULUMI_CONFIG_PASSPHRASE or _FILE is set, even to an empty passphrase", () => {
        assert.equal(needsPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE: "" }), false);
        assert.equal(
            needsPassphrase(local, undefined, { PULUMI_CONFIG_PASSPHRASE_FILE: "/run/secret" }),
            false,
        );
    });

    it("is false for a KMS secrets provider and for Pulumi Cloud, which encrypt without a passphrase", () => {
        assert.equal(needsPassphrase(local, "awskms://alias/rayops-prod?region=us-east-1", {}), false);
        assert.equal(needsPassphrase("https://api.pulumi.com", undefined, {}), false);
    });
});
