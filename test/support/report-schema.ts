/** Validates what `--json` prints against docs/schemas/report.schema.json, the published contract. */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";

const SCHEMA = JSON.parse(
    readFileSync(path.resolve(__dirname, "../../docs/schemas/report.schema.json"), "utf8"),
) as object;

// multipleOf 0.01 on binary floats needs a tolerance: 1200.82 is not an exact multiple of 0.01 in IEEE 754.
const validate = new Ajv2020({ allErrors: true, strict: true, multipleOfPrecision: 6 }).compile(SCHEMA);

/** Fails with every schema error when `doc` is not a valid rayops report or failure document. */
export function assertReportDocument(doc: unknown): void {
    const ok = validate(doc);
    assert.ok(
        ok,
        `not a valid report document: ${(validate.errors ?? [])
            .slice(0, 10)
            .map((e) => `${e.instancePath || "/"} ${e.message}`)
            .join("; ")}`,
    );
}
