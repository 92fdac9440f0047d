/**
 * What the two mutation-testing targets share: stryker.pack.config.mjs (the policy pack) and
 * stryker.config-schema.config.mjs (the config schema). `npm run test:mutation` runs them
 * (scripts/mutation.ts; docs/mutation-testing.md says what runs and how to read the reports).
 *
 * Also a Stryker plugin module: `strykerPlugins` holds the ignorer that leaves metadata text
 * unmutated (see `metadataText`).
 */
import "./stryker.mocha12-resolve.mjs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { declareValuePlugin, PluginKind } from "@stryker-mutator/api/plugin";

const MOCHA12_RESOLVE = new URL("./stryker.mocha12-resolve.mjs", import.meta.url).href;
const IGNORER = "rayops-metadata-text";

/**
 * Text that is read by people and never by code, so no spec could tell its mutants apart from the
 * original without restating the source (a spec that pins each policy's severity string is a copy
 * of the policy, not a check of it). Each returned reason shows in the report's "Ignored" list.
 *
 * Also the `description` of a zod field's `.meta({ description })`, the text of the generated
 * configuration reference.
 *
 * Kept in on purpose: violation messages and config error messages (the house style asks each to
 * name the resource or key, the value and what is allowed, and specs are what hold them to it),
 * policy `description`s (a spec already requires one on every policy) and `enforcementLevel`,
 * which decides whether a violation fails the preview.
 *
 * @param {object} nodePath a Babel NodePath, as Stryker's instrumenter walks the AST
 * @returns {string | undefined} why the node's mutants are ignored, or undefined to mutate it
 */
function metadataText(nodePath) {
    // The program is entered first, while its AST is still as written: Stryker swaps mutated
    // expressions in on the way out, so by the time a call is reached the function it calls may
    // already be wrapped in mutant switches and its parameters out of sight.
    if (nodePath.isProgram()) collectDescriptionArguments(nodePath);
    // `.meta({ description: "..." })` on a zod field, with what is inside it: the text
    // docs/configuration.md is generated from, never read by the schema itself
    // (test/docs/configuration.spec.ts requires one on every key and keeps the page in step).
    if (nodePath.isObjectExpression() && isMetaArgument(nodePath)) {
        return "config key description (zod .meta), shown to people only";
    }
    if (!nodePath.isStringLiteral() && !nodePath.isTemplateLiteral()) return undefined;
    const parent = nodePath.parentPath;
    // `severity: "high"` on a policy: how Pulumi Cloud ranks a violation. Nothing in rayops reads
    // it; enforcementLevel alone decides whether a violation fails the preview.
    if (
        parent?.isObjectProperty() &&
        parent.node.value === nodePath.node &&
        keyName(parent.node) === "severity"
    ) {
        return "policy severity is display metadata; enforcementLevel decides";
    }
    // `count("Most nodes ...", 20)`: text handed to a parameter named `description` becomes a JSON
    // schema `description`, the help `pulumi policy` shows beside a setting.
    if (descriptionArguments.has(nodePath.node)) return "JSON schema description text, shown to people only";
    return undefined;
}

/** Whether `objectPath` is the argument of a `.meta(...)` call. */
function isMetaArgument(objectPath) {
    if (!objectPath?.isObjectExpression()) return false;
    const call = objectPath.parentPath;
    if (!call?.isCallExpression() || call.node.arguments[0] !== objectPath.node) return false;
    const callee = call.node.callee;
    return callee.type === "MemberExpression" && !callee.computed && callee.property.name === "meta";
}

/** String arguments bound to a parameter named `description`, per program, found before any mutant is placed. */
const descriptionArguments = new WeakSet();

function collectDescriptionArguments(program) {
    program.traverse({
        CallExpression(call) {
            call.node.arguments.forEach((argument, index) => {
                const isText = argument.type === "StringLiteral" || argument.type === "TemplateLiteral";
                if (isText && parameterName(call, index) === "description")
                    descriptionArguments.add(argument);
            });
        },
    });
}

