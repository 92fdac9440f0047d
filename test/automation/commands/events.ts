/** Engine events of a realistic `dev` preview, shared by the command specs (built fresh per call). */
import type { EngineEvent } from "../../../automation/workspace/types";
import { outputsStep, policyEvent, preStep, step, summaryEvent, urnOf } from "../../support/fake-workspace";

export const NETWORK = "rayops:network:Network";
export const NETWORK_URN = urnOf("dev", NETWORK, "rayops-dev");
export const VPC_URN = urnOf("dev", "aws:ec2/vpc:Vpc", "rayops-dev-vpc", [NETWORK]);
export const BUCKET_URN = urnOf("dev", "aws:s3/bucketV2:BucketV2", "ray-checkpoints");
export const NODEGROUP_URN = urnOf("dev", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-gpu");

/** The mandatory finding the specs stop a preview with: the dev GPU node group lacks its taint. */
export function gpuTaintViolation(): EngineEvent {
    return policyEvent(
        "eks-nodegroup-missing-gpu-taint",
        "mandatory",
        "GPU nodes need a taint",
        NODEGROUP_URN,
    );
}

/** One create under a component, an update, a replacement, a delete and an unchanged resource. */
export function devPreviewEvents(): EngineEvent[] {
    return [
        ...step("same", NETWORK, "rayops-dev", { component: true }),
        ...step("create", "aws:ec2/vpc:Vpc", "rayops-dev-vpc", {
            chain: [NETWORK],
            parent: NETWORK_URN,
            inputs: { cidrBlock: "10.20.0.0/16" },
        }),
        ...step("update", "aws:s3/bucketV2:BucketV2", "ray-checkpoints"),
        preStep("create-replacement", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-gpu"),
        preStep("replace", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-gpu"),
        outputsStep("create-replacement", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-gpu"),
        preStep("delete-replaced", "aws:eks/nodeGroup:NodeGroup", "rayops-dev-gpu"),
        ...step("delete", "aws:iam/role:Role", "legacy-role"),
        ...step("same", "aws:kms/key:Key", "rayops-dev-secrets"),
        summaryEvent({ create: 1, update: 1, replace: 1, delete: 1, same: 2 }),
    ];
}
