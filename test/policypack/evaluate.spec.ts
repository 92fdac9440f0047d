import assert from "node:assert/strict";
import type { ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { evaluatePolicies } from "../../automation/plan/evaluate";
import { forTypes } from "../../policypack/lib/policy";
import { policies } from "../../policypack/policies/index";
import {
    awsProvider,
    compliantPlatform,
    eksComponent,
    gpuPool,
    kmsKey,
    PROVIDER_URN,
    rayCluster,
    resource,
    urnOf,
} from "./fixtures";

const noRotation = () => resource("aws:kms/key:Key", "plain-key", { enableKeyRotation: false });

/** A policy that records what the evaluator hands it (a probe, not a stub: the evaluator is under test). */
function probe(
    seen: ResourceValidationArgs[],
    extra: Partial<ResourceValidationPolicy> = {},
): ResourceValidationPolicy {
    return {
        name: "probe",
        description: "records its arguments",
        validateResource: (args) => {
            seen.push({
                ...args,
                getConfig: args.getConfig,
                provider: args.provider,
            } as ResourceValidationArgs);
            return undefined;
        },
        ...extra,
    };
}

describe("automation/plan/evaluate", () => {
    describe("with the rayops pack", () => {
        it("finds nothing in the compliant platform fixture, mandatory or advisory", () => {
            const result = evaluatePolicies(compliantPlatform());
            assert.deepEqual(result.findings, []);
            assert.equal(result.counts.policies, policies.length);
        });

        it("runs a resource only through the policies of its type", () => {
            const result = evaluatePolicies([awsProvider(), kmsKey()]);
            // the KMS key meets kms-key-enable-rotation and aws-resource-missing-required-tags
            assert.equal(result.counts.resourceValidations, 2);
        });

        it("reports a finding with the policy, its level and the resource", () => {
            const result = evaluatePolicies([awsProvider(), noRotation()]);
            assert.deepEqual(
                result.findings.map(({ message: _m, ...rest }) => rest),
                [
                    {
                        policy: "kms-key-enable-rotation",
                        enforcementLevel: "mandatory",
                        resource: {
                            type: "aws:kms/key:Key",
                            name: "plain-key",
                            urn: urnOf("aws:kms/key:Key", "plain-key"),
                        },
                    },
                ],
            );
            assert.equal(result.counts.mandatory, 1);
        });

        it("lowers a policy to advisory through per-policy config", () => {
            const result = evaluatePolicies([awsProvider(), noRotation()], {
                policyConfig: { "kms-key-enable-rotation": "advisory" },
            });
            assert.deepEqual(
                [result.findings[0].enforcementLevel, result.counts.mandatory, result.counts.advisory],
                ["advisory", 0, 1],
            );
        });

        it("skips a disabled policy and lists it", () => {
            const result = evaluatePolicies([awsProvider(), noRotation()], {
                policyConfig: { "kms-key-enable-rotation": { enforcementLevel: "disabled" } },
            });
            assert.deepEqual(result.findings, []);
            assert.deepEqual(result.counts.disabledPolicies, ["kms-key-enable-rotation"]);
        });

        it("applies the pack-wide config to the policies that read it (maxGpuNodes 4 fails a 5-node GPU pool)", () => {
            const resources = [awsProvider(), gpuPool(5)];
            assert.deepEqual(evaluatePolicies(resources).findings, []);
            const findings = evaluatePolicies(resources, { config: { maxGpuNodes: 4 } }).findings;
            assert.deepEqual(
                findings.map((f) => f.policy),
                ["stack-enforce-node-limits"],
            );
        });

        it("lets per-policy settings override the pack-wide config", () => {
            const result = evaluatePolicies([awsProvider(), gpuPool(5)], {
                config: { maxGpuNodes: 4 },
                policyConfig: { "stack-enforce-node-limits": { maxGpuNodes: 8 } },
            });
            assert.deepEqual(result.findings, []);
        });

        it("refuses a bad config before running any policy, naming the key", () => {
            assert.throws(
                () => evaluatePolicies([kmsKey()], { config: { maxGpuNodes: "four" as unknown as number } }),
                /"maxGpuNodes" is "four"/,
            );
        });
    });

    describe("the arguments it builds, as the engine would", () => {
        it("hands resource policies the inputs, name, urn, parent and the provider's inputs", () => {
            const seen: ResourceValidationArgs[] = [];
            const key = resource(
                "aws:kms/key:Key",
                "k",
                { enableKeyRotation: true },
                { parent: "urn:parent" },
            );
            evaluatePolicies([awsProvider(), key], { policies: [probe(seen)] });
            const args = seen.find((a) => a.name === "k");
            assert.ok(args);
            assert.deepEqual(
                [
                    args.type,
                    args.urn,
                    args.props,
                    args.opts.parent,
                    args.provider?.urn,
                    args.provider?.props.region,
                ],
                [
                    "aws:kms/key:Key",
                    key.urn,
                    { enableKeyRotation: true },
                    "urn:parent",
                    PROVIDER_URN,
                    "eu-west-1",
                ],
            );
        });

        it("resolves a provider reference given as <urn>::<id>", () => {
            const seen: ResourceValidationArgs[] = [];
            const key = resource("aws:kms/key:Key", "k", {}, { provider: `${PROVIDER_URN}::provider-id` });
            evaluatePolicies([awsProvider(), key], { policies: [probe(seen)] });
            assert.equal(seen.find((a) => a.name === "k")?.provider?.name, "aws");
        });

        it("shows resource policies every registration, components and providers included", () => {
            const seen: ResourceValidationArgs[] = [];
            evaluatePolicies([awsProvider(), eksComponent(), kmsKey()], { policies: [probe(seen)] });
            assert.deepEqual(
                seen.map((a) => a.type),
                ["pulumi:providers:aws", "eks:index:Cluster", "aws:kms/key:Key"],
            );
        });

        it("answers isType and asType from the class's __pulumiType", () => {
            // Stand-ins for generated resource classes, which carry the same static marker.
            class Key {
                static readonly __pulumiType = "aws:kms/key:Key";
                readonly urn = "";
            }
            class Bucket {
                static readonly __pulumiType = "aws:s3/bucket:Bucket";
                readonly urn = "";
            }
            const answers: unknown[] = [];
            const policy: ResourceValidationPolicy = {
                name: "types",
                description: "asks isType and asType",
                validateResource: (args) => {
                    answers.push(
                        args.isType(Key as never),
                        args.isType(Bucket as never),
                        args.asType(Key as never),
                        args.asType(Bucket as never),
                    );
                },
            };
            evaluatePolicies([resource("aws:kms/key:Key", "k", { a: 1 }, { provider: null })], {
                policies: [policy],
            });
            assert.deepEqual(answers, [true, false, { a: 1 }, undefined]);
        });

        it("gives getConfig the schema defaults, then the pack config, then the policy's own settings", () => {
            const seen: ResourceValidationArgs[] = [];
            const policy = probe(seen, {
                configSchema: {
                    properties: {
                        maxGpuNodes: { type: "integer", default: 10 },
                        extra: { type: "string", default: "x" },
                    },
                },
            });
            evaluatePolicies([kmsKey()], {
                policies: [policy],
                config: { maxGpuNodes: 3, maxCpuNodes: 7 },
                policyConfig: { probe: { enforcementLevel: "advisory", extra: "y" } },
            });
            assert.deepEqual(seen[0].getConfig(), { maxGpuNodes: 3, extra: "y" });
        });

        it("counts notApplicable() without reporting it", () => {
            const policy: ResourceValidationPolicy = {
                name: "never",
                description: "not applicable to anything",
                validateResource: (args) => args.notApplicable("not today"),
            };
            const result = evaluatePolicies([kmsKey()], { policies: [policy] });
            assert.deepEqual([result.findings, result.counts.notApplicable], [[], 1]);
        });

        it("hands stack policies the outputs, with parents linked", () => {
            const parent = resource("rayops:nodes:NodePool", "gpu", {}, { component: true });
            const child = resource(
                "aws:kms/key:Key",
                "k",
                { enableKeyRotation: true },
                { parent: parent.urn, outputs: { arn: "arn:k" } },
            );
            let observed: unknown[] = [];
            const policy: StackValidationPolicy = {
                name: "stack-probe",
                description: "records the stack",
                validateStack: (args) => {
                    const key = args.resources.find((r) => r.name === "k");
                    observed = [
                        key?.props.arn,
                        key?.parent?.name,
                        key?.provider?.name,
                        args.resources.length,
                    ];
                },
            };
            evaluatePolicies([awsProvider(), parent, child], { policies: [policy] });
            assert.deepEqual(observed, ["arn:k", "gpu", "aws", 3]);
        });

        it("attributes a stack finding to the resource whose urn it names, or to the stack", () => {
            const ray = rayCluster();
            const policy: StackValidationPolicy = {
                name: "stack-reporter",
                description: "reports twice",
                enforcementLevel: "advisory",
                validateStack: (_args, report) => {
                    report("about the cluster", ray.urn);
                    report("about the stack");
                },
            };
            const { findings } = evaluatePolicies([ray], { policies: [policy] });
            assert.deepEqual(
                findings.map((f) => [f.enforcementLevel, f.resource?.name, f.message]),
                [
                    ["advisory", "ray", "about the cluster"],
                    ["advisory", undefined, "about the stack"],
                ],
            );
        });

        it("reports remediate-level policies as mandatory, as the engine does", () => {
            const policy: ResourceValidationPolicy = {
                name: "remediating",
                description: "always reports",
                enforcementLevel: "remediate",
                validateResource: forTypes(["aws:kms/key:Key"], (_props, _args, report) => report("always")),
            };
            assert.equal(
                evaluatePolicies([kmsKey()], { policies: [policy] }).findings[0].enforcementLevel,
                "mandatory",
            );
        });

        it("fails loudly, naming the policy and the resource, when a policy throws", () => {
            const policy: ResourceValidationPolicy = {
                name: "broken",
                description: "throws",
                validateResource: () => {
                    throw new TypeError("cannot read properties of undefined");
                },
            };
            assert.throws(
                () => evaluatePolicies([kmsKey()], { policies: [policy] }),
                /policy "broken" failed on urn:pulumi:dev::rayops::aws:kms\/key:Key::secrets-key: cannot read/,
            );
        });

        it("refuses an asynchronous policy, since the offline plan evaluates in one synchronous pass", () => {
            const policy: ResourceValidationPolicy = {
                name: "async",
                description: "returns a promise",
                validateResource: async () => undefined,
            };
            assert.throws(
                () => evaluatePolicies([kmsKey()], { policies: [policy] }),
                /"async" returned a Promise/,
            );
        });
    });
});
