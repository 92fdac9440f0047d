/**
 * The small interface the rayops commands drive the Pulumi engine through. `pulumi.ts` implements
 * it with the Automation API's `LocalWorkspace`; tests pass a fake, because the engine cannot run
 * there. Nothing here loads a Pulumi SDK.
 */

/** The step metadata of an engine event, as `@pulumi/pulumi/automation` delivers it (the parts rayops reads). */
export interface StepState {
    readonly type: string;
    readonly urn: string;
    /** False for component resources. */
    readonly custom?: boolean;
    readonly parent?: string;
    readonly provider?: string;
    readonly inputs?: Readonly<Record<string, unknown>>;
    readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface StepMetadata {
    /**
     * `same`, `create`, `update`, `delete`, `replace`, `create-replacement`, `delete-replaced`,
     * `read`, `refresh`, `import`, ... (Pulumi's `OpType`; kept open so a newer engine's ops pass).
     */
    readonly op: string;
    readonly urn: string;
    readonly type: string;
    readonly old?: StepState;
    readonly new?: StepState;
    /** Top-level property keys that differ. */
    readonly diffs?: readonly string[];
    /** Keys whose change makes the provider replace the resource (create and replace steps). */
    readonly keys?: readonly string[];
    /** Each property path that differs, and how (`update`, `add-replace`, ...). */
    readonly detailedDiff?: Readonly<
        Record<string, { readonly diffKind: string; readonly inputDiff?: boolean }>
    >;
}

/**
 * One engine event: exactly one of the optional payloads is set. A structural subset of the
 * Automation API's `EngineEvent`, so the real events pass through unchanged.
 */
export interface EngineEvent {
    readonly sequence?: number;
    readonly timestamp?: number;
    readonly resourcePreEvent?: { readonly metadata: StepMetadata; readonly planning?: boolean };
    readonly resOutputsEvent?: { readonly metadata: StepMetadata; readonly planning?: boolean };
    readonly resOpFailedEvent?: {
        readonly metadata: StepMetadata;
        readonly status: number;
        readonly steps: number;
    };
    readonly policyEvent?: {
        readonly policyName: string;
        readonly policyPackName?: string;
        /** `mandatory`, `warning` (advisory), `remediate` or `disabled`. */
        readonly enforcementLevel: string;
        readonly message: string;
        readonly resourceUrn?: string;
    };
    readonly diagnosticEvent?: {
        readonly message: string;
        /** `info`, `info#err`, `warning` or `error`. */
        readonly severity: string;
        readonly urn?: string;
        readonly prefix?: string;
    };
    readonly summaryEvent?: {
        readonly resourceChanges: Readonly<Record<string, number | undefined>>;
        /** The SDK's typing; the CLI (v3.248.0) sends `PolicyPacks`, keyed `name|local|dir`. */
        readonly policyPacks?: Readonly<Record<string, string>>;
        readonly PolicyPacks?: Readonly<Record<string, string>>;
        readonly maybeCorrupt?: boolean;
    };
    readonly preludeEvent?: { readonly config: Readonly<Record<string, string>> };
    readonly cancelEvent?: object;
}

/** What every engine operation accepts. */
export interface OperationOptions {
    /** The engine's own progress display, chunk by chunk. */
    readonly onOutput?: (text: string) => void;
    /** Every engine event, in order. */
    readonly onEvent?: (event: EngineEvent) => void;
    /** Colour of the engine's progress display. @default "never" */
    readonly color?: "always" | "never" | "auto" | "raw";
    /** Shown in the stack's history. */
    readonly message?: string;
}

export interface PreviewOptions extends OperationOptions {
    /** Policy pack directories run during the operation (`--policy-pack`). @default none */
    readonly policyPacks?: readonly string[];
    /** Refresh the state from the cloud first. @default false */
    readonly refresh?: boolean;
    /** Fail when the operation would change anything. @default false */
    readonly expectNoChanges?: boolean;
}

export type UpOptions = PreviewOptions;

export interface RefreshOptions extends OperationOptions {
    /** Only show what a refresh would change; the state is left alone and no lock is taken. @default false */
    readonly previewOnly?: boolean;
    /** Fail when the refresh finds a difference. @default false */
    readonly expectNoChanges?: boolean;
}

export interface DestroyOptions extends OperationOptions {
    /** Refresh the state from the cloud first. @default false */
    readonly refresh?: boolean;
}

/** Resources per operation kind, as the engine counted them (`{ create: 3, same: 40 }`). */
export type ChangeSummary = Readonly<Record<string, number | undefined>>;

export interface OperationResult {
    readonly changeSummary: ChangeSummary;
}

export interface StackOutput {
    readonly value: unknown;
    readonly secret: boolean;
}

export type StackOutputs = Readonly<Record<string, StackOutput>>;

/** A stack's exported state (`pulumi stack export`); secret values stay encrypted in it. */
export interface StackExport {
    readonly version: number;
    readonly deployment: unknown;
}

export interface StackSummary {
    readonly name: string;
    /** The workspace's current stack (what commands use without `--stack`). */
    readonly current: boolean;
    readonly lastUpdate?: string;
    readonly updateInProgress?: boolean;
    readonly resourceCount?: number;
    readonly url?: string;
}

export interface WorkspaceInfo {
    /** The repository root the program runs from. */
    readonly workDir: string;
    /** Where state lives: `file://…`, `s3://…`, or Pulumi Cloud's URL. */
    readonly backendUrl: string;
    /** The policy pack directory passed to previews and updates. */
    readonly policyPack: string;
    /** The Pulumi CLI's version, when known. */
    readonly pulumiVersion?: string;
}

/** One existing stack of the workspace. */
export interface StackWorkspace {
    readonly name: string;
    preview(opts?: PreviewOptions): Promise<OperationResult>;
    up(opts?: UpOptions): Promise<OperationResult>;
    refresh(opts?: RefreshOptions): Promise<OperationResult>;
    destroy(opts?: DestroyOptions): Promise<OperationResult>;
    outputs(): Promise<StackOutputs>;
    exportStack(): Promise<StackExport>;
}

/** The project's workspace: its stacks and where they live. */
export interface Workspace {
    info(): Promise<WorkspaceInfo>;
    listStacks(): Promise<StackSummary[]>;
    /** Makes `name` the workspace's current stack. */
    selectStack(name: string): Promise<void>;
    /** Creates stack `name` in the backend, with the secrets provider its stack file names. */
    initStack(name: string): Promise<void>;
    /** Opens an existing stack; fails with a `WorkspaceError` of kind `stack-not-found` otherwise. */
    stack(name: string): Promise<StackWorkspace>;
}

export interface OpenWorkspaceOptions {
    /** The repository root (Pulumi.yaml, the stack files, policypack/). */
    readonly cwd: string;
    readonly env: Readonly<Record<string, string | undefined>>;
}

/** How commands obtain a workspace; tests swap in a fake. */
export type WorkspaceFactory = (opts: OpenWorkspaceOptions) => Promise<Workspace>;
