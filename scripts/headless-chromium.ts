/**
 * Chromium, headless, driven by playwright-core: the one browser the Mermaid spec
 * (test/docs/mermaid.spec.ts) and the PR-comment screenshots (scripts/screenshots.ts) use. Playwright's
 * own browser download is not used (`npx playwright install` needs hosts this project's machines
 * cannot reach); .ci/run installs the `chromium` package when it is missing.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

/**
 * Where to look for the browser, first found wins: Debian's `chromium` package (what .ci/run
 * installs), Ubuntu's name for it, and Google Chrome as GitHub's hosted Ubuntu runners ship it.
 * RAYOPS_CHROMIUM names another.
 */
export const CHROMIUM_PATHS: readonly string[] = [
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/bin/google-chrome",
];

export const CHROMIUM_INSTALL_HINT =
    "install Debian's chromium as root (`apt-get install -y --no-install-recommends chromium`), run .ci/run, which does, or set RAYOPS_CHROMIUM to a Chromium or Chrome binary";

/** The browser to drive: RAYOPS_CHROMIUM when set, else the first of CHROMIUM_PATHS that exists. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
    return env.RAYOPS_CHROMIUM || CHROMIUM_PATHS.find((p) => existsSync(p)) || CHROMIUM_PATHS[0]!;
}

/**
 * Flags for a machine without a GPU, a sandbox (root) or outside network: without the
 * background-networking ones Chromium keeps trying Google's hosts at start-up, and each refused
 * connection is logged. Playwright adds --headless and a fresh --user-data-dir itself.
 */
export const CHROMIUM_ARGS: readonly string[] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/** Starts headless Chromium, or throws saying how to install it. */
export async function launchChromium(executablePath: string = chromiumPath()): Promise<Browser> {
    if (!existsSync(executablePath)) {
        throw new Error(`no Chromium at ${executablePath}: ${CHROMIUM_INSTALL_HINT}`);
    }
    return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}
