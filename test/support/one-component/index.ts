/**
 * Builds one component on its own under the offline harness's mocks, so a spec can vary one
 * argument and see the component's own defaults run (the program-level specs always pass what
 * the committed stacks say). The factory runs inside the Pulumi stack the harness sets up.
 */
import * as path from "node:path";
import { runProgramOffline } from "../../../automation/plan/harness";
import type { CapturedResource } from "../../../automation/plan/types";

/** Where `program.ts` finds the factory of the run in progress. */
export const FACTORY_KEY = "__rayopsComponentUnderTest";

type Factory = () => unknown;

/** Runs `factory` as the whole program and returns every resource it registered. */
export async function buildAlone(factory: Factory, region = "us-west-2"): Promise<CapturedResource[]> {
    const global = globalThis as Record<string, unknown>;
    global[FACTORY_KEY] = factory;
    try {
        const run = await runProgramOffline({
            project: "rayops",
            stack: "spec",
            config: { "aws:region": region },
            program: path.join(__dirname, "program.ts"),
        });
        return run.resources;
    } finally {
        delete global[FACTORY_KEY];
    }
}
