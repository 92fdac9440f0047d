/**
 * FakeWorkspace — stands in for the Pulumi engine, which cannot run here (no Pulumi CLI, no
 * cloud). It implements the same `Workspace` interface as `automation/workspace/pulumi.ts` and
 * plays back what a test scripts: engine events, progress output, results and errors. Every call
 * is recorded, so a spec can assert what the command asked the engine to do, and in which order.
 *
 * Errors worth scripting are the real ones: `pulumiCommandError` builds the Automation API's own
 * error classes from a CLI stderr, and `realCliMissingError` asks the real Automation API for a
 * CLI that is not there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type {
    ChangeSummary,
    EngineEvent,
    OpenWorkspaceOptions,
    OperationOptions,
    OperationResult,
    StackExport,
    StackOutputs,
    StackSummary,
    StackWorkspace,
    Workspace,
    WorkspaceFactory,
    WorkspaceInfo,
} from "../../automation/workspace/types";

export type OperationName = "preview" | "up" | "refresh" | "destroy";

/** What one engine operation does when the fake runs it. */
export interface ScriptedOperation {
    /** Delivered to `onEvent`, in order. */
    readonly events?: readonly EngineEvent[];
    /** Delivered to `onOutput`, in order (the engine's progress display). */
    readonly output?: readonly string[];
    /** Thrown after the events, as the engine fails after reporting what it saw. */
    readonly error?: unknown;
    /** @default counted from the events' ops */
    readonly changeSummary?: ChangeSummary;
}

export interface FakeStackInit {
    readonly outputs?: StackOutputs;
    readonly exported?: StackExport;
    /** Thrown by `exportStack`. */
    readonly exportError?: unknown;
    readonly lastUpdate?: string;
    readonly resourceCount?: number;
}

export interface FakeCall {
    readonly method: string;
    readonly stack?: string;
    readonly options?: Readonly<Record<string, unknown>>;
}

export class FakeWorkspace implements Workspace {
    readonly calls: FakeCall[] = [];
    /** The options each `factory` call received. */
    readonly opened: OpenWorkspaceOptions[] = [];
    readonly stacks = new Map<string, FakeStackInit>();
    current: string | undefined;
    /** Thrown by `factory` (e.g. the CLI is missing). */
    openError: unknown;
    /** Thrown by `stack(name)` for any stack. */
    stackError: unknown;
    readonly workspaceInfo: WorkspaceInfo = {
        workDir: "/repo",
        backendUrl: "file:///repo/.pulumi-state",
        policyPack: "/repo/policypack",
        pulumiVersion: "3.248.0",
    };
    private readonly scripts = new Map<OperationName, ScriptedOperation[]>();

    constructor(
        init: { readonly stacks?: Readonly<Record<string, FakeStackInit>>; readonly current?: string } = {},
    ) {
        for (const [name, s] of Object.entries(init.stacks ?? { dev: {} })) this.stacks.set(name, s);
        this.current = init.current;
    }

    /** Queues what the next `op` does; an operation with nothing queued succeeds without events. */
    script(op: OperationName, ...runs: ScriptedOperation[]): this {
        this.scripts.set(op, [...(this.scripts.get(op) ?? []), ...runs]);
        return this;
    }

    /** Pass as the commands' `openWorkspace`. */
    readonly factory: WorkspaceFactory = async (opts) => {
        this.opened.push(opts);
        if (this.openError !== undefined) throw this.openError;
        return this;
    };

    /** The methods called, in order (`["stack", "exportStack", "destroy"]`). */
    methods(): string[] {
        return this.calls.map((c) => c.method);
    }

    callsOf(method: string): FakeCall[] {
        return this.calls.filter((c) => c.method === method);
    }

    async info(): Promise<WorkspaceInfo> {
        this.calls.push({ method: "info" });
        return this.workspaceInfo;
    }

    async listStacks(): Promise<StackSummary[]> {
        this.calls.push({ method: "listStacks" });
        return [...this.stacks.entries()].map(([name, s]) => ({
            name,
            current: name === this.current,
            lastUpdate: s.lastUpdate,
            resourceCount: s.resourceCount,
        }));
    }

    async selectStack(name: string): Promise<void> {
        this.calls.push({ method: "selectStack", stack: name });
        if (!this.stacks.has(name)) throw notFound(name);
        this.current = name;
    }

