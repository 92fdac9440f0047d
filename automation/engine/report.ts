/**
 * Engine events → the one `Report` every output renders, so a preview, an update or a drift check
 * reads like the offline plan: the same resource tree, policy table and summary.
 *
 * What the engine sends (pulumi/pulumi `pkg/engine/events.go` and `sdk/nodejs/automation/events.ts`,
 * read 2026-11-25): a `resourcePreEvent` before each step and a `resOutputsEvent` after it, both
 * with `metadata.op`. A replacement arrives as `create-replacement`, `replace` and
 * `delete-replaced` steps of one URN. During a refresh the pre-event's op is `refresh` and the
 * outputs event carries the result (`same`, `update` or `delete`). Policy findings arrive as
 * `policyEvent`s; an advisory finding's level is `warning`.
 */
import type { CapturedResource } from "../plan/types";
import type { ChangeKind, PolicyFinding, Report, ReportResource } from "../render/report";
import type { EngineEvent, StepMetadata } from "../workspace/types";

export type EngineReportKind = Exclude<Report["kind"], "offline-plan">;

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Pulumi's step ops folded into the report's change kinds; undefined: the step says nothing about change. */
export function changeOf(op: string): ChangeKind | undefined {
    switch (op) {
        case "create":
        case "update":
        case "delete":
        case "same":
        case "replace":
            return op;
        case "create-replacement":
        case "delete-replaced":
        case "import-replacement":
        case "read-replacement":
            return "replace";
        // An import adopts an existing cloud object into the stack: new to the state, not to the cloud.
        case "import":
            return "create";
        case "discard":
        case "discard-replaced":
            return "delete";
        case "read":
        case "remove-pending-replace":
            return "same";
        default:
            // `refresh` (the result comes with the outputs event) and ops of a newer engine.
            return undefined;
    }
}

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>` → name. */
export function nameOfUrn(urn: string): string {
    return urn.split("::").slice(3).join("::") || urn;
}

function typeOfUrn(urn: string): string {
    const chain = urn.split("::")[2] ?? "";
    return chain.slice(chain.lastIndexOf("$") + 1);
}

interface Entry {
    type: string;
    urn: string;
    parent?: string;
    component: boolean;
    change?: ChangeKind;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    provider?: string;
    /** The property paths the engine says change, sorted. */
    paths?: string[];
    /** The paths whose change replaces the resource. */
    replaceKeys?: string[];
}

/** Changed paths a report lists per resource (as the offline diff); the rest are counted. */
const MAX_PATHS = 20;

/** The paths a step changes and those that force its replacement, from its detailed diff when it has one. */
function stepPaths(md: StepMetadata): { paths?: string[]; replaceKeys?: string[] } {
    const detailed = md.detailedDiff ? Object.entries(md.detailedDiff) : [];
    const paths = detailed.length > 0 ? detailed.map(([p]) => p) : [...(md.diffs ?? [])];
    const replaceKeys = [
        ...new Set([
            ...detailed.filter(([, d]) => d.diffKind.endsWith("-replace")).map(([p]) => p),
            ...(md.keys ?? []),
        ]),
    ];
    return {
        ...(paths.length > 0 ? { paths: paths.sort() } : {}),
        ...(replaceKeys.length > 0 ? { replaceKeys: replaceKeys.sort() } : {}),
    };
}

export interface BuildOptions {
    readonly succeeded: boolean;
    readonly error?: string;
    /** The failure's problems, one per key (bad configuration). */
    readonly problems?: ReadonlyArray<{ readonly key?: string; readonly message: string }>;
    /** Policies the pack ran; 0 when no pack was passed. */
    readonly policiesRun: number;
    readonly region?: string;
    readonly cost?: Report["cost"];
    /** Extra lines for the report's limits. */
    readonly limits?: readonly string[];
    /** List unchanged resources too. @default false: only changes (and the components around them) */
    readonly includeUnchanged?: boolean;
}

const LIMITS: Record<EngineReportKind, string> = {
    preview:
        "Preview by the Pulumi engine against the stack's state: changes are what the providers proposed; values known only after an update are not shown.",
    up: "Update by the Pulumi engine: the stack's state now records these changes.",
    destroy:
        "Destroy by the Pulumi engine: the stack's resources were deleted; its configuration and history remain.",
    refresh: "Refresh by the Pulumi engine: the stack's state now matches what the cloud reported.",
    drift: "Drift check: a preview-only refresh compared the stack's state with the cloud; nothing was changed.",
};

/** Collects the events of one engine operation and builds its report. */
/** Plugin stderr lines kept per operation: enough for a compile error, bounded for a chatty plugin. */
const MAX_PLUGIN_LINES = 200;

export class EngineReportBuilder {
    private readonly entries = new Map<string, Entry>();
    private readonly findings: PolicyFinding[] = [];
    private readonly findingKeys = new Set<string>();
    private readonly errors: string[] = [];
    private readonly pluginErrors: string[] = [];
    private packs: Readonly<Record<string, string>> | undefined;
    private summary?: Readonly<Record<string, number | undefined>>;
    private eventCount = 0;

    constructor(
        readonly kind: EngineReportKind,
        readonly stack: string,
        readonly project = "rayops",
    ) {}

    /** Events received so far. */
    get events(): number {
        return this.eventCount;
    }

    /** Pass as `onEvent`. */
    readonly handle = (event: EngineEvent): void => {
        this.eventCount++;
        if (event.resourcePreEvent) this.step(event.resourcePreEvent.metadata, false);
        if (event.resOutputsEvent) this.step(event.resOutputsEvent.metadata, true);
        if (event.resOpFailedEvent) this.step(event.resOpFailedEvent.metadata, false);
        if (event.policyEvent) this.policy(event.policyEvent);
        if (event.diagnosticEvent?.severity === "error") {
            const message = event.diagnosticEvent.message.trim();
            if (message !== "") this.errors.push(message);
        }
        // A plugin's stderr (a policy pack that cannot start says why only here).
        if (event.diagnosticEvent?.severity === "info#err") {
            const message = event.diagnosticEvent.message.trim();
            if (message !== "" && this.pluginErrors.length < MAX_PLUGIN_LINES)
                this.pluginErrors.push(message);
        }
        if (event.summaryEvent) {
            this.summary = event.summaryEvent.resourceChanges;
            const packs = event.summaryEvent.PolicyPacks ?? event.summaryEvent.policyPacks;
            if (packs) {
                // "rayops|local|/repo/policypack" → "rayops"
                this.packs = Object.fromEntries(
                    Object.entries(packs).map(([key, version]) => [key.split("|")[0]!, version]),
                );
            }
        }
    };

    /** The engine's error diagnostics, in order (the first usually says why an operation failed). */
    errorDiagnostics(): readonly string[] {
        return this.errors;
    }

    /** What plugins wrote to stderr, in order (bounded). */
    pluginStderr(): readonly string[] {
        return this.pluginErrors;
    }

    /** True when a refresh found resources whose cloud state differs from the stack's state. */
    drifted(): boolean {
        for (const e of this.entries.values()) {
            if (e.change !== undefined && e.change !== "same") return true;
        }
        const s = this.summary ?? {};
        return Object.entries(s).some(([op, n]) => (n ?? 0) > 0 && !["same", "read", "refresh"].includes(op));
    }

    /** What the stack will hold, in the captured-resource shape the cost estimate reads (deletions left out). */
    capturedResources(): CapturedResource[] {
        return [...this.entries.values()]
            .filter((e) => e.change !== "delete")
            .map((e) => ({
                type: e.type,
                name: nameOfUrn(e.urn),
                urn: e.urn,
                inputs: e.inputs,
                outputs: e.outputs,
                parent: e.parent,
                provider: e.provider,
                component: e.component,
                isProvider: e.type.startsWith("pulumi:providers:"),
            }));
    }

    build(opts: BuildOptions): Report {
        const all: ReportResource[] = [];
        for (const e of this.entries.values()) {
            if (e.type === STACK_TYPE || e.type.startsWith("pulumi:providers:")) continue;
            all.push({
                type: e.type,
                name: nameOfUrn(e.urn),
                urn: e.urn,
                parent: e.parent,
                component: e.component,
                change: e.change ?? "same",
                ...changeDetail(e),
            });
        }
        const resources = opts.includeUnchanged ? all : changedWithAncestors(all);
        const mandatory = this.findings.some((f) => f.enforcementLevel === "mandatory");
        const judged = opts.policiesRun > 0 && (opts.succeeded || mandatory);
        const hidden = all.filter((r) => !r.component).length - resources.filter((r) => !r.component).length;
        const limits = [LIMITS[this.kind], ...(opts.limits ?? [])];
        if (hidden > 0)
            limits.push(`${hidden} unchanged resource${hidden === 1 ? " is" : "s are"} not listed.`);
        return {
            kind: this.kind,
            stack: this.stack,
            project: this.project,
            ...(opts.region ? { region: opts.region } : {}),
            succeeded: opts.succeeded,
            ...(opts.error !== undefined ? { error: opts.error } : {}),
            ...(opts.problems?.length ? { problems: [...opts.problems] } : {}),
            resources,
            policy: {
                // The engine fails a run on a mandatory violation: then the pack did judge it. Any
                // other failure may have stopped before the pack saw every resource or the stack.
                evaluated: judged,
                policiesRun: judged ? opts.policiesRun : 0,
                findings: [...this.findings],
                ...(this.packs ? { packs: { ...this.packs } } : {}),
            },
            ...(opts.cost ? { cost: opts.cost } : {}),
            limits,
        };
    }

    private step(md: StepMetadata, authoritative: boolean): void {
        const state = md.new ?? md.old;
        let entry = this.entries.get(md.urn);
        if (!entry) {
            entry = {
                type: md.type || state?.type || typeOfUrn(md.urn),
                urn: md.urn,
                component: state?.custom === false,
                inputs: {},
                outputs: {},
            };
            this.entries.set(md.urn, entry);
        }
        const parent = md.new?.parent || md.old?.parent;
        if (parent) entry.parent = parent;
        if (state?.custom !== undefined) entry.component = state.custom === false;
        if (md.new?.inputs) entry.inputs = { ...md.new.inputs };
        if (md.new?.outputs) entry.outputs = { ...md.new.outputs };
        const provider = md.new?.provider || md.old?.provider;
        if (provider) entry.provider = provider;
        const change = changeOf(md.op);
        if (change === undefined) return;
        const { paths, replaceKeys } = stepPaths(md);
        if (paths) entry.paths = [...new Set([...(entry.paths ?? []), ...paths])].sort();
        if (replaceKeys)
            entry.replaceKeys = [...new Set([...(entry.replaceKeys ?? []), ...replaceKeys])].sort();
        // A replacement spans several steps of one URN; none of them may turn it back into less.
        if (entry.change === "replace") return;
        if (entry.change === undefined || authoritative || change === "replace" || entry.change === "same") {
            entry.change = change;
        }
    }

    private policy(p: NonNullable<EngineEvent["policyEvent"]>): void {
        const level = p.enforcementLevel.toLowerCase();
        if (level === "disabled") return;
        const enforcementLevel = level === "mandatory" || level === "remediate" ? "mandatory" : "advisory";
        const key = `${p.policyName}\u0000${p.resourceUrn ?? ""}\u0000${p.message}`;
        if (this.findingKeys.has(key)) return;
        this.findingKeys.add(key);
        const urn = p.resourceUrn || undefined;
        const known = urn ? this.entries.get(urn) : undefined;
        this.findings.push({
            policy: p.policyName,
            enforcementLevel,
            ...(urn ? { resource: { type: known?.type ?? typeOfUrn(urn), name: nameOfUrn(urn), urn } } : {}),
            message: p.message.trim(),
        });
    }
}

/** What the engine said changes in an update or replace: paths only, never values. */
function changeDetail(e: Entry): Pick<ReportResource, "changedPaths" | "morePaths" | "replaceReasons"> {
    if (e.change !== "update" && e.change !== "replace") return {};
    const paths = e.paths ?? [];
    return {
        ...(paths.length > 0 ? { changedPaths: paths.slice(0, MAX_PATHS) } : {}),
        ...(paths.length > MAX_PATHS ? { morePaths: paths.length - MAX_PATHS } : {}),
        ...(e.change === "replace" && e.replaceKeys?.length
            ? { replaceReasons: e.replaceKeys.map((k) => `the provider cannot change ${k} in place`) }
            : {}),
    };
}

/** Changed resources plus the components above them, so the tree keeps its shape. */
function changedWithAncestors(resources: readonly ReportResource[]): ReportResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const keep = new Set<string>();
    for (const r of resources) {
        if (r.change === "same") continue;
        let at: ReportResource | undefined = r;
        while (at && !keep.has(at.urn)) {
            keep.add(at.urn);
            at = at.parent ? byUrn.get(at.parent) : undefined;
        }
    }
    return resources.filter((r) => keep.has(r.urn));
}
