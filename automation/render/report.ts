/**
 * The one report model that every output renders: the terminal, `--json` and the PR comment
 * (Markdown). Offline plans and engine previews both produce it.
 */
import type { PlanDiff } from "../plan/diff";
import type { CapturedResource } from "../plan/types";

export type EnforcementLevel = "mandatory" | "advisory" | "disabled";

export interface PolicyFinding {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly resource?: { readonly type: string; readonly name: string; readonly urn: string };
    readonly message: string;
}

export type ChangeKind = "create" | "update" | "replace" | "delete" | "same";

export interface ReportResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly parent?: string;
    readonly component: boolean;
    readonly change: ChangeKind;
    /**
     * The resource's inputs as the program set them (offline plans): every top-level input that
     * held a secret anywhere is replaced by `SECRET_MASK`. Engine reports leave inputs out.
     */
    readonly inputs?: Readonly<Record<string, unknown>>;
    /** URN of the explicit provider, if the program gave one. */
    readonly provider?: string;
    /** URNs the resource waits for (`dependsOn`, and the resources its inputs came from), sorted. */
    readonly dependencies?: readonly string[];
    /** For `update` and `replace`: the input paths that change (never their values), sorted. */
    readonly changedPaths?: readonly string[];
    /** Changed paths left out of `changedPaths`, which lists at most 20. */
    readonly morePaths?: number;
    /** For `replace`: why the resource is replaced rather than updated in place. */
    readonly replaceReasons?: readonly string[];
}

/** What `--json` shows in place of a secret input. */
export const SECRET_MASK = "[secret]";

/** `inputs` with each named secret input masked, and keys in a stable order. */
function maskedInputs(
    inputs: Readonly<Record<string, unknown>>,
    secrets: readonly string[],
): Record<string, unknown> {
    const hidden = new Set(secrets);
    return Object.fromEntries(
        Object.keys(inputs)
            .sort()
            .map((k) => [k, hidden.has(k) ? SECRET_MASK : inputs[k]]),
    );
}

/** A cost section; the cost module fills it (amounts in USD per month). */
export interface CostSection {
    readonly currency: "USD";
    readonly floor: number;
    readonly expected: number;
    readonly ceiling: number;
    readonly lines: ReadonlyArray<{
        /** Stable key for machines, e.g. `nodes:gpu`, `volumes:gpu`, `eks-control-plane`. */
        readonly id?: string;
        readonly item: string;
        readonly floor: number;
        readonly expected: number;
        readonly ceiling: number;
        readonly note?: string;
    }>;
    readonly unknown: readonly string[];
    readonly priceSource: string;
    readonly delta?: {
        /** The revision compared with, as people name it: `main @ 1a2b3c4d5e6f`. */
        readonly base: string;
        readonly floor: number;
        readonly expected: number;
        readonly ceiling: number;
        /** The base revision's totals, which the change is measured from. */
        readonly before: { readonly floor: number; readonly expected: number; readonly ceiling: number };
    };
}

export interface Report {
    readonly kind: "offline-plan" | "preview" | "up" | "destroy" | "refresh" | "drift";
    readonly stack: string;
    readonly project: string;
    readonly region?: string;
    /** false when the operation itself failed (the summary says so). */
    readonly succeeded: boolean;
    readonly error?: string;
    /** When the run failed on configuration: every problem, one per key, in the project's words. */
    readonly problems?: ReadonlyArray<{ readonly key?: string; readonly message: string }>;
    readonly resources: readonly ReportResource[];
    readonly policy: {
        /**
         * Whether the pack judged the whole stack. False when the run failed before the pack
         * finished or no pack ran: then no verdict may be drawn from an empty list of findings.
         */
        readonly evaluated: boolean;
        /** Policies the pack ran; 0 unless `evaluated`. */
        readonly policiesRun: number;
        readonly findings: readonly PolicyFinding[];
        /** The packs the engine ran, name → version (engine reports only; from its summary). */
        readonly packs?: Readonly<Record<string, string>>;
    };
    readonly cost?: CostSection;
    /**
     * The revision the changes are measured from, as people name it (`main @ 1a2b3c4d5e6f`):
     * offline plans given a base; engine reports measure from the stack's last deployment.
     */
    readonly base?: string;
    /** What this kind of report cannot know, said plainly. */
    readonly limits: readonly string[];
}

