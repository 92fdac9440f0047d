/**
 * Lets @stryker-mutator/mocha-runner 10.1.1 load Mocha 12. The runner requires Mocha's cli internals
 * without an extension (`mocha/lib/cli/run-helpers`, `.../options`, `.../collect-files`), and
 * Mocha 12 renamed them to `.cjs`, which `require` never tries, so the plugin fails to load ("no
 * TestRunner plugins were loaded"). Read in mocha-runner 10.1.1 `dist/src/lib-wrapper.js` and in
 * mocha 12.0.3 `lib/cli/` (2026-12-02). Delete this file, and the two places that load it in
 * stryker.shared.mjs, once a mocha-runner release requires those files by their full names.
 *
 * Only a failed resolution of one of those paths is retried with `.cjs`; everything else resolves
 * as before. Loaded with `--import` into Stryker's test-runner processes, and imported by
 * stryker.shared.mjs into the main process (which loads the plugin to validate `mochaOptions`).
 */
import { registerHooks } from "node:module";

const MOCHA_CLI_INTERNAL = /[\\/]mocha[\\/]lib[\\/]cli[\\/][a-z-]+$/;

registerHooks({
    resolve(specifier, context, nextResolve) {
        try {
            return nextResolve(specifier, context);
        } catch (error) {
            if (error?.code !== "MODULE_NOT_FOUND" || !MOCHA_CLI_INTERNAL.test(specifier)) throw error;
            return nextResolve(`${specifier}.cjs`, context);
        }
    },
});
