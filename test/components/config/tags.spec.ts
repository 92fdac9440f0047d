import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import type { CapturedResource } from "../../../automation/plan/types";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { PlatformConfig } from "../../../components/config/schema";
import { autoscalerDiscoveryTags, defaultTags } from "../../../components/config/tags";
import { REQUIRED_TAG_KEYS } from "../../../policypack/lib/tags";
import { ofType, runStack, STACKS } from "../../support/program";

/** The cluster program's AWS provider; each of the stack's two programs has exactly one. */
function awsProvider(run: OfflineProgramRun): CapturedResource {
    const providers = ofType(run, "pulumi:providers:aws");
    const byProject = (project: string) => providers.filter((p) => p.urn.split("::")[1] === project);
    assert.equal(byProject("rayops-network").length, 1, "expected one explicit AWS provider in network/");
    assert.equal(byProject("rayops").length, 1, "expected one explicit AWS provider in the cluster program");
    return byProject("rayops")[0];
}

function providerTags(run: OfflineProgramRun): Record<string, string> {
    // Provider inputs reach the engine JSON-encoded when they are objects.
    const raw = awsProvider(run).inputs.defaultTags;
    const parsed = typeof raw === "string" ? JSON.parse(raw) : raw;
    return (parsed as { tags: Record<string, string> }).tags;
}

/** A minimal valid config, built the way the program builds it. */
function configWith(overrides: Record<string, unknown> = {}): PlatformConfig {
    const raw = rawConfigFromPulumi({
        "rayops:region": "us-west-2",
        "rayops:environment": "dev",
        "rayops:repo": "acme/ml-platform",
        "rayops:owner": "ml-platform",
        "rayops:costCenter": "ml-research",
        "rayops:cluster": JSON.stringify({
            version: "1.33",
            adminRoleArn: "arn:aws:iam::123456789012:role/platform-admin",
        }),
        "rayops:nodePools": JSON.stringify({
            system: { instanceTypes: ["m6i.large"], minSize: 2, maxSize: 3 },
            cpu: { instanceTypes: ["m6i.2xlarge"], minSize: 0, maxSize: 4 },
            gpu: { instanceTypes: ["g5.xlarge"], minSize: 0, maxSize: 2 },
        }),
        "rayops:ray": JSON.stringify({
            version: "2.60.0",
            image: "rayproject/ray:2.60.0-py311",
            gpuImage: "rayproject/ray:2.60.0-py311-gpu",
            head: { cpu: "2", memory: "6Gi" },
            workerGroups: {},
        }),
    });
    return parsePlatformConfig({ ...raw, ...overrides }, { stack: "dev" });
}

describe("tags (components/config/tags.ts)", () => {
    describe("defaultTags", () => {
        it("sets all six required tags from config", () => {
            const tags = defaultTags(configWith());
            assert.deepEqual(
                REQUIRED_TAG_KEYS.map((k) => [k, tags[k]]),
                [
                    ["environment", "dev"],
                    ["repo", "acme/ml-platform"],
                    ["commit", "unknown"],
                    ["managed-by", "rayops"],
                    ["owner", "ml-platform"],
                    ["cost-center", "ml-research"],
                ],
            );
        });

        it("takes the commit from GITHUB_SHA when given, shortened to 12 characters", () => {
            const sha = "0123456789abcdef0123456789abcdef01234567";
            const tags = defaultTags(configWith({ commit: "from-config" }), { GITHUB_SHA: sha });
            assert.equal(tags.commit, "0123456789ab");
        });

        it("falls back to the commit in config without GITHUB_SHA", () => {
            assert.equal(defaultTags(configWith({ commit: "from-config" })).commit, "from-config");
        });

        it('falls back to "unknown" without GITHUB_SHA or a configured commit', () => {
            assert.equal(defaultTags(configWith(), { GITHUB_SHA: "" }).commit, "unknown");
        });

        it("leaves out a tag that has no value instead of storing an empty string", () => {
            const tags = defaultTags(configWith({ owner: undefined }));
            assert.ok(!("owner" in tags));
        });

        it("names the cluster-autoscaler's auto-discovery tags after the cluster", () => {
            assert.deepEqual(autoscalerDiscoveryTags("rayops-dev"), {
                "k8s.io/cluster-autoscaler/enabled": "true",
                "k8s.io/cluster-autoscaler/rayops-dev": "owned",
            });
        });
    });

    for (const stack of STACKS) {
        describe(`the ${stack} stack`, () => {
            let run: OfflineProgramRun;
            before(async () => {
                run = await runStack(stack);
            });

            it("gives the explicit AWS provider defaultTags with all six required tags", () => {
                const tags = providerTags(run);
                for (const key of REQUIRED_TAG_KEYS) assert.ok(tags[key], `missing ${key}`);
                assert.equal(tags.environment, stack);
                assert.equal(tags["managed-by"], "rayops");
            });

            it("sets the explicit AWS provider's region from config", () => {
                assert.equal(awsProvider(run).inputs.region, stack === "dev" ? "us-west-2" : "us-east-1");
            });

            it("creates every aws:* resource through its program's explicit provider (no ambient default provider)", () => {
                // GIVEN each program's one explicit AWS provider
                awsProvider(run);
                const providerOf = (urn: string) =>
                    ofType(run, "pulumi:providers:aws").find(
                        (p) => p.urn.split("::")[1] === urn.split("::")[1],
                    )?.urn;
                // THEN every AWS resource names its own program's
                const awsResources = run.resources.filter((r) => r.type.startsWith("aws:"));
                assert.ok(awsResources.length > 20);
                const strays = awsResources
                    .filter((r) => r.provider !== providerOf(r.urn))
                    .map((r) => `${r.type} ${r.name}`);
                assert.deepEqual(strays, []);
            });

            it("tags the network program's resources as the cluster program's", () => {
                const tagsOf = (project: string) => {
                    const p = ofType(run, "pulumi:providers:aws").find(
                        (x) => x.urn.split("::")[1] === project,
                    );
                    const raw = p?.inputs.defaultTags;
                    return (typeof raw === "string" ? JSON.parse(raw) : raw) as {
                        tags: Record<string, string>;
                    };
                };
                assert.deepEqual(tagsOf("rayops-network"), tagsOf("rayops"));
            });
        });
    }

    it("leaves the owner tag out when the stack has no owner", async () => {
        // GIVEN dev without rayops:owner
        const run = await runStack("dev", (c) => {
            delete c["rayops:owner"];
        });
        // THEN the provider's default tags have no owner key (the policy pack reports it missing)
        const tags = providerTags(run);
        assert.ok(!("owner" in tags));
        assert.equal(tags["cost-center"], "ml-research");
    });
});