/** What each kind of report is called in titles and verdicts. */
export const REPORT_TITLES: Readonly<Record<Report["kind"], string>> = {
    "offline-plan": "offline plan",
    preview: "preview",
    up: "update",
    destroy: "destroy",
    refresh: "refresh",
    drift: "drift check",
};

export const OFFLINE_LIMITS = [
    "Offline plan: the program ran under mocks, with no cloud and no Pulumi engine.",
    "Provider diffs are not shown: every resource is listed as it would be created on an empty stack.",
    "Cloud-side defaults and computed values (ids, ARNs, endpoints) are realistic placeholders.",
    "Components from other packages (eks:index:Cluster) appear as one resource; their children are not visible.",
];

/** The offline limits of a plan whose changes are measured against `base`. */
export function offlineLimitsAgainst(base: string): string[] {
    return [
        OFFLINE_LIMITS[0]!,
        `Changes are this revision's offline plan against ${base}'s: which inputs change. Whether a provider updates in place or replaces is known at deploy; only the program's replaceOnChanges and a changed provider are shown as replace here.`,
        ...OFFLINE_LIMITS.slice(2),
    ];
}

export function changeCounts(resources: readonly ReportResource[]): Record<ChangeKind, number> {
    const counts: Record<ChangeKind, number> = { create: 0, update: 0, replace: 0, delete: 0, same: 0 };
    for (const r of resources) if (!r.component) counts[r.change] += 1;
    return counts;
}

export function violationCounts(findings: readonly PolicyFinding[]): { mandatory: number; advisory: number } {
    return {
        mandatory: findings.filter((f) => f.enforcementLevel === "mandatory").length,
        advisory: findings.filter((f) => f.enforcementLevel === "advisory").length,
    };
}

/** A captured resource as the report shows it, with its change; inputs masked. */
function reportResource(r: CapturedResource, change: ReportResource["change"]): ReportResource {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        parent: r.parent,
        component: r.component,
        change,
        inputs: maskedInputs(r.inputs, r.secretInputs ?? []),
        ...(r.provider ? { provider: r.provider } : {}),
        ...(r.dependencies?.length ? { dependencies: [...r.dependencies].sort() } : {}),
    };
}

/**
 * The report's resources from an offline run. Without `diff` every resource is created (an empty
 * stack); with it, each has its change against the base, and the base's deleted resources follow.
 */
export function fromCaptured(resources: readonly CapturedResource[], diff?: PlanDiff): ReportResource[] {
    const listed = resources
        .filter((r) => !r.isProvider && r.type !== "pulumi:pulumi:Stack")
        .map((r) => {
            // A read (the network stack's StackReference) changes nothing.
            if (!diff) return reportResource(r, r.read ? "same" : "create");
            const c = diff.changes.get(r.urn);
            if (!c || c.change === "create" || c.change === "same" || c.change === "delete") {
                return reportResource(r, c?.change ?? "create");
            }
            return {
                ...reportResource(r, c.change),
                changedPaths: c.paths,
                ...(c.morePaths > 0 ? { morePaths: c.morePaths } : {}),
                ...(c.change === "replace" ? { replaceReasons: c.replaceReasons } : {}),
            };
        });
    const deleted = (diff?.deleted ?? []).map((r) => reportResource(r, "delete"));
    // One order whatever the registration order of parallel work: by URN.
    return [...listed, ...deleted].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
}

export interface TreeNode {
    readonly resource: ReportResource;
    readonly children: TreeNode[];
}

/** Groups resources under their parents; resources whose parent is not listed become roots. */
export function resourceTree(resources: readonly ReportResource[]): TreeNode[] {
    const nodes = new Map<string, TreeNode>();
    for (const r of resources) nodes.set(r.urn, { resource: r, children: [] });
    const roots: TreeNode[] = [];
    for (const node of nodes.values()) {
        const parent = node.resource.parent ? nodes.get(node.resource.parent) : undefined;
        (parent ? parent.children : roots).push(node);
    }
    return roots;
}
