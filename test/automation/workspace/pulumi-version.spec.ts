import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const REPO = path.join(__dirname, "..", "..", "..");
const read = (file: string) => readFileSync(path.join(REPO, file), "utf8");

describe(".pulumi-version, the one source of the Pulumi CLI version", () => {
    const version = read(".pulumi-version").trim();

    it("is a plain version, as pulumi/actions' pulumi-version-file and scripts/pulumi-cli.sh read it", () => {
        assert.match(version, /^\d+\.\d+\.\d+$/);
    });

    it("equals the @pulumi/pulumi pin of the program and of the policy pack", () => {
        for (const file of ["package.json", "policypack/package.json"]) {
            assert.equal(JSON.parse(read(file)).dependencies["@pulumi/pulumi"], version, file);
        }
    });

    it("equals the SDK actually installed", () => {
        assert.equal(JSON.parse(read("node_modules/@pulumi/pulumi/package.json")).version, version);
    });
});

describe("workflows install the Pulumi CLI from .pulumi-version", () => {
    it("gives every pulumi/actions step pulumi-version-file: .pulumi-version, never an inline version", () => {
        const { readdirSync } = require("node:fs") as typeof import("node:fs");
        const yaml = require("js-yaml") as typeof import("js-yaml");
        const dir = path.join(REPO, ".github", "workflows");
        let steps = 0;
        for (const file of readdirSync(dir).filter((f) => f.endsWith(".yml"))) {
            const workflow = yaml.load(read(path.join(".github", "workflows", file))) as {
                jobs: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }>;
            };
            for (const job of Object.values(workflow.jobs)) {
                for (const step of job.steps ?? []) {
                    if (!step.uses?.startsWith("pulumi/actions@")) continue;
                    steps++;
                    assert.equal(step.with?.["pulumi-version-file"], ".pulumi-version", file);
                    assert.equal(step.with?.["pulumi-version"], undefined, file);
                }
            }
        }
        assert.ok(steps >= 5, `only ${steps} pulumi/actions steps found`);
    });
});
