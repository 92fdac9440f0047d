import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { readStackFile, SECRET_PLACEHOLDER } from "../../../../automation/plan/stack-file";
import { REDACTED } from "../../../../components/config/checks/runners";
import { ConfigError } from "../../../../components/config/issues";
import { parsePlatformConfig } from "../../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../../components/config/raw";
import { UNDECRYPTED_SECRET } from "../../../../components/runners/values";
import { REPO_ROOT } from "../../../support/program";

/** A throwaway App key made at run time, for the format checks. */
const TEST_KEY = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
}).privateKey;

/** prod's raw config (runners enabled, App credentials undecrypted), optionally changed. */
function prodRaw(change?: (raw: Record<string, unknown>) => void): Record<string, unknown> {
    const raw = rawConfigFromPulumi(readStackFile(REPO_ROOT, "prod").config);
    change?.(raw);
    return raw;
}

function issuesOf(raw: Record<string, unknown>): ConfigError["issues"] {
    try {
        parsePlatformConfig(raw, { stack: "prod" });
    } catch (e) {
        if (e instanceof ConfigError) return e.issues;
        throw e;
    }
    return [];
}

describe("runners config (components/config/checks/runners.ts, via parsePlatformConfig)", () => {
    it("accepts the offline plan's placeholder for undecrypted App credentials", () => {
        assert.match(SECRET_PLACEHOLDER, UNDECRYPTED_SECRET);
        assert.deepEqual(issuesOf(prodRaw()), []);
    });

    it("requires the URL and all three App credentials when runners are enabled", () => {
        const issues = issuesOf(
            prodRaw((raw) => {
                delete (raw.runners as Record<string, unknown>).githubConfigUrl;
                delete raw.githubAppId;
                delete raw.githubAppInstallationId;
                delete raw.githubAppPrivateKey;
            }),
        );
        assert.deepEqual(issues.map((i) => i.key).sort(), [
            "githubAppId",
            "githubAppInstallationId",
            "githubAppPrivateKey",
            "runners.githubConfigUrl",
        ]);
        assert.match(issues.find((i) => i.key === "githubAppPrivateKey")?.message ?? "", /--secret/);
    });

    it("refuses a malformed private key without echoing it", () => {
        // GIVEN a key cut short
        const cut = TEST_KEY.slice(0, 200);
        let error: unknown;
        try {
            parsePlatformConfig(
                prodRaw((raw) => (raw.githubAppPrivateKey = cut)),
                { stack: "prod" },
            );
        } catch (e) {
            error = e;
        }
        // THEN the problem names the key, shows it redacted and never prints the material
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(error.issues, [
            {
                key: "githubAppPrivateKey",
                value: REDACTED,
                message: error.issues[0].message,
            },
        ]);
        assert.ok(!error.message.includes(cut.split("\n")[1]), error.message);
    });

    it("refuses a non-numeric installation id", () => {
        const issues = issuesOf(prodRaw((raw) => (raw.githubAppInstallationId = "acme")));
        assert.deepEqual(
            issues.map((i) => [i.key, i.value]),
            [["githubAppInstallationId", REDACTED]],
        );
    });

    it("refuses maxRunners above the runners pool's maxSize", () => {
        const issues = issuesOf(prodRaw((raw) => ((raw.runners as Record<string, unknown>).maxRunners = 7)));
        assert.deepEqual(issues, [
            { key: "runners.maxRunners", value: 7, message: "must be ≤ nodePools.runners.maxSize (6)" },
        ]);
    });

    it("defaults maxRunners to 10, which a runners pool of maxSize 6 refuses", () => {
        const issues = issuesOf(prodRaw((raw) => delete (raw.runners as Record<string, unknown>).maxRunners));
        assert.deepEqual(
            issues.map((i) => [i.key, i.value]),
            [["runners.maxRunners", 10]],
        );
    });

    it("refuses runners without the runners node pool", () => {
        const issues = issuesOf(
            prodRaw((raw) => ((raw.nodePools as { runners: { enabled: boolean } }).runners.enabled = false)),
        );
        assert.deepEqual(
            issues.map((i) => i.key),
            ["nodePools.runners.enabled"],
        );
    });

    it("refuses a runner pod that fits no instance type of the runners pool", () => {
        // GIVEN c6i.2xlarge nodes (16 GiB) and runners asking for 32Gi
        const issues = issuesOf(prodRaw((raw) => ((raw.runners as Record<string, unknown>).memory = "32Gi")));
        assert.deepEqual(
            issues.map((i) => i.key),
            ["runners"],
        );
        assert.match(issues[0].message, /c6i\.2xlarge/);
    });

    it("accepts a runner pod that takes exactly a node's allocatable CPU and memory", () => {
        // GIVEN prod's c6i.2xlarge runners pool: 7.65 CPU and 14.22 GiB allocatable
        const issues = issuesOf(
            prodRaw((raw) =>
                Object.assign(raw.runners as Record<string, unknown>, { cpu: "7650m", memory: "14.22Gi" }),
            ),
        );
        assert.deepEqual(issues, []);
    });

    it("judges a runners pool of several types by any type that holds a runner", () => {
        // GIVEN a t3.medium (1.65 CPU) beside the c6i.2xlarge, and 2-CPU runners
        const issues = issuesOf(
            prodRaw((raw) => {
                (raw.nodePools as { runners: { instanceTypes: string[] } }).runners.instanceTypes = [
                    "t3.medium",
                    "c6i.2xlarge",
                ];
            }),
        );
        assert.deepEqual(issues, []);
    });

    it("refuses an enterprise URL: a GitHub App cannot register enterprise runners", () => {
        const issues = issuesOf(
            prodRaw(
                (raw) =>
                    ((raw.runners as Record<string, unknown>).githubConfigUrl =
                        "https://github.com/enterprises/acme"),
            ),
        );
        assert.deepEqual(
            issues.map((i) => i.key),
            ["runners.githubConfigUrl"],
        );
    });

    it("refuses a URL that is not github.com/<org>[/<repo>]", () => {
        const issues = issuesOf(
            prodRaw(
                (raw) =>
                    ((raw.runners as Record<string, unknown>).githubConfigUrl =
                        "http://github.com/acme/ml-platform/tree/main"),
            ),
        );
        assert.deepEqual(
            issues.map((i) => i.key),
            ["runners.githubConfigUrl"],
        );
    });

    it("checks nothing of runners while they are disabled", () => {
        const issues = issuesOf(
            prodRaw((raw) => {
                (raw.runners as Record<string, unknown>).enabled = false;
                delete raw.githubAppPrivateKey;
            }),
        );
        assert.deepEqual(issues, []);
    });

    describe("what each refusal says", () => {
        it("shows a malformed credential as [redacted], saying what was expected", () => {
            // GIVEN an App id that is neither numeric nor a client id
            const issues = issuesOf(prodRaw((raw) => (raw.githubAppId = "my-app")));
            // THEN the value is replaced and the message names what is allowed
            assert.deepEqual(issues, [
                {
                    key: "githubAppId",
                    value: "[redacted]",
                    message: "not the App's numeric id or its client id (Iv…)",
                },
            ]);
        });

        it("names the runners pool as missing when the stack has none", () => {
            // GIVEN runners enabled and no nodePools.runners at all
            const issues = issuesOf(
                prodRaw((raw) => delete (raw.nodePools as Record<string, unknown>).runners),
            );
            // THEN the issue is at the pool's enabled key, with no value found
            assert.deepEqual(issues, [
                {
                    key: "nodePools.runners.enabled",
                    value: undefined,
                    message:
                        "must be true while runners.enabled is true: runner pods run only on the runners pool",
                },
            ]);
        });

        it("refuses a runner pod with more CPU than any type offers, though its memory fits", () => {
            // GIVEN c6i.2xlarge and t3.medium runners nodes (7.65 CPU at most) and 8-CPU, 1Gi runners
            const issues = issuesOf(
                prodRaw((raw) => {
                    (raw.nodePools as { runners: { instanceTypes: string[] } }).runners.instanceTypes = [
                        "c6i.2xlarge",
                        "t3.medium",
                    ];
                    Object.assign(raw.runners as Record<string, unknown>, { cpu: "8", memory: "1Gi" });
                }),
            );
            // THEN the pod is refused, naming every type and the ways out
            assert.deepEqual(issues, [
                {
                    key: "runners",
                    value: { cpu: "8", memory: "1Gi" },
                    message:
                        "a runner pod fits no instance type of nodePools.runners (c6i.2xlarge, t3.medium); " +
                        "lower runners.cpu or runners.memory, or add a larger type",
                },
            ]);
        });

        it("says which URLs are allowed when the URL is missing", () => {
            const issues = issuesOf(
                prodRaw((raw) => delete (raw.runners as Record<string, unknown>).githubConfigUrl),
            );
            assert.deepEqual(issues, [
                {
                    key: "runners.githubConfigUrl",
                    value: undefined,
                    message:
                        "required when runners.enabled is true: https://github.com/<org> or https://github.com/<org>/<repo>",
                },
            ]);
        });

        it("says why an enterprise URL is refused and which URLs are allowed", () => {
            const url = "https://github.com/enterprises/acme";
            const issues = issuesOf(
                prodRaw((raw) => ((raw.runners as Record<string, unknown>).githubConfigUrl = url)),
            );
            assert.deepEqual(issues, [
                {
                    key: "runners.githubConfigUrl",
                    value: url,
                    message:
                        "enterprise-scope runners need a personal access token, which rayops does not use; " +
                        "allowed: https://github.com/<org> or https://github.com/<org>/<repo>",
                },
            ]);
        });

        it("says which URLs are allowed when the URL is malformed", () => {
            const url = "https://gitlab.com/acme";
            const issues = issuesOf(
                prodRaw((raw) => ((raw.runners as Record<string, unknown>).githubConfigUrl = url)),
            );
            assert.deepEqual(issues, [
                {
                    key: "runners.githubConfigUrl",
                    value: url,
                    message: "https://github.com/<org> or https://github.com/<org>/<repo>",
                },
            ]);
        });

        it("says what a scale set name must be", () => {
            const issues = issuesOf(
                prodRaw((raw) => ((raw.runners as Record<string, unknown>).scaleSetName = "Prod")),
            );
            assert.deepEqual(issues, [
                {
                    key: "runners.scaleSetName",
                    value: "Prod",
                    message: "1-45 lower-case letters, digits and -",
                },
            ]);
        });
    });
});
