/**
 * A stack's file, read and validated before anything heavy loads: the short name that names the
 * file, and the program's own schema applied to it. Nothing here loads a Pulumi SDK.
 */

import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { eksVersionWarning } from "../../components/cluster/eks-versions";
import { ConfigError, displayKey, displayValue } from "../../components/config/issues";
import { NETWORK_PROJECT, parseNetworkConfig } from "../../components/config/network-program";
import { parsePlatformConfig } from "../../components/config/parse";
import { rawConfigFromPulumi } from "../../components/config/raw";
import { CliError, ExitCode } from "../exit-codes";
import { readStackFile, StackFileError } from "../plan/stack-file";
import { NETWORK_DIR } from "../workspace/program";

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
 * Pulumi SDK, so a bad file is answered before anything heavy starts. In the network program's
 * folder (its Pulumi.yaml names `rayops-network`) the network schema applies.
 */
export function validateStackConfig(cwd: string, stack: string): StackConfig {
    if (projectName(cwd) === NETWORK_PROJECT) return networkStackConfig(cwd, "", stack);
    return checkedStackFile(cwd, "", stack, (raw, name) => {
        const config = parsePlatformConfig(raw, { stack: name, project: "rayops" });
        const version = eksVersionWarning(config.cluster.version);
        return { region: config.region, config, warnings: version ? [version] : [] };
    });
}

/** Validates the network program's `network/Pulumi.<stack>.yaml` from the repository root (the offline plan runs it first). */
export function validateNetworkConfig(cwd: string, stack: string): StackConfig {
    return networkStackConfig(path.join(cwd, NETWORK_DIR), `${NETWORK_DIR}/`, stack);
}

function networkStackConfig(dir: string, label: string, stack: string): StackConfig {
    return checkedStackFile(dir, label, stack, (raw, name) => {
        const config = parseNetworkConfig(raw, { stack: name });
        return { region: config.region, config, warnings: [] };
    });
}

/** The `name` in `<dir>/Pulumi.yaml`, or undefined without one. */
export function projectName(dir: string): string | undefined {
    const file = path.join(dir, "Pulumi.yaml");
    if (!existsSync(file)) return undefined;
    return /^name:\s*["']?([\w.-]+)/m.exec(readFileSync(file, "utf8"))?.[1];
}

/** Reads `<dir>/Pulumi.<stack>.yaml` and parses its `rayops:` keys; file and config problems → exit 5, naming the file as `<label>Pulumi.<stack>.yaml`. */
function checkedStackFile(
    dir: string,
    label: string,
    stack: string,
    parse: (raw: Record<string, unknown>, name: string) => StackConfig,
): StackConfig {
    const name = shortStackName(stack);
    const fileName = `${label}Pulumi.${name}.yaml`;
    try {
        const file = readStackFile(dir, name);
        const checked = parse(rawConfigFromPulumi(file.config), name);
        return { ...checked, warnings: [...file.warnings, ...checked.warnings] };
    } catch (err) {
        if (err instanceof ConfigError) {
            const problems = err.issues.map((i) => ({
                key: `rayops:${displayKey(i.key)}`,
                message: `${displayValue(i.key, i.value)}: ${i.message}`,
            }));
            throw new CliError(`${fileName}: ${err.message}`, ExitCode.badConfig, problems);
        }
        if (err instanceof StackFileError) {
            throw new CliError(`${fileName}: ${err.message}`, ExitCode.badConfig, [{ message: err.message }]);
        }
        throw err;
    }
}
