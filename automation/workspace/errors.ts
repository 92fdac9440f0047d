/**
 * Turns what the Automation API throws into one sentence that says what to do. The Automation API
 * wraps every CLI failure in a `CommandError` whose message holds the CLI's whole stdout and stderr;
 * rayops shows one line instead, and never a stack trace. Duck-typed on names and texts, so this
 * module loads no Pulumi SDK.
 */

export type WorkspaceErrorKind =
    /** The `pulumi` CLI is not installed (the Automation API runs it for everything). */
    | "cli-missing"
    /** Another update holds the stack's lock. */
    | "locked"
    /** The passphrase secrets provider has no passphrase, or a wrong one. */
    | "passphrase"
    /** The AWS provider found no usable credentials. */
    | "aws-credentials"
    | "stack-not-found"
    | "stack-exists"
    /** The program or the engine rejected the stack's configuration. */
    | "config"
    /** The engine found what `expectNoChanges` forbade. */
    | "unexpected-changes"
    | "engine";

export class WorkspaceError extends Error {
    constructor(
        readonly kind: WorkspaceErrorKind,
        message: string,
    ) {
        super(message);
        this.name = "WorkspaceError";
    }
}

/** Ends the message of an `unexpected-changes` error; `rayops drift` reads it as the drift finding. */
export const UNEXPECTED_CHANGES_PHRASE = "found changes where none were expected";

export const PULUMI_INSTALL_URL = "https://www.pulumi.com/docs/install/";

export function cliMissingMessage(): string {
    return (
        `the pulumi CLI is not installed: ${PULUMI_INSTALL_URL} (the engine commands need it; ` +
        "`rayops plan` runs offline without it)"
    );
}

export interface ErrorContext {
    /** The stack the operation ran on, for the message. */
    readonly stack?: string;
    /** What ran: "preview", "up", ... */
    readonly operation?: string;
}

// Texts the Pulumi CLI and the AWS provider print; matched case-insensitively.
// Source: pulumi/pulumi sdk/nodejs/automation/errors.ts and pkg/secrets/passphrase, and
// pulumi/pulumi-aws provider messages (read 2026-11-25).
const LOCKED_TEXTS = ["the stack is currently locked by", "another update is currently in progress"];
const PASSPHRASE_MISSING_TEXTS = [
    "passphrase must be set with pulumi_config_passphrase",
    "pulumi_config_passphrase or pulumi_config_passphrase_file",
];
const PASSPHRASE_WRONG_TEXTS = ["incorrect passphrase"];
const AWS_CREDENTIAL_TEXTS = [
    "nocredentialproviders",
    "no valid credential sources",
    "failed to refresh cached credentials",
    "unable to validate aws credentials",
    "the security token included in the request is expired",
    "expiredtoken",
    "invalidclienttokenid",
    "could not load credentials",
];
const CONFIG_TEXTS = ["missing required configuration variable", "invalid stack configuration"];
const NOT_FOUND = /no stack named .* found/i;
const ALREADY_EXISTS = /stack .*already exists/i;
// "no changes were expected for refresh but changes were proposed" (pkg/backend/backenderr, v3.248.0).
const UNEXPECTED_CHANGES = /no changes were expected (?:for \S+ )?but changes (?:were proposed|occurred)/i;

/**
 * The CLI's exit-code taxonomy (pulumi/pulumi pkg/cmd/pulumi/cmd/exit_codes.go, v3.248.0), the
 * codes rayops reads. The Automation API reports -2 as its own code and keeps the CLI's in
 * `commandResult.err.exitCode`.
 */
export const PULUMI_EXIT = { noChanges: 7 } as const;

/** The Pulumi CLI's own exit code of a failed command, when the error carries one. */
export function cliExitCode(err: unknown): number | undefined {
    const result = (err as { commandResult?: { code?: unknown; err?: { exitCode?: unknown } } } | undefined)
        ?.commandResult;
    const inner = result?.err?.exitCode;
    if (typeof inner === "number") return inner;
    return typeof result?.code === "number" && result.code >= 0 ? result.code : undefined;
}

/** True when `err` is the Automation API failing to start the CLI (`spawn pulumi ENOENT`). */
export function isCliMissing(err: unknown): boolean {
    const text = rawText(err);
    return /spawn \S*pulumi ENOENT/.test(text) || /with ENOENT: \S*pulumi version/.test(text);
}

