/** Process exit codes of the rayops CLI; documented in `rayops --help` and the README. */
export const ExitCode = {
    ok: 0,
    error: 1,
    policyViolation: 2,
    drift: 3,
    stackLocked: 4,
    badConfig: 5,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODE_HELP = `Exit codes:
  0  success
  1  error (the message says what failed)
  2  a mandatory policy was violated
  3  drift: the cloud no longer matches the stack's state
  4  the stack is locked by another update (rayops never cancels it)
  5  bad stack configuration (every problem is listed)`;

/** An error that carries the exit code the CLI must end with. */
export class CliError extends Error {
    constructor(
        message: string,
        readonly exitCode: ExitCodeValue = ExitCode.error,
        /** The problems behind it, one per key, for machine output (`--json`). */
        readonly problems: readonly { readonly key?: string; readonly message: string }[] = [],
    ) {
        super(message);
        this.name = "CliError";
    }
}
