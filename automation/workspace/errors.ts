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
const UNEXPECTED_CHANGES = /no changes were expected but changes (?:were proposed|occurred)/i;

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
    if (UNEXPECTED_CHANGES.test(text)) {
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
