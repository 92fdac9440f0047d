import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { policies } from "../../policypack/policies/index";
import { configRows, networkJsonSchema, networkRows, stackJsonSchema } from "../../scripts/config-docs-rows";
import { CONFIG_DOC, generateConfigDocs } from "../../scripts/gen-config-docs";

/** Leaf paths of a JSON Schema: the keys a user sets (maps of objects as `<name>`). */
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document generically
function leafPaths(s: any, prefix: string): string[] {
    if (s.type === "object" && s.properties) {
        return Object.entries(s.properties).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
    }
    if (s.type === "object" && s.additionalProperties?.properties) {
        return [prefix, ...leafPaths(s.additionalProperties, `${prefix}.<name>`)];
    }
    return [prefix];
}

/** Paths of the nodes of a JSON Schema that carry a description (maps of objects as `<name>`). */
// biome-ignore lint/suspicious/noExplicitAny: walking a JSON Schema document generically
function describedPaths(s: any, prefix: string): string[] {
    const own = prefix && s.description !== undefined ? [prefix] : [];
    if (s.type === "object" && s.properties) {
        return [
            ...own,
            ...Object.entries(s.properties).flatMap(([k, v]) =>
                describedPaths(v, prefix ? `${prefix}.${k}` : k),
            ),
        ];
    }
    if (s.type === "object" && s.additionalProperties?.properties) {
        return [...own, ...describedPaths(s.additionalProperties, `${prefix}.<name>`)];
    }
    return own;
}

/** `a.{b,c}.d` → `a.b.d`, `a.c.d`. */
function expand(rowPath: string): string[] {
    const m = /^(.*)\{([^}]+)\}(.*)$/.exec(rowPath);
    return m ? m[2]!.split(",").flatMap((alt) => expand(`${m[1]}${alt}${m[3]}`)) : [rowPath];
}

describe("configuration reference (docs/configuration.md, scripts/gen-config-docs.ts)", () => {
    // Both programs' keys: the cluster program's, then the network program's own.
    const rows = [...configRows(), ...networkRows()];

    it("the committed page is exactly what the generator writes from the schema", () => {
        // GIVEN the committed page WHEN the generator renders the current schema
        const committed = fs.readFileSync(CONFIG_DOC, "utf8");
        // THEN they are the same (run `node --require tsx/cjs scripts/gen-config-docs.ts` if not)
        assert.equal(committed, generateConfigDocs());
    });

    it("documents every key the schema accepts", () => {
        // GIVEN every leaf key of platformConfigSchema
        const documented = new Set(rows.flatMap((r) => expand(r.path)));
        // THEN each has a row
        const missing = [...leafPaths(stackJsonSchema(), ""), ...leafPaths(networkJsonSchema(), "")].filter(
            (p) => !documented.has(p),
        );
        assert.deepEqual(missing, []);
    });

    it("describes every key with its `.meta({ description })` in the schema", () => {
        // GIVEN every documented key THEN its schema carries a description
        const undescribed = rows.filter((r) => !r.description).map((r) => r.path);
        assert.deepEqual(
            undescribed,
            [],
            "give each field a .meta({ description }) in components/config/schema.ts or network-program.ts",
        );
    });

    it("keeps every description in the schema on a key the page shows", () => {
        // GIVEN each node of both programs' schemas that carries a description
        const paths = new Set(rows.flatMap((r) => expand(r.path)));
        const described = [
            ...describedPaths(stackJsonSchema(), ""),
            ...describedPaths(networkJsonSchema(), ""),
        ];
        // THEN it is a documented key, not an object whose description the page never renders
        assert.deepEqual(
            described.filter((p) => !paths.has(p)),
            [],
        );
    });

    it("shows defaults, bounds and enums as the schema defines them", () => {
        const row = (p: string) => rows.find((r) => r.path === p);
        assert.equal(row("network.azCount")?.defaultText, "`2`");
        assert.equal(row("network.azCount")?.allowed, "2 to 3");
        assert.equal(row("addons.clusterAutoscaler.expander")?.defaultText, '`"least-waste"`');
        assert.match(
            row("nodePools.runners.minSize")?.defaultText ?? "",
            /required when `nodePools.runners` is set/,
        );
        assert.match(row("network.cidr")?.defaultText ?? "", /"10\.0\.0\.0\/16"` when `network` is omitted/);
    });

    it("lists every policy pack setting with the policies that read it", () => {
        // GIVEN the settings the policies declare
        const page = generateConfigDocs();
        const keys = new Set(policies.flatMap((p) => Object.keys(p.configSchema?.properties ?? {})));
        // THEN each appears in the page
        for (const key of keys) assert.ok(page.includes(`\`${key}\``), `${key} not documented`);
    });
});
