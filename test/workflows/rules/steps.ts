/** Rules about what steps run: pinned actions, checkout, scripts, the rayops CLI. */
import { VERIFIED_PINS } from "../pins";
import { isMapping } from "../workflow-file";
import { actionName, jobsOf, runOf, stepsOf, usesOf, type WorkflowRule } from "./model";

const USES_LINE = /^\s*(?:-\s+)?uses:\s*(["']?)([^\s"'#]+)\1\s*(?:#\s*(\S+).*)?$/;

function countUses(value: unknown): number {
    if (Array.isArray(value)) return value.reduce((n: number, v) => n + countUses(v), 0);
    if (!isMapping(value)) return 0;
    return Object.entries(value).reduce(
        (n, [k, v]) => n + (k === "uses" && typeof v === "string" ? 1 : 0) + countUses(v),
        0,
    );
}

export const actionsPinnedToVerifiedSha: WorkflowRule = {
    id: "actions-pinned-to-verified-sha",
    why: "a tag or branch can be moved to other code; a full SHA from the verified list cannot",
    check(file) {
        const out: string[] = [];
        let seen = 0;
        file.source.split("\n").forEach((line, i) => {
            const match = USES_LINE.exec(line);
            if (!match) return;
            seen++;
            const [, , uses, comment] = match;
            const where = `${file.path}:${i + 1}: uses ${uses}`;
            if (uses.startsWith("./")) return;
            const [, ref = ""] = uses.split("@");
            const action = actionName(uses);
            if (!/^[0-9a-f]{40}$/.test(ref)) {
                out.push(
                    `${where}: ref '${ref}' is not a full 40-hex commit SHA; pin one from test/workflows/pins.ts`,
                );
                return;
            }
            const pin = VERIFIED_PINS.find((p) => p.action === action && p.sha === ref);
            if (!pin) {
                out.push(
                    `${where}: ${action}@${ref} is not in test/workflows/pins.ts; verify it, then add it`,
                );
            } else if (comment !== pin.tag) {
                out.push(`${where}: trailing comment is '${comment ?? "(none)"}', expected '# ${pin.tag}'`);
            }
        });
        const total = countUses(file.workflow);
        if (seen !== total) {
            out.push(
                `${file.path}: ${total} uses keys but ${seen} block-style 'uses:' lines; write one per line`,
            );
        }
        return out;
    },
};

export const checkoutWithoutPersistedCredentials: WorkflowRule = {
    id: "checkout-without-persisted-credentials",
    why: "actions/checkout otherwise leaves the job's token in .git/config for every later step to read",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                if (actionName(usesOf(step)) !== "actions/checkout") continue;
                const withs = step.body["with"];
                const persist = isMapping(withs) ? withs["persist-credentials"] : undefined;
                if (persist !== false && persist !== "false") {
                    out.push(
                        `${file.path}: ${step.where}.with.persist-credentials is ${JSON.stringify(persist) ?? "missing"}; it must be false`,
                    );
                }
            }
        }
        return out;
    },
};

export const noExpressionsInRun: WorkflowRule = {
    id: "no-expressions-in-run",
    why: "an expression in run: is pasted into the script before bash parses it, so input becomes code; env: is data",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                const expr = /\$\{\{[^}]*\}\}/.exec(runOf(step));
                if (expr) {
                    out.push(
                        `${file.path}: ${step.where}.run contains '${expr[0]}'; pass it through env: instead`,
                    );
                }
            }
        }
        return out;
    },
};

export const rayopsWithoutRegistryFallback: WorkflowRule = {
    id: "rayops-without-registry-fallback",
    why: "plain npx downloads and runs a registry package named rayops if the local bin is ever missing",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                for (const match of runOf(step).matchAll(/\bnpx\b([^\n]*?)\brayops\b/g)) {
                    if (!match[1].includes("--no-install")) {
                        out.push(
                            `${file.path}: ${step.where}.run calls '${match[0]}'; use 'npx --no-install rayops'`,
                        );
                    }
                }
            }
        }
        return out;
    },
};

const NPM_INSTALL = /\bnpm\s+(?:ci|install|i)\b[^\n;&|]*/g;

export const installWithoutScripts: WorkflowRule = {
    id: "install-without-scripts",
    why: "an install script runs with whatever the job holds (an OIDC token, the App's token); nothing the project depends on needs one (test/workflows/install-scripts.spec.ts), so none runs",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                for (const match of runOf(step).matchAll(NPM_INSTALL)) {
                    if (!/\s--ignore-scripts\b/.test(match[0])) {
                        out.push(
                            `${file.path}: ${step.where}.run calls '${match[0].trim()}'; add --ignore-scripts`,
                        );
                    }
                }
            }
        }
        return out;
    },
};

export const nodeFromNvmrc: WorkflowRule = {
    id: "node-from-nvmrc",
    why: "one Node.js version, in .nvmrc, for every workflow, .ci/run and the engines field; a literal version in one workflow drifts from the rest",
    check(file) {
        const out: string[] = [];
        for (const job of jobsOf(file)) {
            for (const step of stepsOf(job)) {
                if (actionName(usesOf(step)) !== "actions/setup-node") continue;
                const withs = isMapping(step.body["with"]) ? step.body["with"] : {};
                if ("node-version" in withs || withs["node-version-file"] !== ".nvmrc") {
                    out.push(
                        `${file.path}: ${step.where}.with has node-version ${JSON.stringify(withs["node-version"]) ?? "(none)"} and node-version-file ${JSON.stringify(withs["node-version-file"]) ?? "(none)"}; use node-version-file: .nvmrc alone`,
                    );
                }
            }
        }
        return out;
    },
};
