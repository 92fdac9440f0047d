import { strict as assert } from "node:assert";
import {
    logGroupName,
    type RunnerSettingsInput,
    resolveRunnerSettings,
    runnerLabelPrefix,
} from "../../../components/ci-runner/settings";

const BASE: RunnerSettingsInput = {
    projectName: "rayops-dev",
    githubRepositoryUrl: "https://github.com/acme/rayops",
    region: "us-west-2",
    subnetIds: ["subnet-a"],
};

describe("CiRunner settings (components/ci-runner/settings.ts)", () => {
    it("defaults to a small Amazon Linux 2023 runner, 60-minute timeout, logs kept 30 days", () => {
        assert.deepEqual(resolveRunnerSettings(BASE), {
            projectName: "rayops-dev",
            githubRepositoryUrl: "https://github.com/acme/rayops",
            region: "us-west-2",
            computeType: "BUILD_GENERAL1_SMALL",
            image: "aws/codebuild/amazonlinux-x86_64-standard:5.0",
            timeoutMinutes: 60,
            logRetentionDays: 30,
        });
    });

    it("names the label prefix and the log group after the project", () => {
        assert.equal(runnerLabelPrefix("rayops-dev"), "codebuild-rayops-dev");
        assert.equal(logGroupName("rayops-dev"), "/aws/codebuild/rayops-dev");
    });

    for (const [extra, message] of [
        [{ projectName: "-dev" }, /projectName = "-dev"; allowed: 1-255 of \[A-Za-z0-9_-\]/],
        [{ projectName: "rayops.dev" }, /projectName = "rayops\.dev"/],
        [
            { projectName: "a-project-name-longer-than-32-chars" },
            /at most 32 characters when no connectionArn is given/,
        ],
        [{ githubRepositoryUrl: "https://github.com/acme" }, /githubRepositoryUrl .*<owner>\/<repo>/],
        [{ githubRepositoryUrl: "git@github.com:acme/rayops.git" }, /githubRepositoryUrl/],
        [{ region: "us-west" }, /region = "us-west"/],
        [{ subnetIds: [] }, /subnetIds = \[\]; allowed: one or more private subnet ids/],
        [
            { computeType: "BUILD_LAMBDA_1GB" },
            /computeType = "BUILD_LAMBDA_1GB"; allowed: BUILD_GENERAL1_SMALL/,
        ],
        [{ image: "aws/codebuild/amazonlinux-x86_64-standard" }, /image = .*pinned to a tag/],
        [{ image: "public.ecr.aws/acme/runner:latest" }, /image = .*other than latest/],
        [{ timeoutMinutes: 4 }, /timeoutMinutes = 4; allowed: an integer from 5 to 2160/],
        [{ timeoutMinutes: 30.5 }, /timeoutMinutes = 30\.5/],
        [{ logRetentionDays: 0 }, /logRetentionDays = 0; allowed: 1, 3, 5/],
        [{ logRetentionDays: 31 }, /logRetentionDays = 31/],
    ] as const) {
        it(`refuses ${JSON.stringify(extra)}, naming the key, the value and what is allowed`, () => {
            assert.throws(() => resolveRunnerSettings({ ...BASE, ...extra }), message);
        });
    }

    it("accepts a long project name when a connection is given (none is created to carry it)", () => {
        const projectName = "a-project-name-longer-than-32-chars";
        assert.equal(
            resolveRunnerSettings({ ...BASE, projectName, connectionArn: "arn" }).projectName,
            projectName,
        );
    });

    it("accepts an image pinned to a digest, and a registry with a port", () => {
        const digest = `123456789012.dkr.ecr.us-west-2.amazonaws.com/runner@sha256:${"a".repeat(64)}`;
        assert.equal(resolveRunnerSettings({ ...BASE, image: digest }).image, digest);
        const port = "registry.example.com:5000/ci/runner:2026.11";
        assert.equal(resolveRunnerSettings({ ...BASE, image: port }).image, port);
    });
});
