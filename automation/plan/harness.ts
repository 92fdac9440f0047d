/**
 * Runs the real Pulumi program in-process under `pulumi.runtime.setMocks` and captures every
 * resource registration: type, name, resolved inputs, outputs, parent and provider. Nothing
 * reaches a cloud or the Pulumi engine; this is the offline plan's stand-in for both.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { UNKNOWN_VALUE } from "../../policypack/lib/values";
import { rayopsProgram } from "../workspace/program";
import { type MockOptions, platformMocks } from "./mocks";
import { checkRequiredInputs } from "./required-inputs";
import type { CapturedResource } from "./types";

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** Unwraps Pulumi's secret envelopes, noting the top-level keys that held one. */
function plain(value: unknown, secrets?: Set<string>, key?: string): unknown {
    // A value unknown during preview reaches a policy pack as the engine's sentinel string.
    if (pulumi.isUnknown(value)) return UNKNOWN_VALUE;
    if (Array.isArray(value)) return value.map((v) => plain(v, secrets, key));
    if (value !== null && typeof value === "object") {
        const obj = value as Record<string, unknown>;
        if (obj[SECRET_SIG_KEY] === SECRET_SIG) {
            if (key) secrets?.add(key);
            return plain(obj.value, secrets, key);
        }
        if (pulumi.Resource.isInstance(value)) return "[resource reference]";
        return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v, secrets, key ?? k)]));
    }
    return value;
}

interface Capture {
    resources: CapturedResource[];
}
let active: Capture | undefined;
let patched = false;

function providerUrn(ref: string): string | undefined {
    if (!ref) return undefined;
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/** Wraps the mock monitor's registerResource once, recording into the active capture. */
function patchMonitor(): void {
    if (patched) return;
    patched = true;
    const proto = MockMonitor.prototype as unknown as {
        registerResource(req: RegisterRequest, cb: (err: unknown, resp: unknown) => void): Promise<void>;
        readResource(req: ReadRequest, cb: (err: unknown, resp: unknown) => void): Promise<void>;
        newUrn(parent: string, type: string, name: string): string;
        resources: Map<string, { state: unknown }>;
    };
    const original = proto.registerResource;
    proto.registerResource = async function (this: typeof proto, req, callback) {
        const capture = active;
        const rawInputs = deserializeProperties(
            req.getObject() as Parameters<typeof deserializeProperties>[0],
        );
        await original.call(this, req, (err: unknown, resp: unknown) => {
            if (!err && capture) {
                const type = req.getType();
                const urn = this.newUrn(req.getParent(), type, req.getName());
                const secrets = new Set<string>();
                const inputs = plain(rawInputs, secrets) as Record<string, unknown>;
                const state = this.resources.get(urn)?.state;
                capture.resources.push({
                    type,
                    name: req.getName(),
                    urn,
                    inputs,
                    outputs: plain(state ?? {}) as Record<string, unknown>,
                    parent: req.getParent() || undefined,
                    provider: providerUrn(req.getProvider()),
                    component: !req.getCustom(),
                    isProvider: type.startsWith("pulumi:providers:"),
                    secretInputs: [...secrets],
                    ignoreChanges: req.getIgnorechangesList(),
                    protect: req.getProtect() || undefined,
                    dependencies: req.getDependenciesList(),
                    replaceOnChanges: req.getReplaceonchangesList(),
                    deleteBeforeReplace: req.getDeletebeforereplace() || undefined,
                    aliases: req
                        .getAliasesList()
                        .map((a) => a.getUrn())
                        .filter((u) => u !== ""),
                });
            }
            callback(err, resp);
        });
    };
    // Reads (a StackReference, `get` functions of resources) are captured too, marked as reads.
    const originalRead = proto.readResource;
    proto.readResource = async function (this: typeof proto, req, callback) {
        const capture = active;
        const inputs = plain(
            deserializeProperties(req.getProperties() as Parameters<typeof deserializeProperties>[0]),
        ) as Record<string, unknown>;
        await originalRead.call(this, req, (err: unknown, resp: unknown) => {
            if (!err && capture) {
                const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
                capture.resources.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn,
                    inputs,
                    outputs: plain(this.resources.get(urn)?.state ?? {}) as Record<string, unknown>,
                    parent: req.getParent() || undefined,
                    provider: providerUrn(req.getProvider()),
                    component: false,
                    isProvider: false,
                    read: true,
                    dependencies: req.getDependenciesList(),
                });
            }
            callback(err, resp);
        });
    };
}

