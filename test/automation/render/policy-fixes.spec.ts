import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fixHint, keyLine, POLICY_FIXES, stackFileOf } from "../../../automation/render/policy-fixes";
import { policies } from "../../../policypack/policies/index";
import { networkJsonSchema, stackJsonSchema } from "../../../scripts/config-docs-rows";

const ROOT = path.resolve(__dirname, "../../..");

/** Whether `rayops:a.b.<x>.c` names a key of the JSON Schema (`<x>` matches any property or map entry). */
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document generically
function schemaHas(schema: any, key: string): boolean {
    const segments = key.replace(/^rayops:/, "").split(".");
    // biome-ignore lint/suspicious/noExplicitAny: as above
    let nodes: any[] = [schema];
    for (const segment of segments) {
        nodes = nodes.flatMap((n) => {
            const props = n.properties ?? {};
            if (segment.startsWith("<")) {
                return [...Object.values(props), ...(n.additionalProperties ? [n.additionalProperties] : [])];
            }
            return props[segment] ? [props[segment]] : [];
        });
    }
    return nodes.length > 0;
}

describe("where a policy finding is fixed (automation/render/policy-fixes.ts)", () => {
    it("has an entry for every policy of the pack, and none for a policy the pack no longer has", () => {
        const names = policies.map((p) => p.name).sort();
        assert.deepEqual(Object.keys(POLICY_FIXES).sort(), names);
    });

    it("names only keys the stack schema has and components that exist", () => {
        const wrong: string[] = [];
        for (const [policy, fix] of Object.entries(POLICY_FIXES)) {
            if ("sources" in fix) {
                for (const source of fix.sources)
                    if (!existsSync(path.join(ROOT, source))) wrong.push(`${policy}: ${source}`);
                continue;
            }
            const schema = fix.program === "network" ? networkJsonSchema() : stackJsonSchema();
            if (!schemaHas(schema, fix.key)) wrong.push(`${policy}: ${fix.key}`);
        }
        assert.deepEqual(wrong, []);
    });

    it("says the fix in the author's words: the stack file and the key", () => {
        assert.equal(
            fixHint("ec2-launchtemplate-enable-volume-encryption", "prod"),
            "Fix in Pulumi.prod.yaml: rayops:nodePools.<pool>.encryptRootVolume: remove `encryptRootVolume: false`.",
        );
        assert.match(
            fixHint("codebuild-project-enforce-private-runner", "organization/rayops-network/dev")!,
            /^Fix in network\/Pulumi\.dev\.yaml: rayops:ciRunner\.timeoutMinutes:/,
        );
        assert.match(
            fixHint("s3-bucket-enforce-tls-only", "dev")!,
            /^No stack config sets this: the program does \(components\/storage\/storage\.ts\)/,
        );
        assert.equal(fixHint("no-such-policy", "dev"), undefined);
    });

    it("finds the stack file of a network stack by its full name", () => {
        assert.equal(stackFileOf("organization/rayops-network/prod"), "network/Pulumi.prod.yaml");
        assert.equal(stackFileOf("dev"), "Pulumi.dev.yaml");
    });

    describe("the line an annotation points at", () => {
        const prod = readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        const lineOf = (key: string, resource = "") =>
            prod.split("\n")[keyLine(prod, key, resource) - 1]!.trim();

        it("is the key's own line when the file sets it", () => {
            assert.match(lineOf("rayops:cluster.publicAccessCidrs"), /^publicAccessCidrs:/);
            assert.match(lineOf("rayops:owner"), /^rayops:owner:/);
        });

        it("picks the pool a resource belongs to from its name", () => {
            // GIVEN the GPU pool's node group WHEN its maxSize is looked up THEN the gpu pool's line
            const line = keyLine(prod, "rayops:nodePools.<pool>.maxSize", "rayops-prod-gpu-nvidia-l4");
            const above = prod.split("\n").slice(0, line).reverse();
            assert.match(above[0]!, /^\s+maxSize:/);
            assert.ok(
                above.find((l) => /^ {4}\w+:\s*$/.test(l))?.trim() === "gpu:",
                above.slice(0, 8).join("\n"),
            );
        });

        it("is the deepest ancestor written there when the key is left to its default", () => {
            // cpu sets no encryptRootVolume (the default, true, applies)
            assert.equal(lineOf("rayops:nodePools.<pool>.encryptRootVolume", "rayops-prod-cpu"), "cpu:");
            assert.equal(lineOf("rayops:nodePools.<pool>.maxSize", "unrelated"), "rayops:nodePools:");
        });

        it("is the config: line when no part of the key is written, and line 1 without one", () => {
            const file = "# dev\n# comment\nconfig:\n  rayops:region: us-east-1\n";
            assert.equal(keyLine(file, "rayops:storage.forceDestroyBucket"), 3);
            assert.equal(keyLine("# empty\n", "rayops:owner"), 1);
        });
    });
});
