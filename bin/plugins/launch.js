// Shared by the plugin launchers in this folder: finds a module from the working directory the
// Pulumi CLI started the plugin in and runs it as the plugin's main module, arguments unchanged.

/**
 * @param {string} request the module to run, e.g. "@pulumi/pulumi/cmd/run-policy-pack"
 * @param {{ missing: (dir: string) => string, fallbackToOwn: boolean }} opts
 */
function startFromPackage(request, opts) {
    const dir = process.cwd();
    const paths = opts.fallbackToOwn ? [dir, __dirname] : [dir];
    let entry;
    try {
        entry = require.resolve(request, { paths });
    } catch {
        process.stderr.write(`${opts.missing(dir)}\n`);
        process.exit(1);
    }
    require(entry);
}

module.exports = { startFromPackage };
