/**
 * The real workspace: the Automation API's `LocalWorkspace` over this repository, running the
 * project's program inline (in this process; see program.ts), so the engine needs no Node.js
 * language host. Every failure leaves here as a `WorkspaceError` with one clear line (see
 * errors.ts). Loaded only inside command actions: importing it loads `@pulumi/pulumi/automation`.
 */
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import type * as auto from "@pulumi/pulumi/automation";
import { readStackFile } from "../plan/stack-file";
import {
    classifyEngineError,
    type ErrorContext,
    passphraseEmptyMessage,
    passphraseMissingMessage,
    WorkspaceError,
} from "./errors";
import { loadProgram, PLUGINS_DIR, ProgramError, programEntry } from "./program";
import {
    checkPassphrase,
    PassphraseProblem,
    resolveWorkspaceSettings,
    SettingsError,
    type WorkspaceSettings,
} from "./settings";
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
    let entry: string;
    try {
        settings = resolveWorkspaceSettings(opts);
        entry = programEntry(settings.workDir);
    } catch (err) {
        if (err instanceof SettingsError || err instanceof ProgramError) {
            throw new WorkspaceError("config", err.message);
        }
        throw err;
    }
    const automation = require("@pulumi/pulumi/automation") as Automation;
    const pulumiCommand = await guard({}, () =>
        automation.PulumiCommand.get(settings.pulumiRoot ? { root: settings.pulumiRoot } : undefined),
    );
    if (settings.localStateDir) mkdirSync(settings.localStateDir, { recursive: true });
    const base = {
        workDir: settings.workDir,
        envVars: engineEnv(settings, opts.env),
        pulumiCommand,
        program: async () => loadProgram(entry),
    };
    const workspace = await guard({}, () => automation.LocalWorkspace.create(base));
    return new PulumiWorkspace(automation, workspace, pulumiCommand, settings, base, opts.env);
}

function engineEnv(settings: WorkspaceSettings, env: OpenWorkspaceOptions["env"]): Record<string, string> {
    // After the user's PATH: a full Pulumi installation's own plugins win.
    const pathVar = [env.PATH, PLUGINS_DIR].filter((p) => p !== undefined && p !== "").join(path.delimiter);
    return { ...settings.envVars, PATH: pathVar };
}

class PulumiWorkspace implements Workspace {
    constructor(
        private readonly automation: Automation,
        private readonly workspace: auto.LocalWorkspace,
        private readonly pulumiCommand: auto.PulumiCommand,
        private readonly settings: WorkspaceSettings,
        private readonly base: auto.LocalWorkspaceOptions,
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
                  this.automation.LocalWorkspace.create({ ...this.base, secretsProvider: provider }),
              )
            : this.workspace;
        await guard({ stack: name }, () => creator.createStack(name));
    }

    async stack(name: string): Promise<StackWorkspace> {
        this.checkPassphrase(name);
        const stack = await guard({ stack: name }, () => this.automation.Stack.select(name, this.workspace));
        return new PulumiStack(stack, this.pulumiCommand, this.settings.workDir, this.base.envVars ?? {});
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
        try {
            checkPassphrase(this.settings.backendUrl, this.secretsProviderOf(name), this.env);
        } catch (err) {
            if (!(err instanceof PassphraseProblem)) throw err;
            throw new WorkspaceError(
                "passphrase",
                err.reason === "missing" ? passphraseMissingMessage(name) : passphraseEmptyMessage(name),
            );
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

    constructor(
        private readonly stack: auto.Stack,
        private readonly pulumiCommand: auto.PulumiCommand,
        private readonly workDir: string,
        private readonly envVars: Readonly<Record<string, string>>,
    ) {
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

    /**
     * `pulumi stack export` itself: the Automation API's `exportStack()` adds `--show-secrets`,
     * which writes every secret in clear. Exported here, secrets stay ciphertext.
     */
    async exportStack(): Promise<StackExport> {
        return guard({ stack: this.name }, async () => {
            const stdout = await runCli(
                this.pulumiCommand.command,
                ["stack", "export", "--stack", this.name, "--non-interactive"],
                this.workDir,
                this.envVars,
            );
            return JSON.parse(stdout) as StackExport;
        });
    }
}

/**
 * Runs one CLI command the Automation API has no safe method for. A failure carries the CLI's
 * output the way the Automation API's `CommandError` does, so errors.ts classifies it alike.
 */
function runCli(
    command: string,
    args: readonly string[],
    cwd: string,
    envVars: Readonly<Record<string, string>>,
): Promise<string> {
    const { execFile } = require("node:child_process") as typeof import("node:child_process");
    return new Promise((resolve, reject) => {
        execFile(
            command,
            [...args],
            { cwd, env: { ...process.env, ...envVars }, maxBuffer: 512 * 1024 * 1024 },
            (err, stdout, stderr) => {
                if (!err) return resolve(stdout);
                const code = typeof err.code === "number" ? err.code : -1;
                const failure = new Error(`pulumi ${args[0]} ${args[1] ?? ""} failed (exit ${code})`);
                Object.assign(failure, { commandResult: { stdout, stderr, code } });
                reject(failure);
            },
        );
    });
}