    async initStack(name: string): Promise<void> {
        this.calls.push({ method: "initStack", stack: name });
        if (this.stacks.has(name)) throw alreadyExists(name);
        this.stacks.set(name, {});
        this.current = name;
    }

    async stack(name: string): Promise<StackWorkspace> {
        this.calls.push({ method: "stack", stack: name });
        if (this.stackError !== undefined) throw this.stackError;
        const init = this.stacks.get(name);
        if (!init) throw notFound(name);
        // As the Automation API does: opening a stack selects it.
        this.current = name;
        const operate = (op: OperationName, opts: OperationOptions & Record<string, unknown> = {}) =>
            this.operate(op, name, opts);
        return {
            name,
            preview: (opts) => operate("preview", { ...opts }),
            up: (opts) => operate("up", { ...opts }),
            refresh: (opts) => operate("refresh", { ...opts }),
            destroy: (opts) => operate("destroy", { ...opts }),
            outputs: async () => {
                this.calls.push({ method: "outputs", stack: name });
                return init.outputs ?? {};
            },
            exportStack: async () => {
                this.calls.push({ method: "exportStack", stack: name });
                if (init.exportError !== undefined) throw init.exportError;
                return init.exported ?? { version: 3, deployment: { manifest: {}, resources: [] } };
            },
        };
    }

    private async operate(
        op: OperationName,
        stack: string,
        opts: OperationOptions & Record<string, unknown>,
    ): Promise<OperationResult> {
        const { onOutput, onEvent, ...rest } = opts;
        this.calls.push({ method: op, stack, options: rest });
        const run = this.scripts.get(op)?.shift() ?? {};
        for (const text of run.output ?? []) onOutput?.(text);
        for (const event of run.events ?? []) onEvent?.(event);
        if (run.error !== undefined) throw run.error;
        return { changeSummary: run.changeSummary ?? countOps(run.events ?? []) };
    }
}

function countOps(events: readonly EngineEvent[]): ChangeSummary {
    const counts: Record<string, number> = {};
    for (const e of events) {
        const op = e.resOutputsEvent?.metadata.op;
        if (op) counts[op] = (counts[op] ?? 0) + 1;
    }
    return counts;
}

// ---- the Automation API's own errors ---------------------------------------------------------

interface AutomationErrors {
    createCommandError(result: unknown): Error;
}
interface AutomationCmd {
    CommandResult: new (stdout: string, stderr: string, code: number, err?: Error) => unknown;
}

/**
 * The error the Automation API throws when the CLI exits with `code` and `stderr` (e.g. a
 * `ConcurrentUpdateError` for a locked stack), built by the SDK's own (internal) factory.
 */
export function pulumiCommandError(stderr: string, code = 255, stdout = ""): Error {
    const { createCommandError } = require("@pulumi/pulumi/automation/errors") as AutomationErrors;
    const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as AutomationCmd;
    return createCommandError(new CommandResult(stdout, stderr, code));
}

/** The error the real Automation API throws when no Pulumi CLI is installed where it looks. */
export async function realCliMissingError(): Promise<Error> {
    const { PulumiCommand } =
        require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation");
    const empty = mkdtempSync(path.join(tmpdir(), "rayops-no-pulumi-"));
    try {
        await PulumiCommand.get({ root: empty });
    } catch (err) {
        return err as Error;
    } finally {
        rmSync(empty, { recursive: true, force: true });
    }
    throw new Error("a Pulumi CLI was found in an empty directory");
}

/** The scenarios test/engine/record-errors.ts recorded from the real engine. */
export type RecordedErrorName =
    | "stackExists"
    | "stackNotFound"
    | "previewPolicyViolation"
    | "programError"
    | "packDoesNotCompile"
    | "upStackPolicyViolation"
    | "wrongPassphrase"
    | "missingPassphrase"
    | "refreshExpectedNoChanges"
    | "locked";

interface RecordedErrorsFile {
    readonly cliVersion: string;
    readonly errors: Readonly<Record<string, { stderr: string; exitCode: number | null }>>;
}

/** test/support/engine-errors.json: what the real engine said, and which CLI said it. */
export function recordedErrors(): RecordedErrorsFile {
    return require("./engine-errors.json") as RecordedErrorsFile;
}

/**
 * The error the Automation API threw when the real engine failed in scenario `name`, rebuilt by
 * the SDK's own factory from the recorded stderr and exit code (the SDK's own code is -2 and the
 * CLI's sits in `err.exitCode`, as in a real run). `rename` swaps a recorded stack name.
 */
