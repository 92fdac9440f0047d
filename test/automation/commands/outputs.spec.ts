import { strict as assert } from "node:assert";
import { FakeWorkspace } from "../../support/fake-workspace";
import { runCli, scratchRepo } from "./harness";

const OUTPUTS = {
    clusterName: { value: "rayops-dev", secret: false },
    kubeconfig: { value: '{"apiVersion":"v1"}', secret: true },
    nodePools: { value: ["system", "cpu", "gpu"], secret: false },
};

describe("rayops outputs (engine faked: FakeWorkspace stands in for the Pulumi engine)", () => {
    let repo: ReturnType<typeof scratchRepo>;
    before(() => {
        repo = scratchRepo();
    });
    after(() => repo.cleanup());

    const outputs = (args: string[]) =>
        runCli(["outputs", ...args], {
            cwd: repo.dir,
            deps: { openWorkspace: new FakeWorkspace({ stacks: { dev: { outputs: OUTPUTS } } }).factory },
        });

    it("masks secret outputs as [secret]", async () => {
        const run = await outputs(["--stack", "dev"]);
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^kubeconfig {3}\[secret\]$/m);
        assert.match(run.stdout, /^clusterName {2}rayops-dev$/m);
        assert.match(run.stdout, /^nodePools {4}\["system","cpu","gpu"\]$/m);
        assert.doesNotMatch(run.stdout, /apiVersion/);
    });

    it("shows secrets in clear with --show-secrets", async () => {
        const run = await outputs(["--stack", "dev", "--show-secrets"]);
        assert.match(run.stdout, /^kubeconfig {3}\{"apiVersion":"v1"\}$/m);
    });

    it("prints a JSON object with the secrets masked", async () => {
        const run = await outputs(["--stack", "dev", "--json"]);
        assert.deepEqual(JSON.parse(run.stdout), {
            schemaVersion: 1,
            stack: "dev",
            outputs: {
                clusterName: "rayops-dev",
                kubeconfig: "[secret]",
                nodePools: ["system", "cpu", "gpu"],
            },
        });
    });
});
