/** Help text shared by the engine commands; plain strings, so `--help` stays cheap. */

export const STATE_HELP = `
State and secrets: PULUMI_BACKEND_URL selects the state backend (default: file://<repo>/.pulumi-state,
a local directory, so a trial needs no Pulumi Cloud). Secrets use the stack file's secretsprovider:
the passphrase provider reads PULUMI_CONFIG_PASSPHRASE (or _FILE); use awskms://… for prod.
The Pulumi CLI must be installed (https://www.pulumi.com/docs/install/); RAYOPS_PULUMI_ROOT points
at a particular installation (<root>/bin/pulumi). The program runs inline, in this process, so no
Node.js language plugin is needed. The Automation API makes the stack it opens the selected one.`;

/** How the GitHub App reporting options (`--comment`, `--check-run`, `--issue`) authenticate. */
export const GITHUB_APP_HELP = `GitHub App: in a workflow, RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG (the token and app-slug
outputs of actions/create-github-app-token); locally, GITHUB_APP_ID, GITHUB_APP_INSTALLATION_ID and
GITHUB_APP_PRIVATE_KEY (or _PATH). Both need GITHUB_REPOSITORY (docs/github-app/auth-flow.md).`;
