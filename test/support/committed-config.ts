/**
 * A committed stack's validated config for specs that name their tests after it (one test per
 * pool, the pinned chart version in a title). Those read it while mocha collects the tests, where a
 * throw would stop the whole file from loading. Here a refused stack becomes one failing test of
 * its own instead, so the refusal reads as a failure (and counts as one for mutation testing),
 * and the file's other suites still run.
 */
import { readStackFile } from "../../automation/plan/stack-file";
import { parsePlatformConfig } from "../../components/config/parse";
import { rawConfigFromPulumi } from "../../components/config/raw";
import type { PlatformConfig } from "../../components/config/schema";
import { REPO_ROOT } from "./program";

/**
 * Call inside a `describe`: what `read` returns, or undefined after registering a test titled
 * `title` that fails with what `read` threw.
 */
export function readWhileCollecting<T>(title: string, read: () => T): T | undefined {
    try {
        return read();
    } catch (err) {
        it(title, () => {
            throw err;
        });
        return undefined;
    }
}

/** Call inside a `describe`: the stack's config, or undefined after registering the failing test. */
export function committedConfig(stack: string): PlatformConfig | undefined {
    return readWhileCollecting(`validates the committed ${stack} stack's configuration`, () =>
        parsePlatformConfig(rawConfigFromPulumi(readStackFile(REPO_ROOT, stack).config), { stack }),
    );
}
