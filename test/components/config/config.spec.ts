import { strict as assert } from "node:assert";
import { readStackFile, SECRET_PLACEHOLDER } from "../../../automation/plan/stack-file";
import { ConfigError, type ConfigIssue } from "../../../components/config/issues";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { REPO_ROOT, STACKS } from "../../support/program";
import { issuesOf, rawOf } from "./raw-config";

/** The one issue at `key`; fails when there is none. */
function issueAt(issues: readonly ConfigIssue[], key: string): ConfigIssue {
    const found = issues.find((i) => i.key === key);
    assert.ok(found, `no issue at ${key}; got ${JSON.stringify(issues)}`);
    return found;
}

describe("stack configuration (components/config/schema.ts)", () => {
    describe("the committed stack files", () => {
        for (const stack of STACKS) {
            it(`Pulumi.${stack}.yaml parses and validates`, () => {
                // GIVEN the committed stack file as Pulumi hands it to the program
                const raw = rawOf(stack);
                // WHEN it is validated
                const config = parsePlatformConfig(raw, { stack, project: "rayops" });
                // THEN it yields a typed config for that stack
                assert.equal(config.stack, stack);
                assert.equal(config.cluster.version, "1.35");
                assert.ok(config.pools.length >= 3);
            });
        }

        it("resolves the pools a stack creates, runners only where enabled, desired size defaulting to min", () => {
            // GIVEN dev (no runners pool) and prod (runners enabled, cpu desiredSize 2)
            const dev = parsePlatformConfig(rawOf("dev"), { stack: "dev" });
            const prod = parsePlatformConfig(rawOf("prod"), { stack: "prod" });
            // THEN the pool lists and desired sizes follow the files
            assert.deepEqual(
                dev.pools.map((p) => p.name),
                ["system", "cpu", "gpu"],
            );
            assert.deepEqual(
                prod.pools.map((p) => p.name),
                ["system", "cpu", "gpu", "runners"],
            );
            assert.equal(dev.pools.find((p) => p.name === "system")?.desiredSize, 2);
            assert.equal(prod.pools.find((p) => p.name === "cpu")?.desiredSize, 2);
        });
    });

    describe("rawConfigFromPulumi", () => {
        it('keeps "1.33" a string rather than the number 1.33', () => {
            const raw = rawConfigFromPulumi({ "rayops:version": "1.33" });
            assert.equal(raw.version, "1.33");
        });

        it("parses structured values given as JSON objects", () => {
            const raw = rawConfigFromPulumi({ "rayops:storage": '{"checkpointRetentionDays":7}' });
            assert.deepEqual(raw.storage, { checkpointRetentionDays: 7 });
        });

        it("reads a value as JSON only when it starts with a bracket", () => {
            // GIVEN values holding JSON after other text, or quoted as a JSON string
            const raw = rawConfigFromPulumi({
                "rayops:note": ' {"a":1}',
                "rayops:quoted": '"[x]"',
                "rayops:tail": "ids [1, 2]",
            });
            // THEN each stays the text it is
            assert.deepEqual(raw, { note: ' {"a":1}', quoted: '"[x]"', tail: "ids [1, 2]" });
        });

        it("parses true and false as booleans", () => {
            const raw = rawConfigFromPulumi({ "rayops:protected": "true", "rayops:other": "false" });
            assert.equal(raw.protected, true);
            assert.equal(raw.other, false);
        });

        it("reads only the rayops namespace", () => {
            const raw = rawConfigFromPulumi({ "aws:region": "us-west-2", "rayops:region": "us-east-1" });
            assert.deepEqual(raw, { region: "us-east-1" });
        });

        it("reads no other namespace's key as a rayops key, whichever comes last", () => {
            // GIVEN rayops keys beside keys of other namespaces, some spelt like rayops ones
            const raw = rawConfigFromPulumi({
                "rayops:region": "us-east-1",
                "aws:region": "us-west-2",
                "aws:allowedAccountIds": '["123456789012"]',
                "other:nodePools": '{"cpu":{"minSize":1}}',
                "rayopsx:environment": "dev",
                "xrayops:repo": "acme/ml-platform",
                "Rayops:owner": "ml-platform",
            });
            // THEN only the rayops key is read
            assert.deepEqual(raw, { region: "us-east-1" });
        });

        it("does not take a stack's aws:region for a missing rayops:region", () => {
            // GIVEN dev's stack file without rayops:region (aws:region is still set)
            const all: Record<string, string> = { ...readStackFile(REPO_ROOT, "dev").config };
            delete all["rayops:region"];
            assert.equal(all["aws:region"], "us-west-2");
            // WHEN read and validated
            const issues = issuesOf(rawConfigFromPulumi(all));
            // THEN rayops:region is reported missing, and nothing else is
            assert.deepEqual(
                issues.map((i) => [i.key, i.value]),
                [["region", undefined]],
            );
        });

        it("keeps a value that starts with a bracket but is not JSON as text (the offline secret placeholder)", () => {
            // GIVEN a secure top-level key, which the offline plan cannot decrypt
            // WHEN the flat config is read
            const raw = rawConfigFromPulumi({ "rayops:owner": SECRET_PLACEHOLDER });
            // THEN the placeholder survives as a string instead of a JSON syntax error
            assert.equal(raw.owner, SECRET_PLACEHOLDER);
        });
    });

    describe("rejects each bad value with the key, the value and what is allowed", () => {
        it("rejects an unknown top-level key and lists the allowed keys", () => {
            // GIVEN a misspelt top-level key
            const raw = rawOf("dev");
            raw.colour = "blue";
            // WHEN validated
            const issue = issueAt(issuesOf(raw), "colour");
            // THEN the issue names the value and the keys allowed at that level
            assert.equal(issue.value, "blue");
            assert.match(issue.message, /unknown key/);
            assert.match(issue.message, /region, environment, repo/);
            assert.match(issue.message, /nodePools/);
        });

        it("rejects an unknown nested key and lists the keys allowed at that level", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.maxNodes = 3;
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.maxNodes");
            assert.equal(issue.value, 3);
            assert.match(issue.message, /unknown key; allowed here: instanceTypes, minSize, maxSize/);
        });

        it("rejects an unknown key inside a Ray worker group and lists the worker group's keys", () => {
            const raw = rawOf("dev");
            raw.ray.workerGroups.gpu.gpuCount = 1;
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.gpu.gpuCount");
            assert.match(issue.message, /allowed here: pool, minReplicas, maxReplicas, cpu, memory, gpus/);
        });

        it("rejects a value of the wrong type, naming the type expected", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.maxSize = "three";
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.maxSize");
            assert.equal(issue.value, "three");
            assert.match(issue.message, /expected number/);
        });

        it("rejects a pool whose minSize exceeds its maxSize", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.minSize = 5;
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.minSize");
            assert.equal(issue.value, 5);
            assert.match(issue.message, /≤ maxSize \(4\)/);
        });

        it("rejects a desiredSize outside [minSize, maxSize]", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.desiredSize = 9;
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.desiredSize");
            assert.equal(issue.value, 9);
            assert.match(issue.message, /\[0, 4\]/);
        });

        it("rejects a non-GPU instance type in the gpu pool and lists the GPU types", () => {
            const raw = rawOf("dev");
            raw.nodePools.gpu.instanceTypes = ["m6i.2xlarge"];
            const issue = issueAt(issuesOf(raw), "nodePools.gpu.instanceTypes.0");
            assert.equal(issue.value, "m6i.2xlarge");
            assert.match(issue.message, /NVIDIA GPU instance types; allowed: .*g5\.xlarge/);
        });

        it("rejects a GPU instance type in the cpu pool", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.instanceTypes = ["m6i.2xlarge", "g5.2xlarge"];
            const issue = issueAt(issuesOf(raw), "nodePools.cpu.instanceTypes.1");
            assert.equal(issue.value, "g5.2xlarge");
            assert.match(issue.message, /CPU-only instance types; GPU types belong in nodePools\.gpu/);
        });

        it("rejects an instance type missing from the catalog", () => {
            const raw = rawOf("dev");
            raw.nodePools.system.instanceTypes = ["m9.huge"];
            const issue = issueAt(issuesOf(raw), "nodePools.system.instanceTypes.0");
            assert.equal(issue.value, "m9.huge");
            assert.match(issue.message, /catalog/);
        });

        it("rejects an unsupported region and lists the supported ones", () => {
            const raw = rawOf("dev");
            raw.region = "sa-east-1";
            const issue = issueAt(issuesOf(raw), "region");
            assert.equal(issue.value, "sa-east-1");
            assert.match(issue.message, /unsupported region; allowed: .*us-west-2/);
        });

        it("rejects a worker group whose pod fits no instance type of its pool, describing each type", () => {
            // GIVEN a CPU worker asking for more memory than an m6i.2xlarge can offer
            const raw = rawOf("dev");
            raw.ray.workerGroups.cpu.memory = "64Gi";
            // WHEN validated
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.cpu");
            // THEN the pod's request and the pool's allocatable capacity are both shown
            assert.deepEqual(issue.value, { cpu: "7", memory: "64Gi", gpus: 0 });
            assert.match(issue.message, /fits no instance type of nodePools\.cpu \(m6i\.2xlarge: /);
        });

        it("rejects a worker group whose maxReplicas needs more nodes than the pool's maxSize", () => {
            // GIVEN one worker per m6i.2xlarge node and a cpu pool of at most 4 nodes
            const raw = rawOf("dev");
            raw.ray.workerGroups.cpu.maxReplicas = 9;
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.cpu.maxReplicas");
            // THEN the message says how many fit
            assert.equal(issue.value, 9);
            assert.match(
                issue.message,
                /needs 9 node\(s\).*nodePools\.cpu\.maxSize \(4\); allowed: at most 4/,
            );
        });

        it("rejects a GPU worker group placed on the cpu pool", () => {
            const raw = rawOf("dev");
            raw.ray.workerGroups.gpu.pool = "cpu";
            const issue = issueAt(issuesOf(raw), "ray.workerGroups.gpu.pool");
            assert.equal(issue.value, "cpu");
            assert.match(issue.message, /requests 1 GPU\(s\) per pod must run on the gpu pool/);
        });

        it("rejects a cluster-autoscaler image tag whose minor differs from the cluster's", () => {
            const raw = rawOf("dev");
            raw.addons.clusterAutoscaler.imageTag = "v1.32.1";
            const issue = issueAt(issuesOf(raw), "addons.clusterAutoscaler.imageTag");
            assert.equal(issue.value, "v1.32.1");
            assert.match(issue.message, /v1\.35\.<patch>/);
        });

        it("formats every issue in the error message as rayops:<key> = <value>: <what is allowed>", () => {
            const raw = rawOf("dev");
            raw.nodePools.cpu.minSize = 5;
            try {
                parsePlatformConfig(raw, { stack: "dev" });
                assert.fail("expected a ConfigError");
            } catch (err) {
                assert.ok(err instanceof ConfigError);
                assert.match(err.message, /rayops:nodePools\.cpu\.minSize = 5: must be ≤ maxSize \(4\)/);
            }
        });
    });

    describe("reports several problems at once", () => {
        it("lists every schema problem, not only the first", () => {
            // GIVEN an unknown key, an unparsable CIDR and a mistyped size
            const raw = rawOf("dev");
            raw.colour = "blue";
            raw.cluster.publicAccessCidrs = ["not-a-cidr"];
            raw.nodePools.gpu.maxSize = "two";
            // WHEN validated
            const keys = issuesOf(raw).map((i) => i.key);
            // THEN all three are reported together
            assert.deepEqual([...keys].sort(), [
                "cluster.publicAccessCidrs.0",
                "colour",
                "nodePools.gpu.maxSize",
            ]);
        });

        it("lists every cross-field problem, not only the first", () => {
            // GIVEN min > max, a desired size outside the bounds and a CPU type in the gpu pool
            const raw = rawOf("dev");
            raw.nodePools.cpu.minSize = 5;
            raw.nodePools.system.desiredSize = 9;
            raw.nodePools.gpu.instanceTypes = ["m6i.large"];
            // WHEN validated
            const keys = issuesOf(raw).map((i) => i.key);
            // THEN each of them is reported
            for (const key of [
                "nodePools.cpu.minSize",
                "nodePools.system.desiredSize",
                "nodePools.gpu.instanceTypes.0",
            ]) {
                assert.ok(keys.includes(key), `missing ${key} in ${keys.join(", ")}`);
            }
        });

        it("lists schema and cross-field problems together when they lie in different sections", () => {
            // GIVEN an unknown key in storage and min > max in the node pools
            const raw = rawOf("dev");
            raw.storage = { colour: "blue" };
            raw.nodePools.cpu.minSize = 5;
            // WHEN validated
            const keys = issuesOf(raw).map((i) => i.key);
            // THEN both are reported, each once
            assert.deepEqual([...keys].sort(), ["nodePools.cpu.minSize", "storage.colour"]);
        });

        it("does not repeat a schema problem as a cross-field one", () => {
            // GIVEN a region that is not a string at all
            const raw = rawOf("dev");
            raw.region = 42;
            // WHEN validated
            const keys = issuesOf(raw).map((i) => i.key);
            // THEN the region is reported once, by the schema
            assert.deepEqual(keys, ["region"]);
        });
    });
});