export function recordedEngineError(name: RecordedErrorName, rename?: { from: string; to: string }): Error {
    const recorded = recordedErrors().errors[name];
    if (!recorded) throw new Error(`no recorded engine error "${name}": run npm run record:engine-errors`);
    const stderr = rename ? recorded.stderr.split(rename.from).join(rename.to) : recorded.stderr;
    const { createCommandError } = require("@pulumi/pulumi/automation/errors") as AutomationErrors;
    const { CommandResult } = require("@pulumi/pulumi/automation/cmd") as AutomationCmd;
    const err = Object.assign(new Error(`Command failed with exit code ${recorded.exitCode}`), {
        exitCode: recorded.exitCode ?? undefined,
    });
    return createCommandError(new CommandResult("", stderr, -2, err));
}

function notFound(name: string): Error {
    return recordedEngineError("stackNotFound", { from: "staging", to: name });
}

function alreadyExists(name: string): Error {
    return recordedEngineError("stackExists", { from: "organization/rayops/dev", to: name });
}

// ---- engine events, shaped as the Automation API delivers them --------------------------------

export const PROJECT = "rayops";

/** The URN Pulumi gives `name` of `type`, under the parents in `chain` (outermost first). */
export function urnOf(stack: string, type: string, name: string, chain: readonly string[] = []): string {
    const types = ["pulumi:pulumi:Stack", ...chain, type].join("$");
    return `urn:pulumi:${stack}::${PROJECT}::${types}::${name}`;
}

export interface StepInit {
    readonly stack?: string;
    /** The parent's URN. @default the stack */
    readonly parent?: string;
    /** Parent types for the URN's type chain. */
    readonly chain?: readonly string[];
    readonly component?: boolean;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
    /** What the engine says differs, as StepEventMetadata carries it. */
    readonly diffs?: readonly string[];
    readonly keys?: readonly string[];
    readonly detailedDiff?: Readonly<
        Record<string, { readonly diffKind: string; readonly inputDiff: boolean }>
    >;
}

function metadata(op: string, type: string, name: string, init: StepInit) {
    const stack = init.stack ?? "dev";
    const urn = urnOf(stack, type, name, init.chain);
    const state = {
        type,
        urn,
        custom: !init.component,
        parent: init.parent ?? `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`,
        inputs: init.inputs ?? {},
        outputs: init.outputs ?? {},
    };
    return {
        op,
        urn,
        type,
        ...(op === "create" ? { new: state } : op === "delete" ? { old: state } : { old: state, new: state }),
        ...(init.diffs ? { diffs: init.diffs } : {}),
        ...(init.keys ? { keys: init.keys } : {}),
        ...(init.detailedDiff ? { detailedDiff: init.detailedDiff } : {}),
    };
}

/** The `resourcePreEvent` before a step. */
export function preStep(op: string, type: string, name: string, init: StepInit = {}): EngineEvent {
    return { resourcePreEvent: { metadata: metadata(op, type, name, init), planning: true } };
}

/** The `resOutputsEvent` after a step (for a refresh: its result op). */
export function outputsStep(op: string, type: string, name: string, init: StepInit = {}): EngineEvent {
    return { resOutputsEvent: { metadata: metadata(op, type, name, init), planning: true } };
}

/** Both events of one step, as a preview or update sends them. */
export function step(op: string, type: string, name: string, init: StepInit = {}): EngineEvent[] {
    return [preStep(op, type, name, init), outputsStep(op, type, name, init)];
}

/** A policy pack finding; `level` as the engine names it (`mandatory`, or `warning` for advisory). */
export function policyEvent(
    policyName: string,
    level: "mandatory" | "warning",
    message: string,
    resourceUrn?: string,
): EngineEvent {
    return {
        policyEvent: {
            policyName,
            policyPackName: "rayops",
            enforcementLevel: level,
            message,
            ...(resourceUrn ? { resourceUrn } : {}),
        },
    };
}

export function errorDiagnostic(message: string, urn?: string): EngineEvent {
    return { diagnosticEvent: { message, severity: "error", ...(urn ? { urn } : {}) } };
}

export function summaryEvent(resourceChanges: Record<string, number>): EngineEvent {
    return { summaryEvent: { resourceChanges, policyPacks: { rayops: "0.1.0" } } };
}
