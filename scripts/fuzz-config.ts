/**
 * Fuzzes what a stack file can hold, against the reader, the schema and the offline plan:
 *
 *   npm run fuzz:config                      # 10 minutes
 *   FUZZ_SECONDS=60 FUZZ_SEED=7 npm run fuzz:config
 *
 * Two generators share the budget: structured values (fast-check) planted at random paths of the
 * committed stack files, and byte-level mutations of those files (flips, insertions, deletions,
 * duplicated lines, YAML anchors and tabs). Every case must end in a result or in a
 * StackFileError/ConfigError, within a bound; a case that validates must also plan offline.
 * Anything else (another exception, a case past the bound, a planted secret echoed in a message)
 * is a finding: printed, and written to .rayops/fuzz-findings.json with its input so a
 * regression spec can replay it.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { dump } from "js-yaml";
import { readStackFile, StackFileError } from "../automation/plan/stack-file";
import { ConfigError } from "../components/config/issues";
import { parsePlatformConfig } from "../components/config/parse";
import { rawConfigFromPulumi } from "../components/config/raw";

const ROOT = path.join(__dirname, "..");
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 600);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** A case slower than this is a hang: a real stack file validates in milliseconds. */
const CASE_BOUND_MS = 5_000;
/** A throwaway key made for this run: no error may ever show its body. */
const SECRET = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
}) as string;
/** A run of the key's body long enough to be unmistakable in a message. */
const SECRET_BODY = SECRET.split("\n")[1]!.slice(0, 40);
const STACKS = ["dev", "prod"].map((s) => readFileSync(path.join(ROOT, `Pulumi.${s}.yaml`), "utf8"));

interface Finding {
    readonly generator: string;
    readonly what: string;
    readonly input: string;
}

const dir = mkdtempSync(path.join(tmpdir(), "rayops-fuzz-"));
writeFileSync(path.join(dir, "Pulumi.yaml"), readFileSync(path.join(ROOT, "Pulumi.yaml")));
const findings: Finding[] = [];
const counts = { cases: 0, valid: 0, planned: 0, refused: 0, slowRetried: 0 };

/**
 * One case: read, validate and, when valid, plan offline. A case past the time bound runs once
 * more on its own: only one slow twice is a finding (a busy machine or a GC pause is not).
 */
async function check(generator: string, text: string): Promise<void> {
    const before = findings.length;
    await checkOnce(generator, text);
    const last = findings.at(-1);
    if (findings.length > before && last?.what.startsWith("took ")) {
        findings.pop();
        counts.cases--;
        counts.slowRetried++;
        await checkOnce(generator, text);
    }
}

async function checkOnce(generator: string, text: string): Promise<void> {
    counts.cases++;
    writeFileSync(path.join(dir, "Pulumi.fuzz.yaml"), text);
    const start = Date.now();
    const found = (what: string) => findings.push({ generator, what, input: text });
    try {
        const file = readStackFile(dir, "fuzz");
        parsePlatformConfig(rawConfigFromPulumi(file.config), { stack: "fuzz", project: "rayops" });
        counts.valid++;
        const { runOfflinePlan } =
            require("../automation/plan/offline-plan") as typeof import("../automation/plan/offline-plan");
        await runOfflinePlan({ cwd: dir, stack: "fuzz" });
        counts.planned++;
    } catch (err) {
        if (err instanceof StackFileError || err instanceof ConfigError) {
            counts.refused++;
            if (err.message.includes(SECRET_BODY)) found("a planted secret was echoed in the error");
        } else {
            found(
                `crashed: ${err instanceof Error ? `${err.name}: ${err.message.split("\n")[0]}` : String(err)}`,
            );
        }
    }
    const ms = Date.now() - start;
    if (ms > CASE_BOUND_MS) found(`took ${ms} ms (bound ${CASE_BOUND_MS} ms), twice`);
}

