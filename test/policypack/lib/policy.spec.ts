import assert from "node:assert/strict";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { optionsOf, ResourceArgs, throwNotApplicable } from "../../../automation/plan/evaluate-args";
import type { CapturedResource } from "../../../automation/plan/types";
import { forTypes, nameOf, shortType } from "../../../policypack/lib/policy";
import { policies } from "../../../policypack/policies/index";
import { codeBuildProject, runnerRolePolicy, runnerSecurityGroup } from "../ci-runner-fixtures";
import { change, compliantPlatform, eksCluster, policyNamed, resource } from "../fixtures";
import { karpenterCpuPool, karpenterGpuPool, karpenterNodeClass } from "../karpenter-fixtures";

/**
 * Calls a resource policy the way @pulumi/policy 1.21's analyzer does (server.js, `analyze`, read
 * 2026-12-02): a single validation tagged `__pulumiType` is skipped for resources of other types;
 * any other validation (an array, or one without the tag) is called for every resource, whatever
 * its type. The offline evaluator instead hands a validation only the types it applies to, so only
 * a call like this one reaches the type test inside `forTypes`.
 */
function analyze(
    policy: ResourceValidationPolicy,
    r: CapturedResource,
    all: readonly CapturedResource[] = [],
) {
    const messages: string[] = [];
    const validate = policy.validateResource;
    if (!validate) return messages;
    const tagged = (validate as { __pulumiType?: string }).__pulumiType;
    if (!Array.isArray(validate) && tagged && tagged !== r.type) return messages;
    const args = new ResourceArgs(r.type, r.inputs, r.urn, r.name, optionsOf(r), new Map());
    args.getConfig = <T extends object>() => ({}) as T;
    const provider = all.find((p) => p.isProvider && p.urn === r.provider);
    if (provider)
        args.provider = {
            type: provider.type,
            props: provider.inputs,
            urn: provider.urn,
            name: provider.name,
        };
    const engineArgs = Object.assign(args, { notApplicable: throwNotApplicable });
    for (const v of Array.isArray(validate) ? validate : [validate]) {
        v(engineArgs as unknown as ResourceValidationArgs, (message) => messages.push(message));
    }
    return messages;
}

const resourcePolicies = policies.filter((p): p is ResourceValidationPolicy => "validateResource" in p);

/** Every compliant fixture: each resource policy meets the types it checks and many it does not. */
const everything = () => [
    ...compliantPlatform(),
    karpenterGpuPool(),
    karpenterCpuPool(),
    karpenterNodeClass(),
    codeBuildProject(),
    runnerRolePolicy(),
    runnerSecurityGroup(),
];

describe("policypack/lib/policy", () => {
    describe("forTypes", () => {
        it("calls the validation for each of its types and for no other", () => {
            // GIVEN a validation for two types that records what it is called with
            const seen: string[] = [];
            const validate = forTypes(["aws:eks/cluster:Cluster", "eks:index:Cluster"], (_props, args) => {
                seen.push(args.type);
            });
            // WHEN the engine hands it resources of three types
            for (const type of ["eks:index:Cluster", "aws:s3/bucket:Bucket", "aws:eks/cluster:Cluster"]) {
                validate({ type, props: {} } as unknown as ResourceValidationArgs, () => {});
            }
            // THEN the third type never reaches it
            assert.deepEqual(seen, ["eks:index:Cluster", "aws:eks/cluster:Cluster"]);
        });

        it("tags a single-type validation with __pulumiType so the engine skips other types", () => {
            const validate = forTypes(["aws:s3/bucket:Bucket"], () => {});
            assert.equal((validate as { __pulumiType?: string }).__pulumiType, "aws:s3/bucket:Bucket");
        });

        it("leaves a validation for two types untagged, so the engine calls it for every type and it filters them", () => {
            // GIVEN a validation for two types, as the engine sees it: no __pulumiType to skip by
            const types = ["aws:eks/cluster:Cluster", "eks:index:Cluster"];
            const reported: string[] = [];
            const validate = forTypes(types, (_props, args, report) => report(`checked ${args.type}`));
            assert.equal((validate as { __pulumiType?: string }).__pulumiType, undefined);
            // WHEN the engine hands it a resource of another type and then one of its second type
            for (const type of ["aws:s3/bucket:Bucket", "eks:index:Cluster"]) {
                validate({ type, props: {} } as unknown as ResourceValidationArgs, (m) => reported.push(m));
            }
            // THEN only its own type is checked
            assert.deepEqual(reported, ["checked eks:index:Cluster"]);
        });

        it("records its types under the global symbol rayops.policy.appliesTo, which the offline evaluator reads", () => {
            // GIVEN the key spelt out: Symbol.for lets a second copy of the pack's modules agree on it
            const validate = forTypes(["aws:eks/cluster:Cluster", "eks:index:Cluster"], () => {});
            const recorded = (validate as unknown as Record<symbol, ReadonlySet<string>>)[
                Symbol.for("rayops.policy.appliesTo")
            ];
            assert.deepEqual([...recorded], ["aws:eks/cluster:Cluster", "eks:index:Cluster"]);
        });
    });

    describe("shortType and nameOf", () => {
        it("names a resource by the last segment of its type token", () => {
            assert.equal(nameOf({ type: "aws:eks/nodeGroup:NodeGroup", name: "gpu" }), 'NodeGroup "gpu"');
        });

        it("keeps a type without a colon whole and drops a leading colon", () => {
            assert.deepEqual(["NodeGroup", ":NodeGroup"].map(shortType), ["NodeGroup", "NodeGroup"]);
        });
    });

    describe("policies called as the engine calls them", () => {
        it("do not report a resource of another type whose props would violate them", () => {
            // GIVEN props that make an EKS cluster public from anywhere, on a bucket
            const bucket = resource("aws:s3/bucket:Bucket", "not-a-cluster", { endpointPublicAccess: true });
            const policy = policyNamed("eks-cluster-disallow-public-endpoint-from-anywhere");
            assert.deepEqual(analyze(policy as ResourceValidationPolicy, bucket), []);
        });

        it("still check the second type of a validation written for two", () => {
            // GIVEN an aws.eks.Cluster public from anywhere: the engine must not skip it as not eks:index:Cluster
            const cluster = change(eksCluster(), "vpcConfig.endpointPublicAccess", true);
            const policy = policyNamed("eks-cluster-disallow-public-endpoint-from-anywhere");
            assert.match(analyze(policy as ResourceValidationPolicy, cluster).join("\n"), /0\.0\.0\.0\/0/);
        });

        for (const policy of resourcePolicies) {
            it(`${policy.name} reports nothing when handed every compliant resource, of any type`, () => {
                const platform = everything();
                assert.deepEqual(
                    platform.flatMap((r) => analyze(policy, r, platform)),
                    [],
                );
            });
        }
    });
});
