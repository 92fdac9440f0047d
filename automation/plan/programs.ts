/**
 * A stack is two programs: the long-lived network program (`network/`, project
 * `rayops-network`) and the cluster program at the repository root, which reads the network's
 * outputs through a StackReference. Offline, the network program runs first under the mocks and
 * its outputs answer the cluster program's StackReference, as a deployed network stack would.
 */
import * as path from "node:path";
import { defaultNetworkStack, NETWORK_PROJECT } from "../../components/config/network-program";
import { NETWORK_DIR, rayopsNetworkProgram } from "../workspace/program";
import { type OfflineProgramRun, runProgramOffline } from "./harness";
import type { MockOptions } from "./mocks";
import { readStackFile } from "./stack-file";
import type { CapturedResource } from "./types";

/** The StackReference name the cluster program reads: `rayops:networkStack`, else the default. */
export function networkStackName(clusterConfig: Readonly<Record<string, string>>, stack: string): string {
    return clusterConfig["rayops:networkStack"] ?? defaultNetworkStack(stack);
}

export interface StackRun {
    readonly network: OfflineProgramRun;
    readonly cluster: OfflineProgramRun;
    /** Both programs' resources, the network's first. */
    readonly resources: CapturedResource[];
}

export interface StackRunOptions {
    /** The repository root. */
    readonly cwd: string;
    readonly stack: string;
    /** The cluster program's flat config (`readStackFile(cwd, stack).config`, maybe edited). */
    readonly config: Record<string, string>;
    readonly secretKeys?: readonly string[];
    /** The network program's flat config. @default read from network/Pulumi.<stack>.yaml */
    readonly networkConfig?: Record<string, string>;
    readonly mocks?: Omit<MockOptions, "stackOutputs">;
    /** The programs to run, as module paths. @default the ones rayops ships (another revision's, for a cost base) */
    readonly programs?: { readonly network: string; readonly cluster: string };
}

/** The network stack file's flat config and secret keys. */
export function readNetworkStack(cwd: string, stack: string) {
    return readStackFile(path.join(cwd, NETWORK_DIR), stack);
}

/** Runs the network program, then the cluster program against its outputs. */
export async function runStackOffline(opts: StackRunOptions): Promise<StackRun> {
    const networkFile = opts.networkConfig ? undefined : readNetworkStack(opts.cwd, opts.stack);
    const network = await runProgramOffline({
        project: NETWORK_PROJECT,
        stack: opts.stack,
        config: opts.networkConfig ?? networkFile?.config ?? {},
        secretKeys: networkFile?.secretKeys,
        // The network program rayops ships, as the cluster program is (a stack folder brings config only).
        program: opts.programs?.network ?? rayopsNetworkProgram(),
        // Long-lived and deployed first: even a new cluster stack's preview reads known outputs.
        mocks: { ...opts.mocks, preview: false },
    });
    const cluster = await runProgramOffline({
        project: "rayops",
        stack: opts.stack,
        config: opts.config,
        secretKeys: opts.secretKeys,
        ...(opts.programs ? { program: opts.programs.cluster } : {}),
        mocks: {
            ...opts.mocks,
            stackOutputs: { [networkStackName(opts.config, opts.stack)]: network.outputs },
        },
    });
    return { network, cluster, resources: [...network.resources, ...cluster.resources] };
}
