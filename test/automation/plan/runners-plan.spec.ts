import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { type OfflinePlan, runOfflinePlan } from "../../../automation/plan/offline-plan";
import { readStackFile } from "../../../automation/plan/stack-file";
import { editKey, REPO_ROOT } from "../../support/program";

const POLICY = "stack-enforce-node-limits";

/** The prod stack file's config with `change` applied, as offline-plan overrides. */
function prodWith(change: (config: Record<string, string>) => void): Record<string, string> {
    const config = { ...readStackFile(REPO_ROOT, "prod").config };
    change(config);
    return config;
}

function runnersMaxSize(maxSize: number): (config: Record<string, string>) => void {
    return (config) => editKey(config, "nodePools", (pools) => (pools.runners.maxSize = maxSize));
}

function mandatory(plan: OfflinePlan) {
    return plan.report.policy.findings.filter((f) => f.enforcementLevel === "mandatory");
}

describe("offline plan of a stack with runners (automation/plan/offline-plan.ts)", () => {
    it("prod, which enables runners, passes every mandatory policy", async () => {
        const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack: "prod" });
        // GIVEN the scale set is in the plan
        assert.ok(plan.resources.some((r) => r.type === "rayops:runners:Runners"));
        // THEN no mandatory policy objects
        assert.deepEqual(mandatory(plan), []);
        assert.ok(plan.report.policy.policiesRun > 0);
    });

    it("dev with runners enabled (an org scale set, a real App key) passes every mandatory policy", async () => {
        // GIVEN dev with a runners pool, a scale set and credentials in plain config
        const key = generateKeyPairSync("rsa", {
            modulusLength: 2048,
            publicKeyEncoding: { type: "spki", format: "pem" },
            privateKeyEncoding: { type: "pkcs1", format: "pem" },
        }).privateKey;
        const config = { ...readStackFile(REPO_ROOT, "dev").config };
        editKey(config, "nodePools", (pools) => {
            pools.runners = { enabled: true, instanceTypes: ["c6i.xlarge"], minSize: 0, maxSize: 3 };
        });
        config["rayops:runners"] = JSON.stringify({
            enabled: true,
            githubConfigUrl: "https://github.com/acme",
            maxRunners: 3,
        });
        config["rayops:githubAppId"] = "123456";
        config["rayops:githubAppInstallationId"] = "7654321";
        config["rayops:githubAppPrivateKey"] = key;
        // WHEN it is planned offline
        const plan = await runOfflinePlan({ cwd: REPO_ROOT, stack: "dev", configOverrides: config });
        // THEN the runners are there and nothing mandatory is found
        assert.equal(plan.outputs.runnerScaleSetName, "rayops-dev");
        assert.deepEqual(mandatory(plan), []);
    });

    it("a runners pool of maxSize 11 is caught by stack-enforce-node-limits (maxRunnerNodes 10), mandatory", async () => {
        const plan = await runOfflinePlan({
            cwd: REPO_ROOT,
            stack: "prod",
            configOverrides: prodWith(runnersMaxSize(11)),
        });
        const findings = mandatory(plan).filter(
            (f) => f.policy === POLICY && /maxRunnerNodes = 10/.test(f.message),
        );
        assert.equal(findings.length, 1, JSON.stringify(plan.report.policy.findings));
        // THEN the finding blames the runners node group itself
        assert.equal(findings[0].resource?.type, "aws:eks/nodeGroup:NodeGroup");
        assert.match(findings[0].resource?.name ?? "", /runners/);
    });

    it("a runners pool that lifts the non-GPU total over 20 nodes is caught by stack-enforce-node-limits, mandatory", async () => {
        // GIVEN prod's system (4) and cpu (10) pools, and a runners pool of 7: within maxRunnerNodes,
        // but 21 non-GPU nodes in all
        const plan = await runOfflinePlan({
            cwd: REPO_ROOT,
            stack: "prod",
            configOverrides: prodWith(runnersMaxSize(7)),
        });
        // THEN exactly one mandatory finding, on the non-GPU total
        const findings = mandatory(plan);
        assert.deepEqual(
            findings.map((f) => f.policy),
            [POLICY],
        );
        assert.match(findings[0].message, /non-GPU node pools may scale to 21 nodes/);
        assert.match(findings[0].message, /maxCpuNodes = 20/);
    });
});