/** A value a careless or hostile user might write anywhere. */
const hostile = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom("", "0", "-1", "1e309", "NaN", "0m", "0Gi", "10.0.0.1/16", "0.0.0.0/0", SECRET),
    fc.string({ maxLength: 300 }),
    fc.array(fc.string({ maxLength: 70 }), { maxLength: 60 }),
    fc.dictionary(fc.string({ maxLength: 70 }), fc.string({ maxLength: 70 }), { maxKeys: 60 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
);

/** Plants `value` at a path of the stack's config chosen by `picks`. */
function plant(stack: string, picks: readonly number[], value: unknown): string {
    const doc = require("js-yaml").load(stack) as { config: Record<string, unknown> };
    let node: Record<string, unknown> = doc.config;
    for (const pick of picks) {
        const keys = Object.keys(node);
        if (keys.length === 0) break;
        const key = keys[pick % keys.length]!;
        const child = node[key];
        if (child === null || typeof child !== "object" || Array.isArray(child) || pick % 5 === 0) {
            node[key] = value;
            return dump(doc);
        }
        node = child as Record<string, unknown>;
    }
    node[`fuzz${picks[0] ?? 0}`] = value;
    return dump(doc);
}

const INSERTS = [
    "&a ",
    "*a",
    "\t",
    ": ",
    "- ",
    "{",
    "[",
    "\n",
    '"',
    "'",
    "#",
    "!!binary ",
    "<<: ",
    "\u0000",
    "é",
];

/** A byte-level mutation of a committed stack file. */
const mutated = fc
    .tuple(
        fc.nat({ max: STACKS.length - 1 }),
        fc.array(
            fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.nat({ max: INSERTS.length - 1 }), fc.nat({ max: 255 })),
            { minLength: 1, maxLength: 8 },
        ),
    )
    .map(([which, edits]) => {
        let text = STACKS[which]!;
        for (const [at, kind, insert, byte] of edits) {
            const i = text.length === 0 ? 0 : at % text.length;
            if (kind === 0) text = text.slice(0, i) + String.fromCharCode(byte) + text.slice(i + 1);
            else if (kind === 1) text = text.slice(0, i) + INSERTS[insert] + text.slice(i);
            else if (kind === 2) text = text.slice(0, i) + text.slice(i + 1 + (byte % 20));
            else if (kind === 3) {
                const lines = text.split("\n");
                const l = at % lines.length;
                lines.splice(l, 0, ...Array(1 + (byte % 4)).fill(lines[l]));
                text = lines.join("\n");
            } else if (kind === 4) text = text.slice(0, i) + "&x [*x, *x, *x]" + text.slice(i);
            else text = replaceWithAliasBomb(text, 3 + (byte % 7), 3 + (insert % 7));
        }
        return text;
    });

/** Puts a `width`^`depth` alias bomb where a real section was (e.g. under rayops:nodePools). */
function replaceWithAliasBomb(text: string, depth: number, width: number): string {
    const lines = [`  rayops:fuzzBomb0: &b0 [${Array(width).fill('"x"').join(",")}]`];
    for (let d = 1; d <= depth; d++) {
        lines.push(
            `  rayops:fuzzBomb${d}: &b${d} [${Array(width)
                .fill(`*b${d - 1}`)
                .join(",")}]`,
        );
    }
    return text.replace(/^config:\n/m, `config:\n${lines.join("\n")}\n`);
}

async function main(): Promise<void> {
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    const rng = fc.sample(fc.nat(), { seed: SEED, numRuns: 1 })[0] ?? 0;
    let round = 0;
    console.error(`fuzz: ${SECONDS} s budget, seed ${SEED}`);
    while (Date.now() < deadline) {
        const seed = (SEED + rng + round++) % 2 ** 31;
        const planted = fc.sample(
            fc.tuple(fc.nat({ max: 1 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), hostile),
            { seed, numRuns: 20 },
        );
        for (const [which, picks, value] of planted) {
            await check("planted", plant(STACKS[which]!, picks, value));
            if (Date.now() >= deadline) break;
        }
        for (const text of fc.sample(mutated, { seed, numRuns: 20 })) {
            await check("bytes", text);
            if (Date.now() >= deadline) break;
        }
        if (round % 25 === 0) {
            console.error(
                `fuzz: ${Math.round((Date.now() - started) / 1000)} s, ${counts.cases} cases, ${findings.length} findings`,
            );
        }
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const out = path.join(ROOT, ".rayops", "fuzz-findings.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ seed: SEED, seconds, counts, findings }, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    const kinds = new Map<string, number>();
    for (const f of findings) kinds.set(f.what, (kinds.get(f.what) ?? 0) + 1);
    console.log(
        `fuzz: ${seconds} s, seed ${SEED}: ${counts.cases} cases (${counts.refused} refused, ${counts.valid} valid, ${counts.planned} planned offline, ${counts.slowRetried} slow once and retried), ${findings.length} findings`,
    );
    for (const [what, n] of kinds) console.log(`  ${n} × ${what}`);
    if (findings.length > 0) {
        console.log(`inputs in ${path.relative(process.cwd(), out)}`);
        process.exitCode = 1;
    }
}

main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
});