/** Maps anything the Automation API throws to a `WorkspaceError` whose message is one clear line. */
export function classifyEngineError(err: unknown, context: ErrorContext = {}): WorkspaceError {
    if (err instanceof WorkspaceError) return err;
    const stack = context.stack ? `stack ${context.stack}` : "the stack";
    const name = err instanceof Error ? err.name : "";
    const text = rawText(err);
    const lower = text.toLowerCase();

    if (isCliMissing(err)) return new WorkspaceError("cli-missing", cliMissingMessage());
    if (name === "ConcurrentUpdateError" || LOCKED_TEXTS.some((t) => lower.includes(t))) {
        return new WorkspaceError(
            "locked",
            `${stack} is locked by another update; wait for it or, if it crashed, run \`pulumi cancel\` yourself — rayops never cancels someone else's update`,
        );
    }
    if (PASSPHRASE_MISSING_TEXTS.some((t) => lower.includes(t))) {
        return new WorkspaceError("passphrase", passphraseMissingMessage(context.stack));
    }
    if (PASSPHRASE_WRONG_TEXTS.some((t) => lower.includes(t))) {
        return new WorkspaceError(
            "passphrase",
            `PULUMI_CONFIG_PASSPHRASE does not decrypt the secrets of ${stack}: use the passphrase the stack was created with`,
        );
    }
    if (AWS_CREDENTIAL_TEXTS.some((t) => lower.includes(t))) {
        return new WorkspaceError(
            "aws-credentials",
            `no valid AWS credentials for ${stack}: sign in (aws sso login, AWS_PROFILE) or, in CI, assume the stack's role with aws-actions/configure-aws-credentials`,
        );
    }
    if (name === "StackNotFoundError" || NOT_FOUND.test(text)) {
        return new WorkspaceError(
            "stack-not-found",
            `${stack} does not exist in the state backend: create it with \`rayops stack init --stack ${context.stack ?? "<name>"}\``,
        );
    }
    if (name === "StackAlreadyExistsError" || ALREADY_EXISTS.test(text)) {
        return new WorkspaceError("stack-exists", `${stack} already exists in the state backend`);
    }
    if (cliExitCode(err) === PULUMI_EXIT.noChanges || UNEXPECTED_CHANGES.test(text)) {
        return new WorkspaceError(
            "unexpected-changes",
            `${context.operation ?? "the operation"} of ${stack} ${UNEXPECTED_CHANGES_PHRASE}`,
        );
    }
    if (CONFIG_TEXTS.some((t) => lower.includes(t))) {
        return new WorkspaceError("config", `bad configuration of ${stack}: ${firstErrorLine(err)}`);
    }
    const what = context.operation
        ? `${context.operation} of ${stack} failed`
        : `${stack}: the engine failed`;
    return new WorkspaceError("engine", `${what}: ${firstErrorLine(err)}`);
}

export function passphraseMissingMessage(stack: string | undefined): string {
    return (
        `${stack ? `stack ${stack}` : "the stack"} encrypts its secrets with a passphrase and PULUMI_CONFIG_PASSPHRASE ` +
        "(or PULUMI_CONFIG_PASSPHRASE_FILE) is not set: set it, or give the stack an awskms:// secrets provider (recommended for prod)"
    );
}

export function passphraseEmptyMessage(stack: string | undefined): string {
    return (
        `PULUMI_CONFIG_PASSPHRASE is set but empty, so the secrets of ${stack ? `stack ${stack}` : "the stack"} cannot be ` +
        "opened (in GitHub Actions a missing secret arrives as an empty string): set the stack's passphrase, or unset the variable and use PULUMI_CONFIG_PASSPHRASE_FILE"
    );
}

/** The most telling line of an engine failure: the CLI's first `error:` line, else its last line. */
export function firstErrorLine(err: unknown): string {
    const stderr = commandStderr(err);
    const text = stderr ?? (err instanceof Error ? err.message : String(err));
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== "" && !/^(code|stdout|stderr|err\?):\s*$/.test(l));
    const errorLine = lines.find((l) => /^error:/i.test(l));
    const chosen = (errorLine ?? lines.at(-1) ?? "unknown error").replace(/^error:\s*/i, "");
    // One line, bounded, so a provider that dumps a whole response cannot flood the terminal.
    return chosen.length > 500 ? `${chosen.slice(0, 497)}...` : chosen;
}

function commandStderr(err: unknown): string | undefined {
    const result = (err as { commandResult?: { stderr?: unknown } } | undefined)?.commandResult;
    return typeof result?.stderr === "string" && result.stderr.trim() !== "" ? result.stderr : undefined;
}

function rawText(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    const stderr = commandStderr(err) ?? "";
    const stdout = (err as { commandResult?: { stdout?: unknown } } | undefined)?.commandResult?.stdout;
    return `${message}\n${stderr}\n${typeof stdout === "string" ? stdout : ""}`;
}

const PACK_START_FAILED = /policy pack "([^"]+)" failed to start/;
const TS_ERROR = /\berror TS\d+:/;
const RUNNER_HEADER = /^(?:error: )?\[runtime\] Running program .* failed with an unhandled exception:$/;

/**
 * Why a policy pack did not start, from what its runner wrote to stderr: the engine itself says
 * only "failed to start". A pack that does not compile gives its TypeScript errors (up to three);
 * another failure gives its first line. Undefined when the failure is not a pack's.
 */
export function policyPackStartFailure(failure: string, pluginStderr: readonly string[]): string | undefined {
    const pack = PACK_START_FAILED.exec(failure)?.[1];
    if (pack === undefined) return undefined;
    const lines = pluginStderr.flatMap((m) => m.split(/\r?\n/)).map((l) => l.trim());
    const tsErrors = lines.filter((l) => TS_ERROR.test(l));
    if (tsErrors.length > 0) {
        const more = tsErrors.length > 3 ? ` (and ${tsErrors.length - 3} more)` : "";
        return `policy pack ${pack} does not compile: ${tsErrors.slice(0, 3).map(bounded).join("; ")}${more}`;
    }
    const reason = lines.find((l) => l !== "" && !RUNNER_HEADER.test(l));
    return reason ? `policy pack ${pack} failed to start: ${bounded(reason)}` : undefined;
}

function bounded(line: string): string {
    return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}
