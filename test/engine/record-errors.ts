/**
 * Records the errors the real Pulumi engine gives, for the fake workspace's unit specs to script
 * (test/support/engine-errors.json): `npm run record:engine-errors` after a CLI upgrade. Each
 * scenario runs the Automation API itself on the engine specs' project (stand-in cloud), so what
 * is kept is exactly what rayops receives: the CLI's stderr and its exit code, with this
 * machine's paths and ports replaced by placeholders.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type * as auto from "@pulumi/pulumi/automation";
import { loadProgram, PLUGINS_DIR } from "../../automation/workspace/program";
import { BROKEN_PACK, EngineProject, FIXTURE, FIXTURE_PACK, pulumiRoot, REPO, waitFor } from "./project";

export const RECORDED_ERRORS_FILE = path.join(REPO, "test", "support", "engine-errors.json");

export interface RecordedError {
    readonly stderr: string;
    /** The CLI's own exit code (its taxonomy: pkg/cmd/pulumi/cmd/exit_codes.go). */
    readonly exitCode: number | null;
    /** The Automation API's error class. */
    readonly errorName: string;
}

export interface RecordedErrors {
    readonly cliVersion: string;
    readonly recordedAt: string;
    readonly errors: Readonly<Record<string, RecordedError>>;
}

async function main(): Promise<void> {
    const root = pulumiRoot();
    if (root === null) throw new Error("no Pulumi CLI built: run scripts/pulumi-cli.sh first");
    const automation = require("@pulumi/pulumi/automation") as typeof auto;
    const project = new EngineProject();
    const env = project.env();
    // The inline program reads its knobs from this process's environment.
    Object.assign(process.env, { STANDIN_CLOUD_DIR: project.cloudDir, STANDIN_TOKEN: project.token });
    const pulumiCommand = await automation.PulumiCommand.get({ root });
    const entry = path.join(FIXTURE, "program.ts");
    const workspace = (envVars: Record<string, string>) =>
        automation.LocalWorkspace.create({
            workDir: project.dir,
            pulumiCommand,
            program: async () => loadProgram(entry),
            envVars: {
                PATH: `${process.env.PATH}${path.delimiter}${PLUGINS_DIR}`,
                PULUMI_BACKEND_URL: env.PULUMI_BACKEND_URL!,
                PULUMI_HOME: env.PULUMI_HOME!,
                PULUMI_SKIP_UPDATE_CHECK: "true",
                ...envVars,
            },
        });
    const good = await workspace({ PULUMI_CONFIG_PASSPHRASE: project.passphrase });
    const errors: Record<string, RecordedError> = {};
    const record = async (name: string, run: () => Promise<unknown>) => {
        try {
            await run();
        } catch (err) {
            errors[name] = normalise(err, project);
            console.error(`recorded ${name}: exit ${errors[name]!.exitCode}`);
            return;
        } finally {
            delete process.env.STANDIN_MODE;
        }
        throw new Error(`scenario ${name} did not fail`);
    };

    try {
        await good.createStack("dev");
        await record("stackExists", () => good.createStack("dev"));
        await record("stackNotFound", () => automation.Stack.select("staging", good));
        await record("previewPolicyViolation", async () => {
            process.env.STANDIN_MODE = "resource-violation";
            await (await automation.Stack.select("dev", good)).preview({ policyPacks: [FIXTURE_PACK] });
        });
        await record("programError", async () => {
            process.env.STANDIN_MODE = "program-error";
            await (await automation.Stack.select("dev", good)).preview();
        });
        await record("packDoesNotCompile", async () => {
            await (await automation.Stack.select("dev", good)).preview({ policyPacks: [BROKEN_PACK] });
        });
        await record("upStackPolicyViolation", async () => {
            process.env.STANDIN_MODE = "stack-violation";
            await (await automation.Stack.select("dev", good)).up({ policyPacks: [FIXTURE_PACK] });
        });
        await (await automation.Stack.select("dev", good)).up();
        await record("wrongPassphrase", async () => {
            const wrong = await workspace({ PULUMI_CONFIG_PASSPHRASE: "not-the-passphrase" });
            await (await automation.Stack.select("dev", wrong)).preview();
        });
        await record("missingPassphrase", async () => {
            const none = await workspace({});
            await (await automation.Stack.select("dev", none)).preview();
        });
        const head = path.join(project.cloudDir, "ray-head.json");
        fs.writeFileSync(
            head,
            JSON.stringify({ ...JSON.parse(fs.readFileSync(head, "utf8")), size: "m7i.8xlarge" }),
        );
        await record("refreshExpectedNoChanges", async () => {
            await (await automation.Stack.select("dev", good)).previewRefresh({ expectNoChanges: true });
        });
        await record("locked", async () => {
            const hold = path.join(project.cloudDir, "..", "hold");
            const stack = await automation.Stack.select("dev", good);
            process.env.STANDIN_HOLD_FILE = hold;
            process.env.STANDIN_SIZE = "m7i.4xlarge";
            const first = stack.up();
            await waitFor("the first update's lock", () => project.locks().length > 0);
            try {
                await (
                    await automation.Stack.select(
                        "dev",
                        await workspace({ PULUMI_CONFIG_PASSPHRASE: project.passphrase }),
                    )
                ).up();
            } finally {
                fs.writeFileSync(hold, "");
                await first.catch(() => undefined);
                delete process.env.STANDIN_HOLD_FILE;
                delete process.env.STANDIN_SIZE;
            }
        });
    } finally {
        project.remove();
    }
    const out: RecordedErrors = {
        cliVersion: (await good.pulumiVersion) ?? "unknown",
        recordedAt: new Date().toISOString().slice(0, 10),
        errors,
    };
    fs.writeFileSync(RECORDED_ERRORS_FILE, `${JSON.stringify(out, null, 4)}\n`);
    console.error(`wrote ${path.relative(process.cwd(), RECORDED_ERRORS_FILE)}`);
}

/** The CLI's stderr with this run's paths, ports and ids replaced, so the file is stable. */
function normalise(err: unknown, project: EngineProject): RecordedError {
    const result = (err as { commandResult?: { stderr?: string; err?: { exitCode?: number } } })
        .commandResult;
    const stderr = (result?.stderr ?? String(err))
        .split(path.dirname(project.dir))
        .join("<tmp>")
        .split(REPO)
        .join("<repo>")
        .replace(/\S*\/bin\/pulumi /g, "pulumi ")
        .replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>")
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<uuid>")
        .replace(/created by \S+ \(pid \d+\) at \S+/g, "created by <user> (pid <pid>) at <time>");
    return {
        stderr,
        exitCode: result?.err?.exitCode ?? null,
        errorName: err instanceof Error ? err.name : "unknown",
    };
}

if (require.main === module) {
    main().catch((err) => {
        console.error(err);
        process.exit(1);
    });
}