interface ReadRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getProperties(): unknown;
    getDependenciesList(): string[];
}

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getProvider(): string;
    getCustom(): boolean;
    getObject(): unknown;
    getIgnorechangesList(): string[];
    getProtect(): boolean;
    getDependenciesList(): string[];
    getReplaceonchangesList(): string[];
    getDeletebeforereplace(): boolean;
    getAliasesList(): { getUrn(): string }[];
}

export interface OfflineProgramRun {
    readonly resources: CapturedResource[];
    readonly outputs: Record<string, unknown>;
}

export interface RunOptions {
    readonly project: string;
    readonly stack: string;
    /** Flat Pulumi config (`"ns:key"` → string), as from `readStackFile`. */
    readonly config: Record<string, string>;
    readonly secretKeys?: readonly string[];
    /** The program's entry module. @default the repository's index.ts */
    readonly program?: string;
    /** How the stand-in cloud answers (a preview's unknowns, another caller). @default a finished update's answers */
    readonly mocks?: MockOptions;
}

/** The SDK wraps an input's error once per nesting level: keep the program's own message. */
function withoutSerializerPrefix(reason: unknown): unknown {
    if (!(reason instanceof Error)) return reason;
    const message = reason.message.replace(/^(error serializing property "[^"]*": )+/, "");
    if (message === reason.message) return reason;
    const error = new Error(message);
    error.stack = reason.stack;
    return error;
}

/**
 * Runs `work`, failing with the first error thrown inside an `apply` (a stack refused because of
 * what a data source answered). Pulumi's language host ends the program on such an unhandled
 * rejection; in-process under mocks nothing does, and the registrations waiting on the failed
 * value would keep the run pending forever.
 */
async function failFast<T>(work: () => Promise<T>): Promise<T> {
    let onRejection: ((reason: unknown) => void) | undefined;
    const failed = new Promise<never>((_, reject) => {
        onRejection = (reason: unknown) => reject(withoutSerializerPrefix(reason));
        process.on("unhandledRejection", onRejection);
    });
    try {
        return await Promise.race([work(), failed]);
    } finally {
        if (onRejection) process.off("unhandledRejection", onRejection);
    }
}

/**
 * Runs the program once. Pulumi's runtime state is process-global, so runs are serialised;
 * the program module is loaded afresh each time so two stacks can be planned in one process.
 */
export async function runProgramOffline(opts: RunOptions): Promise<OfflineProgramRun> {
    const program = opts.program ?? rayopsProgram();
    const region = opts.config["rayops:region"] ?? opts.config["aws:region"] ?? "us-east-1";
    patchMonitor();
    const capture: Capture = { resources: [] };
    active = capture;
    // Pulumi records the call stack of every resource it registers (to point errors and the
    // engine's diagnostics at source lines), and formats it at an unlimited depth. An offline plan
    // never shows them, and building them is a large share of its run time.
    const stackTraceLimit = Error.stackTraceLimit;
    const resourceClass = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resourceClass.callsites;
    if (!process.env.RAYOPS_DEBUG) {
        Error.stackTraceLimit = 0;
        resourceClass.callsites = () => [];
    }
    try {
        pulumi.runtime.setAllConfig(opts.config, [...(opts.secretKeys ?? [])]);
        await pulumi.runtime.setMocks(
            platformMocks(region, opts.mocks),
            opts.project,
            opts.stack,
            opts.mocks?.preview ?? false,
        );
        delete require.cache[require.resolve(program)];
        const outputs = await failFast(async () => {
            const exported = await pulumi.runtime.runInPulumiStack(async () => ({ ...require(program) }));
            // Not in the SDK's typings, but exported: it drains the registrations still in flight.
            await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
            return exported;
        });
        checkRequiredInputs(capture.resources);
        return { resources: capture.resources, outputs: plain(outputs ?? {}) as Record<string, unknown> };
    } finally {
        active = undefined;
        Error.stackTraceLimit = stackTraceLimit;
        resourceClass.callsites = callsites;
    }
}
