/**
 * A stack's file, read and validated before anything heavy loads: the short name that names the
 * file, and the program's own schema applied to it. Imports nothing at load time.
 */
import { CliError, ExitCode } from "../exit-codes";

/** The short name of a stack (`org/project/dev` → `dev`), which names its stack file. */
export function shortStackName(stack: string): string {
    return stack.slice(stack.lastIndexOf("/") + 1);
}

export interface StackConfig {
    readonly region: string;
    readonly config: unknown;
    /** What the stack file reader warns about (e.g. a namespace rayops does not read). */
    readonly warnings: readonly string[];
}

/**
 * Validates `Pulumi.<stack>.yaml` with the program's own schema; every problem → exit 5. Loads no
 * Pulumi SDK, so a bad file is answered before anything heavy starts.
 */
export function validateStackConfig(cwd: string, stack: string): StackConfig {
    const { readStackFile, StackFileError } =
        require("../plan/stack-file") as typeof import("../plan/stack-file");
    const { parsePlatformConfig } =
        require("../../components/config/parse") as typeof import("../../components/config/parse");
    const { rawConfigFromPulumi } =
        require("../../components/config/raw") as typeof import("../../components/config/raw");
    const { ConfigError } =
        require("../../components/config/issues") as typeof import("../../components/config/issues");
    const name = shortStackName(stack);
    try {
        const file = readStackFile(cwd, name);
        const config = parsePlatformConfig(rawConfigFromPulumi(file.config), {
            stack: name,
            project: "rayops",
        });
        const { eksVersionWarning } =
            require("../../components/cluster/eks-versions") as typeof import("../../components/cluster/eks-versions");
        const version = eksVersionWarning(config.cluster.version);
        return { region: config.region, config, warnings: [...file.warnings, ...(version ? [version] : [])] };
    } catch (err) {
        if (err instanceof ConfigError) {
            const { displayValue } =
                require("../../components/config/issues") as typeof import("../../components/config/issues");
            const problems = err.issues.map((i) => ({
                key: `rayops:${i.key}`,
                message: `${displayValue(i.key, i.value)}: ${i.message}`,
            }));
            throw new CliError(`Pulumi.${name}.yaml: ${err.message}`, ExitCode.badConfig, problems);
        }
        if (err instanceof StackFileError) {
            throw new CliError(`Pulumi.${name}.yaml: ${err.message}`, ExitCode.badConfig, [
                { message: err.message },
            ]);
        }
        throw err;
    }
}
