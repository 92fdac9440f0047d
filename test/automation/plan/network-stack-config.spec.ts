import { strict as assert } from "node:assert";
import * as path from "node:path";
import { validateNetworkConfig, validateStackConfig } from "../../../automation/cli-support/stack-config";
import { CliError, ExitCode } from "../../../automation/exit-codes";
import { REPO_ROOT } from "../../support/program";
import { runCli } from "../commands/harness";

describe("the CLI in the network program's folder (automation/cli-support/stack-config.ts)", () => {
    it("validates network/Pulumi.<stack>.yaml with the network schema when run from network/", () => {
        // The workflows run `rayops preview|up --stack organization/rayops-network/<stack>` there.
        const checked = validateStackConfig(
            path.join(REPO_ROOT, "network"),
            "organization/rayops-network/prod",
        );
        assert.equal(checked.region, "us-east-1");
        assert.equal(
            (checked.config as { ciRunner: { timeoutMinutes: number } }).ciRunner.timeoutMinutes,
            90,
        );
    });

    it("names the network stack file in a refusal from the repository root (the offline plan reads both)", () => {
        assert.throws(
            () => validateNetworkConfig(REPO_ROOT, "staging"),
            (e: unknown) =>
                e instanceof CliError &&
                e.exitCode === ExitCode.badConfig &&
                /^network\/Pulumi\.staging\.yaml: /.test(e.message),
        );
    });

    it("refuses the offline plan from network/, pointing at the repository root", async () => {
        const run = await runCli(["plan", "--stack", "dev"], { cwd: path.join(REPO_ROOT, "network") });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /the offline plan runs from the repository root/);
    });
});
