import { strict as assert } from "node:assert";
import * as path from "node:path";
import { type OfflineProgramRun, runProgramOffline } from "../../../automation/plan/harness";
import { MissingMockOutputError } from "../../../automation/plan/required-inputs";
import { ofType, runStack } from "../../support/program";

const UNMOCKED_OUTPUT_PROGRAM = path.join(__dirname, "fixtures", "unmocked-output.ts");

describe("offline program harness (automation/plan/harness.ts)", () => {
    let dev: OfflineProgramRun;
    before(async () => {
        dev = await runStack("dev");
    });

    it("captures each program's stack as the root of its resource tree (network, then cluster)", () => {
        const roots = dev.resources.filter((r) => !r.parent);
        assert.deepEqual(
            roots.map((r) => r.urn),
            [
                "urn:pulumi:dev::rayops-network::pulumi:pulumi:Stack::rayops-network-dev",
                "urn:pulumi:dev::rayops::pulumi:pulumi:Stack::rayops-dev",
            ],
        );
    });

    it("captures a parent for every resource that is itself in the capture", () => {
        const urns = new Set(dev.resources.map((r) => r.urn));
        for (const r of dev.resources) {
            if (r.parent)
                assert.ok(urns.has(r.parent), `${r.type} ${r.name}: parent ${r.parent} not captured`);
        }
    });

    it("captures every NodeGroup as the child of a NodePool component", () => {
        // GIVEN the captured NodePool components
        const pools = new Map(ofType(dev, "rayops:nodes:NodePool").map((p) => [p.urn, p]));
        const groups = ofType(dev, "aws:eks/nodeGroup:NodeGroup");
        assert.equal(groups.length, 3);
        // THEN each node group's parent is one of them, and it is flagged as a component
        for (const g of groups) {
            const parent = g.parent ? pools.get(g.parent) : undefined;
            assert.ok(parent, `${g.name} has no NodePool parent`);
            assert.equal(parent.component, true);
            assert.equal(g.component, false);
        }
    });

    it("captures the explicit providers and which resource uses which", () => {
        // GIVEN the two provider resources
        const [aws] = ofType(dev, "pulumi:providers:aws");
        const [k8s] = ofType(dev, "pulumi:providers:kubernetes");
        assert.ok(aws.isProvider && k8s.isProvider);
        // THEN an AWS resource points at the AWS provider and a Helm release at the Kubernetes one
        assert.equal(ofType(dev, "aws:ec2/vpc:Vpc")[0].provider, aws.urn);
        assert.equal(ofType(dev, "kubernetes:helm.sh/v3:Release")[0].provider, k8s.urn);
    });

    it("captures inputs with every Output resolved to its mocked value", () => {
        const [group] = ofType(dev, "aws:eks/nodeGroup:NodeGroup");
        assert.match(String(group.inputs.nodeRoleArn), /^arn:aws:iam::\d{12}:role\//);
        assert.ok((group.inputs.subnetIds as string[]).every((id) => id.startsWith("subnet-")));
    });

    it("captures resource options: ignoreChanges and protect", () => {
        const [group] = ofType(dev, "aws:eks/nodeGroup:NodeGroup");
        assert.deepEqual(group.ignoreChanges, ["scalingConfig.desiredSize"]);
        assert.equal(ofType(dev, "aws:s3/bucket:Bucket")[0].protect, true);
    });

    it("unwraps secret inputs and names them in secretInputs", () => {
        const [k8s] = ofType(dev, "pulumi:providers:kubernetes");
        assert.equal(typeof k8s.inputs.kubeconfig, "string");
        assert.deepEqual(k8s.secretInputs, ["kubeconfig"]);
    });

    it("captures the stack outputs the CLI and workflows read", () => {
        for (const key of [
            "clusterName",
            "kubeconfig",
            "oidcProviderArn",
            "nodePoolNames",
            "artifactsBucketName",
            "kmsKeyArn",
        ]) {
            assert.ok(dev.outputs[key], `missing output ${key}`);
        }
        assert.equal(dev.outputs.clusterName, "rayops-dev");
        assert.deepEqual(dev.outputs.nodePoolNames, [
            "rayops-dev-system",
            "rayops-dev-cpu",
            "rayops-dev-gpu",
        ]);
    });

    it("keeps two stacks planned in one process apart (dev after prod has dev's resources only)", async () => {
        // GIVEN dev planned, then prod, then dev again, all in this process
        const first = dev;
        const prod = await runStack("prod", () => {});
        const again = await runStack("dev", () => {});
        // THEN the second dev run matches the first, and prod's differs
        assert.notEqual(prod.resources.length, first.resources.length);
        assert.equal(again.resources.length, first.resources.length);
        assert.deepEqual(again.resources.map((r) => r.urn).sort(), first.resources.map((r) => r.urn).sort());
        assert.ok(again.resources.every((r) => /^urn:pulumi:dev::rayops(-network)?::/.test(r.urn)));
    });

    it("fails with MissingMockOutputError naming the resource when a program reads an output the mocks lack", async () => {
        // GIVEN a program that passes a VPC's unmocked defaultRouteTableId into a required input
        // WHEN it is run offline
        const failure = await runProgramOffline({
            project: "fixture",
            stack: "test",
            config: { "aws:region": "us-west-2" },
            program: UNMOCKED_OUTPUT_PROGRAM,
        }).then(
            () => undefined,
            (err: unknown) => err,
        );
        // THEN the run fails loudly, naming the resource and the input
        assert.ok(
            failure instanceof MissingMockOutputError,
            `expected MissingMockOutputError, got ${failure}`,
        );
        assert.deepEqual(failure.gaps, [
            'aws:ec2/routeTableAssociation:RouteTableAssociation "fixture-association": routeTableId',
        ]);
        assert.match(failure.message, /fixture-association.*routeTableId/);
        assert.match(failure.message, /automation\/plan\/mocks\.ts/);
    });

    it("runs the real program again after a failed run", async () => {
        // GIVEN a failed run of the fixture program
        await runProgramOffline({
            project: "fixture",
            stack: "test",
            config: { "aws:region": "us-west-2" },
            program: UNMOCKED_OUTPUT_PROGRAM,
        }).catch(() => undefined);
        // WHEN dev is planned afterwards
        const run = await runStack("dev", () => {});
        // THEN it is complete and carries nothing of the fixture
        assert.equal(run.resources.length, dev.resources.length);
        assert.ok(!run.resources.some((r) => r.name.startsWith("fixture-")));
    });
});