/** @param {{ key: { type: string, name?: string, value?: unknown }, computed: boolean }} property */
function keyName(property) {
    if (property.computed) return undefined;
    if (property.key.type === "Identifier") return property.key.name;
    if (property.key.type === "StringLiteral") return property.key.value;
    return undefined;
}

/** The name of the parameter at `index` of the function `call` calls, when it is declared in the same file. */
function parameterName(call, index) {
    const callee = call.node.callee;
    if (callee.type !== "Identifier") return undefined;
    const declared = call.scope.getBinding(callee.name)?.path.node;
    const fn = declared?.type === "VariableDeclarator" ? declared.init : declared;
    const param = fn && "params" in fn ? fn.params[index] : undefined;
    return param?.type === "Identifier" ? param.name : undefined;
}

export const strykerPlugins = [
    declareValuePlugin(PluginKind.Ignore, IGNORER, { shouldIgnore: metadataText }),
];

/** Where each target writes its reports: `<REPORT_DIR>/<target>/mutation.{html,json}`. */
export const REPORT_DIR = "reports/mutation";

/**
 * One target's Stryker options.
 *
 * @param {object} target
 * @param {string} target.name the folder under REPORT_DIR (and the name `npm run test:mutation -- <name>` takes)
 * @param {string[]} target.mutate the production files whose mutants count
 * @param {string[]} target.spec the specs that may kill them
 * @param {{ high: number, low: number, break: number }} target.thresholds mutation score in percent:
 *   `high` is the goal, `break` fails the run
 * @returns {import("@stryker-mutator/api/core").PartialStrykerOptions}
 */
export function strykerOptions({ name, mutate, spec, thresholds }) {
    return {
        testRunner: "mocha",
        // .mocharc.json still applies (it requires tsx/cjs, so the specs run as TypeScript); only the
        // spec list is narrowed to the target's specs, so the initial run and each mutant stay fast.
        mochaOptions: { spec },
        // Stryker instruments the TypeScript sources itself and tsx compiles the result like any
        // other file, so per-test coverage works: a mutant runs only the tests that reach it.
        // Static mutants (hit while a module loads, e.g. a zod schema or a constant table) still
        // run every spec of the target, each in a fresh process; they are kept, since the schema
        // is mostly such code.
        coverageAnalysis: "perTest",
        mutate,
        thresholds,
        appendPlugins: [fileURLToPath(import.meta.url)],
        ignorers: [IGNORER],
        // The test-runner processes and the checker process load the mocha-runner plugin too.
        testRunnerNodeArgs: ["--import", MOCHA12_RESOLVE],
        checkerNodeArgs: ["--import", MOCHA12_RESOLVE],
        reporters: ["clear-text", "progress", "html", "json"],
        // The score table only; the surviving mutants are listed by scripts/mutation.ts and the
        // html report shows each in its source.
        clearTextReporter: { reportTests: false, reportMutants: false, logTests: false },
        htmlReporter: { fileName: `${REPORT_DIR}/${name}/mutation.html` },
        jsonReporter: { fileName: `${REPORT_DIR}/${name}/mutation.json` },
        incrementalFile: `${REPORT_DIR}/${name}/incremental.json`,
        // The sandboxes (copies of the repository) live outside it: one inside would be read by
        // `biome check .` (its nested biome.json is an error) while a run goes on or after one fails.
        // One folder per target, so two targets can run at once.
        tempDirName: path.join(os.tmpdir(), "rayops-stryker", name),
        // Stryker does not read .gitignore; these are the ignored folders (the Python virtualenv
        // alone is ~800 MB) and the Python workloads, none of which a mocha spec reads.
        ignorePatterns: [
            "/.venv",
            "/.ruff_cache",
            "/.pytest_cache",
            "/.rayops",
            "/.pulumi",
            "/.pulumi-state",
            "/dist",
            "/bench/results",
            "/workloads",
            "__pycache__",
        ],
    };
}
