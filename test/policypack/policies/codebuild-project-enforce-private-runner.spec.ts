import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { codeBuildProject } from "../ci-runner-fixtures";
import { assertPasses, assertReported, change, run } from "../fixtures";

const POLICY = "codebuild-project-enforce-private-runner";

describe(POLICY, () => {
    it("passes the CI runner project: in the VPC, unprivileged, 60-minute timeout", () => {
        assertPasses(run(POLICY, [codeBuildProject()]));
    });

    it("reports a project without vpcConfig, which runs on CodeBuild's shared network", () => {
        const project = change(codeBuildProject(), "vpcConfig", undefined);
        assertReported(
            run(POLICY, [project]),
            "ci-project",
            /does not run in the VPC \(no vpcConfig\.subnets, no vpcConfig\.securityGroupIds\)\. Set vpcConfig/,
        );
    });

    it("reports a vpcConfig without subnets", () => {
        const project = change(codeBuildProject(), "vpcConfig.subnets", []);
        assertReported(run(POLICY, [project]), "ci-project", /\(no vpcConfig\.subnets\)/);
    });

    it("reports a vpcConfig without a security group", () => {
        const project = change(codeBuildProject(), "vpcConfig.securityGroupIds", []);
        assertReported(run(POLICY, [project]), "ci-project", /\(no vpcConfig\.securityGroupIds\)/);
    });

    it("reports privileged mode", () => {
        const project = change(codeBuildProject(), "environment.privilegedMode", true);
        assertReported(
            run(POLICY, [project]),
            "ci-project",
            /privilegedMode = true\)\. Set privilegedMode to false/,
        );
    });

    it('reads privilegedMode given as the string "true"', () => {
        const project = change(codeBuildProject(), "environment.privilegedMode", "true");
        assertReported(run(POLICY, [project]), "ci-project", /runs its builds privileged/);
    });

    it("reports a timeout above maxCodeBuildTimeoutMinutes (default 120)", () => {
        const project = change(codeBuildProject(), "buildTimeout", 180);
        assertReported(
            run(POLICY, [project]),
            "ci-project",
            /run 180 minutes, above the limit maxCodeBuildTimeoutMinutes = 120\. Lower buildTimeout/,
        );
    });

    it("passes a timeout of exactly the limit", () => {
        assertPasses(run(POLICY, [change(codeBuildProject(), "buildTimeout", 120)]));
    });

    it("takes the limit from the pack's config", () => {
        const project = change(codeBuildProject(), "buildTimeout", 180);
        assertPasses(run(POLICY, [project], { config: { maxCodeBuildTimeoutMinutes: 240 } }));
        assertReported(
            run(POLICY, [codeBuildProject()], { config: { maxCodeBuildTimeoutMinutes: 30 } }),
            "ci-project",
            /run 60 minutes, above the limit maxCodeBuildTimeoutMinutes = 30/,
        );
    });

    it("counts a left-out timeout as CodeBuild's default of 60 minutes", () => {
        const project = change(codeBuildProject(), "buildTimeout", undefined);
        assertPasses(run(POLICY, [project]));
        assertReported(
            run(POLICY, [project], { config: { maxCodeBuildTimeoutMinutes: 30 } }),
            "ci-project",
            /60 minutes \(CodeBuild's default\)/,
        );
    });

    for (const [path, config] of [
        ["vpcConfig", {}],
        ["vpcConfig.subnets", {}],
        ["vpcConfig.securityGroupIds", {}],
        ["environment.privilegedMode", {}],
        // unknown is not CodeBuild's default: it passes even under a limit the default would break
        ["buildTimeout", { maxCodeBuildTimeoutMinutes: 30 }],
    ] as const) {
        it(`does not report ${path} while it is unknown during preview`, () => {
            const project = change(codeBuildProject(), path, UNKNOWN_VALUE);
            assertPasses(run(POLICY, [project], { config }));
        });
    }
});
