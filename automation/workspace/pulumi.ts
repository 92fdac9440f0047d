/**
 * The real workspace: the Automation API's `LocalWorkspace` over this repository. Every failure
 * leaves here as a `WorkspaceError` with one clear line (see errors.ts). Loaded only inside command
 * actions: importing it loads `@pulumi/pulumi/automation`.
 */
import { mkdirSync } from "node:fs";
import type * as auto from "@pulumi/pulumi/automation";
import { readStackFile } from "../plan/stack-file";
import { classifyEngineError, type ErrorContext, passphraseMissingMessage, WorkspaceError } from "./errors";
import { needsPassphrase, resolveWorkspaceSettings, SettingsError, type WorkspaceSettings } from "./settings";
import type {
    DestroyOptions,
    OpenWorkspaceOptions,
    OperationOptions,
    OperationResult,
    PreviewOptions,
    RefreshOptions,
    StackExport,
    StackOutputs,
    StackSummary,
    StackWorkspace,
    UpOptions,
    Workspace,
    WorkspaceInfo,
} from "./types";

type Automation = typeof auto;

async function guard<T>(context: ErrorContext, run: () => Promise<T>): Promise<T> {
    try {
        return await run();
    } catch (err) {
        throw classifyEngineError(err, context);
    }
}

/** Opens the repository's workspace; fails at once, with one line, when the CLI is missing. */
export async function openPulumiWorkspace(opts: OpenWorkspaceOptions): Promise<Workspace> {
    let settings: WorkspaceSettings;
    try {
        settings = resolveWorkspaceSettings(opts);
    } catch (err) {
        if (err instanceof SettingsError) throw new WorkspaceError("config", err.message);
        throw err;
    }
    const automation = require("@pulumi/pulumi/automation") as Automation;
    const pulumiCommand = await guard({}, () =>
        automation.PulumiCommand.get(settings.pulumiRoot ? { root: settings.pulumiRoot } : undefined),
    );
    if (settings.localStateDir) mkdirSync(settings.localStateDir, { recursive: true });
    const workspace = await guard({}, () =>
        automation.LocalWorkspace.create({
            workDir: settings.workDir,
            envVars: { ...settings.envVars },
            pulumiCommand,
        }),
    );
    return new PulumiWorkspace(automation, workspace, pulumiCommand, settings, opts.env);
}

class PulumiWorkspace implements Workspace {
    constructor(
        private readonly automation: Automation,
        private readonly workspace: auto.LocalWorkspace,
        private readonly pulumiCommand: auto.PulumiCommand,
        private readonly settings: WorkspaceSettings,
        private readonly env: OpenWorkspaceOptions["env"],
    ) {}

    async info(): Promise<WorkspaceInfo> {
        return {
            workDir: this.settings.workDir,
            backendUrl: this.settings.backendUrl,
            policyPack: this.settings.policyPack,
            pulumiVersion: this.workspace.pulumiVersion,
        };
    }

    async listStacks(): Promise<StackSummary[]> {
        const stacks = await guard({}, () => this.workspace.listStacks());
        return stacks.map((s) => ({
            name: s.name,
            current: s.current,
            lastUpdate: s.lastUpdate,
            updateInProgress: s.updateInProgress,
            resourceCount: s.resourceCount,
            url: s.url,
        }));
    }

    async selectStack(name: string): Promise<void> {
        this.checkPassphrase(name);
        await guard({ stack: name }, () => this.workspace.selectStack(name));
    }

    async initStack(name: string): Promise<void> {
        const provider = this.secretsProviderOf(name);
        this.checkPassphrase(name);
        // The stack file's provider applies to `stack init` only, so a workspace carries it just for that.
        const creator = provider
            ? await guard({ stack: name }, () =>
                  this.automation.LocalWorkspace.create({
                      workDir: this.settings.workDir,
                      envVars: { ...this.settings.envVars },
                      pulumiCommand: this.pulumiCommand,
                      secretsProvider: provider,
                  }),
              )
            : this.workspace;
        await guard({ stack: name }, () => creator.createStack(name));
    }

    async stack(name: string): Promise<StackWorkspace> {
        this.checkPassphrase(name);
        const stack = await guard({ stack: name }, () => this.automation.Stack.select(name, this.workspace));
        return new PulumiStack(stack);
    }

    private secretsProviderOf(name: string): string | undefined {
        try {
            return readStackFile(this.settings.workDir, name).secretsProvider;
        } catch {
            // No stack file: Pulumi's default provider applies, as for `pulumi stack init`.
            return undefined;
        }
    }

    /** Fails before the CLI runs, with what to set, instead of the CLI's own prompt error. */
    private checkPassphrase(name: string): void {
        if (needsPassphrase(this.settings.backendUrl, this.secretsProviderOf(name), this.env)) {
            throw new WorkspaceError("passphrase", passphraseMissingMessage(name));
        }
    }
}

function engineOptions(opts: OperationOptions = {}) {
    return {
        onOutput: opts.onOutput,
        onEvent: opts.onEvent,
        color: opts.color ?? "never",
        message: opts.message,
    };
}

function changes(summary: auto.UpdateSummary | undefined): OperationResult {
    return { changeSummary: { ...(summary?.resourceChanges ?? {}) } };
}

class PulumiStack implements StackWorkspace {
    readonly name: string;

    constructor(private readonly stack: auto.Stack) {
        this.name = stack.name;
    }

    async preview(opts: PreviewOptions = {}): Promise<OperationResult> {
        const result = await guard({ stack: this.name, operation: "preview" }, () =>
            this.stack.preview({
                ...engineOptions(opts),
                policyPacks: [...(opts.policyPacks ?? [])],
                refresh: opts.refresh,
                expectNoChanges: opts.expectNoChanges,
            }),
        );
        return { changeSummary: { ...result.changeSummary } };
    }

    async up(opts: UpOptions = {}): Promise<OperationResult> {
        const result = await guard({ stack: this.name, operation: "up" }, () =>
            this.stack.up({
                ...engineOptions(opts),
                policyPacks: [...(opts.policyPacks ?? [])],
                refresh: opts.refresh,
                expectNoChanges: opts.expectNoChanges,
            }),
        );
        return changes(result.summary);
    }

    async refresh(opts: RefreshOptions = {}): Promise<OperationResult> {
        const operation = opts.previewOnly ? "drift check" : "refresh";
        const options = { ...engineOptions(opts), expectNoChanges: opts.expectNoChanges };
        if (opts.previewOnly) {
            const result = await guard({ stack: this.name, operation }, () =>
                this.stack.previewRefresh(options),
            );
            return { changeSummary: { ...result.changeSummary } };
        }
        const result = await guard({ stack: this.name, operation }, () => this.stack.refresh(options));
        return changes(result.summary);
    }

    async destroy(opts: DestroyOptions = {}): Promise<OperationResult> {
        const result = await guard({ stack: this.name, operation: "destroy" }, () =>
            this.stack.destroy({ ...engineOptions(opts), refresh: opts.refresh }),
        );
        return changes(result.summary);
    }

    async outputs(): Promise<StackOutputs> {
        return guard({ stack: this.name }, () => this.stack.outputs());
    }

    async exportStack(): Promise<StackExport> {
        return guard({ stack: this.name }, () => this.stack.exportStack());
    }
}
