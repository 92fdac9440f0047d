/**
 * The two programs of a stack: network/ (VPC, CI runners; long-lived) and the cluster program,
 * which reads it through a StackReference and lets the runners reach its private API.
 */
import { strict as assert } from "node:assert";
import type { OfflineProgramRun } from "../../../automation/plan/harness";
import { mockId } from "../../../automation/plan/mocks";
import { API_INGRESS_DESCRIPTION } from "../../../components/cluster/cluster";
import { NETWORK_PROJECT } from "../../../components/config/network-program";
import { editKey, named, ofType, runStack, STACKS } from "../../support/program";

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

const inProject = (run: OfflineProgramRun, project: string) =>
    run.resources.filter((r) => r.urn.split("::")[1] === project);

describe("the network program and the cluster program (network/index.ts, index.ts)", () => {
    for (const stack of STACKS) {
        describe(stack, () => {
            let run: OfflineProgramRun;
            before(async () => {
                run = await runStack(stack);
            });

            it("creates the VPC, subnets and NAT in the network program, none in the cluster program", () => {
                for (const type of [
                    "aws:ec2/vpc:Vpc",
                    "aws:ec2/subnet:Subnet",
                    "aws:ec2/natGateway:NatGateway",
                ]) {
                    const all = ofType(run, type);
                    assert.ok(all.length > 0, `no ${type}`);
                    for (const r of all)
                        assert.equal(r.urn.split("::")[1], NETWORK_PROJECT, `${type} ${r.name}`);
                }
            });

            it("reads the network through a StackReference to organization/rayops-network/<stack>", () => {
                const [ref] = ofType(run, STACK_REFERENCE);
                assert.ok(ref, "no StackReference");
                assert.equal(ref.inputs.name, `organization/rayops-network/${stack}`);
                // The node groups sit in the network stack's private subnets
                const privateIds = new Set(
                    ofType(run, "aws:ec2/subnet:Subnet")
                        .filter((s) => s.name.includes("-private-"))
                        .map((s) => mockId(s.type, s.name)),
                );
                const group = ofType(run, "aws:eks/nodeGroup:NodeGroup")[0];
                assert.deepEqual(new Set(group.inputs.subnetIds as string[]), privateIds);
            });

            it("lets only the CI runners' security group reach the API, on 443", () => {
                const rules = ofType(run, INGRESS).filter(
                    (r) => r.inputs.description === API_INGRESS_DESCRIPTION,
                );
                assert.equal(rules.length, 1);
                const [rule] = rules;
                assert.deepEqual(
                    [rule.inputs.ipProtocol, rule.inputs.fromPort, rule.inputs.toPort],
                    ["tcp", 443, 443],
                );
                assert.equal(rule.inputs.cidrIpv4, undefined);
                const runnerSg = run.resources.find(
                    (r) =>
                        r.type === "aws:ec2/securityGroup:SecurityGroup" &&
                        r.urn.split("::")[1] === NETWORK_PROJECT,
                );
                assert.ok(runnerSg, "no runner security group in the network program");
                assert.equal(rule.inputs.referencedSecurityGroupId, mockId(runnerSg.type, runnerSg.name));
            });

            it("makes the Kubernetes provider wait for that rule, so a destroy closes the path last", () => {
                const rule = ofType(run, INGRESS).find(
                    (r) => r.inputs.description === API_INGRESS_DESCRIPTION,
                );
                const provider = named(run, "pulumi:providers:kubernetes", `rayops-${stack}-k8s`);
                assert.ok(rule && (provider.dependencies ?? []).includes(rule.urn));
            });

            it("runs the CodeBuild runner project in the network program", () => {
                const projects = inProject(run, NETWORK_PROJECT).filter(
                    (r) => r.type === "aws:codebuild/project:Project",
                );
                assert.equal(projects.length, 1);
            });
        });
    }

    it("creates no API ingress rule when cluster.ciRunnerAccess is false", async () => {
        const run = await runStack("dev", (c) => editKey(c, "cluster", (v) => (v.ciRunnerAccess = false)));
        assert.equal(
            ofType(run, INGRESS).filter((r) => r.inputs.description === API_INGRESS_DESCRIPTION).length,
            0,
        );
    });

    it("refuses a network stack whose zones lack an instance type the cluster's pools use", async () => {
        // GIVEN the network told only of CPU types, its zones include the mock account's last
        // us-west-2 zone (no GPU types there) when pinned
        const run = runStack("dev", undefined, undefined, (c) =>
            editKey(c, "network", (n) => {
                n.zoneIds = ["usw2-az2", "usw2-az4"];
                n.instanceTypes = ["m6i.large"];
            }),
        );
        await assert.rejects(
            run,
            /network\.zoneIds\[1\] "usw2-az4" \(us-west-2d\): does not offer g5\.xlarge/,
        );
    });
});
