import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import { createAppTokenSource, TASK_PERMISSIONS } from "../../../automation/github/auth";
import { connectRepository } from "../../../automation/github/client";
import { AUTH_FAILED_MESSAGE, GitHubApiError } from "../../../automation/github/errors";
import {
    FakeGitHub,
    type GitHubFixture,
    generateAppKeys,
    recordingSleep,
    startGitHubFixture,
} from "../../support/github-server";

const ACCESS_TOKENS = "POST /app/installations/{installation_id}/access_tokens";

describe("App authentication against a fake GitHub (GitHub cannot be reached from tests)", () => {
    let gh: GitHubFixture;
    before(async () => {
        gh = await startGitHubFixture();
    });
    after(() => gh.server.close());

    it("asks for a token scoped to the one repository and exactly the requested permissions", async () => {
        // GIVEN a token source for acme/ml-platform
        const source = createAppTokenSource(gh.config);
        // WHEN a token for the PR comment is requested
        const token = await source.installationToken(TASK_PERMISSIONS.prComment);
        // THEN the access-token request names one repository and one permission
        const request = gh.server.tokenRequests.at(-1)!;
        assert.equal(request.installationId, 7890);
        assert.deepEqual(request.body.repositories, ["ml-platform"]);
        assert.deepEqual(request.body.permissions, { pull_requests: "write" });
        assert.match(token.token, /^ghs_/);
        assert.equal(token.scopedBy, "rayops");
    });

    it("signs the App JWT with RS256 for the App id, valid for at most 10 minutes", async () => {
        // GIVEN the fake verifies each JWT with the App's public key (a bad one is refused with 401)
        const source = createAppTokenSource(gh.config);
        // WHEN a token is requested
        await source.installationToken(TASK_PERMISSIONS.reportIssue);
        // THEN the claims it accepted carry the App id and a short window
        const { claims } = gh.server.tokenRequests.at(-1)!;
        assert.equal(String(claims.iss), "123456");
        assert.ok(claims.exp - claims.iat <= 600, `exp - iat = ${claims.exp - claims.iat}`);
    });

    it("serves many API calls with one installation token", async () => {
        // GIVEN a client for the report issue
        const server = await FakeGitHub.start({ ...fixtureOptions(gh), publicKey: gh.keys.publicKey });
        try {
            const source = createAppTokenSource({ ...gh.config, apiUrl: server.url });
            const repo = connectRepository(source, TASK_PERMISSIONS.reportIssue);
            // WHEN it makes ten calls, five of them at the same time
            for (let i = 0; i < 5; i++)
                await repo.client.request("GET /repos/{owner}/{repo}/issues", {
                    owner: repo.owner,
                    repo: repo.repo,
                });
            await Promise.all(
                Array.from({ length: 5 }, () =>
                    repo.client.request("GET /repos/{owner}/{repo}/issues", {
                        owner: repo.owner,
                        repo: repo.repo,
                    }),
                ),
            );
            // THEN GitHub was asked for a token once
            assert.equal(server.count("GET /repos/{owner}/{repo}/issues"), 10);
            assert.equal(server.count(ACCESS_TOKENS), 1);
        } finally {
            await server.close();
        }
    });

    it("asks for a separate token for a different permission set", async () => {
        const server = await FakeGitHub.start({ ...fixtureOptions(gh), publicKey: gh.keys.publicKey });
        try {
            const source = createAppTokenSource({ ...gh.config, apiUrl: server.url });
            const a = await source.installationToken(TASK_PERMISSIONS.prComment);
            const b = await source.installationToken(TASK_PERMISSIONS.checkRun);
            assert.notEqual(a.token, b.token);
            assert.deepEqual(
                server.tokenRequests.map((r) => r.body.permissions),
                [{ pull_requests: "write" }, { checks: "write" }],
            );
        } finally {
            await server.close();
        }
    });

    it("replaces a cached token that has less than five minutes left", async () => {
        // GIVEN a GitHub that issues tokens living two minutes
        const short = await startGitHubFixture({ keys: gh.keys, tokenLifetimeSeconds: 120 });
        try {
            const source = createAppTokenSource(short.config);
            // WHEN a token is used, then asked for again
            const first = await source.installationToken(TASK_PERMISSIONS.prComment);
            const second = await source.installationToken(TASK_PERMISSIONS.prComment);
            // THEN the second call got a fresh token instead of the expiring one
            assert.notEqual(second.token, first.token);
            assert.equal(short.server.count(ACCESS_TOKENS), 2);
        } finally {
            await short.server.close();
        }
    });

    it("refuses an empty permission set, which would grant everything the installation has", async () => {
        const source = createAppTokenSource(gh.config);
        await assert.rejects(source.installationToken({}), /ask for at least one permission/);
    });

    it("explains a 422 when the App lacks a requested permission", async () => {
        // GIVEN an installation that was never granted checks
        const limited = await startGitHubFixture({
            keys: gh.keys,
            appPermissions: { issues: "write", metadata: "read" },
        });
        try {
            const source = createAppTokenSource(limited.config);
            // WHEN a check-run token is requested
            // THEN the error says what to compare
            await assert.rejects(source.installationToken(TASK_PERMISSIONS.checkRun), (err: unknown) => {
                assert.ok(err instanceof GitHubApiError);
                assert.equal(err.status, 422);
                assert.match(
                    err.message,
                    /would not issue an installation token \(422\).*App lacks a requested permission/,
                );
                return true;
            });
        } finally {
            await limited.server.close();
        }
    });

    it("reports a private key that does not match the App as a 401 with no key, JWT or token in it", async () => {
        // GIVEN a GitHub that knows a different public key for the App
        const other = generateAppKeys();
        const server = await FakeGitHub.start({ ...fixtureOptions(gh), publicKey: other.publicKey });
        try {
            const source = createAppTokenSource({ ...gh.config, apiUrl: server.url });
            // WHEN a token is requested
            const err = await source.installationToken(TASK_PERMISSIONS.prComment).then(
                () => assert.fail("expected a 401"),
                (e: unknown) => e,
            );
            // THEN the message says what to check
            assert.ok(err instanceof GitHubApiError);
            assert.equal(err.status, 401);
            assert.ok(err.message.startsWith(AUTH_FAILED_MESSAGE), err.message);
            // AND neither the key, the JWT sent nor any token appears anywhere in the error
            const everything = `${err.message}\n${err.stack}\n${inspect(err, { depth: 10 })}`;
            const keyBody = gh.keys.privateKeyPem.split("\n").slice(1, -2).join("");
            assert.equal(server.jwtsSeen.length, 1);
            for (const secret of [
                keyBody.slice(0, 64),
                keyBody.slice(-64),
                server.jwtsSeen[0]!,
                "BEGIN RSA PRIVATE",
            ]) {
                assert.ok(!everything.includes(secret), `error output contains ${secret.slice(0, 12)}…`);
            }
        } finally {
            await server.close();
        }
    });
});

describe("the App's identity and token mode against a fake GitHub", () => {
    let gh: GitHubFixture;
    beforeEach(async () => {
        gh = await startGitHubFixture({ appSlug: "acme-platform" });
    });
    afterEach(() => gh.server.close());

    it("key mode: reads the App's slug from GET /app with a JWT GitHub verifies, once per source", async () => {
        // GIVEN a key-mode token source
        const source = createAppTokenSource(gh.config);
        const jwts = gh.server.jwtsSeen.length;
        // WHEN the slug is asked for three times, two of them at once
        const slugs = [await source.appSlug(), ...(await Promise.all([source.appSlug(), source.appSlug()]))];
        // THEN GitHub was asked once, with a JWT it accepted, and named the App
        assert.deepEqual(slugs, ["acme-platform", "acme-platform", "acme-platform"]);
        assert.equal(gh.server.count("GET /app"), 1);
        assert.equal(gh.server.jwtsSeen.length - jwts, 1);
        assert.deepEqual(
            gh.server.requests.filter((r) => r.route === "GET /app").map((r) => r.status),
            [200],
        );
    });

    it("key mode: asks GET /app again after a failure instead of keeping the failure", async () => {
        // GIVEN GET /app fails for good once (a 500 is not retried)
        const source = createAppTokenSource(gh.config, { retry: { sleep: recordingSleep().sleep } });
        gh.server.injectFault({ status: 500, route: "GET /app", body: { message: "boom" } });
        await assert.rejects(
            source.appSlug(),
            (err: unknown) => err instanceof GitHubApiError && err.status === 500,
        );
        // WHEN it is asked again
        // THEN it is read from GitHub this time
        assert.equal(await source.appSlug(), "acme-platform");
    });

    it("token mode: hands out the workflow's one token for every permission set and mints none", async () => {
        // GIVEN the token a workflow minted for pull requests and checks
        const config = gh.tokenConfig({ pull_requests: "write", checks: "write" });
        const source = createAppTokenSource(config);
        // WHEN tokens for the comment and for the check run are asked for
        const comment = await source.installationToken(TASK_PERMISSIONS.prComment);
        const check = await source.installationToken(TASK_PERMISSIONS.checkRun);
        // THEN both are the workflow's token, marked as scoped by the workflow, and GitHub minted nothing
        assert.deepEqual(comment, { scopedBy: "workflow", token: config.token });
        assert.deepEqual(check, comment);
        assert.equal(gh.server.count(ACCESS_TOKENS), 0);
    });

    it("token mode: takes the slug from RAYOPS_GITHUB_APP_SLUG without calling GitHub", async () => {
        const source = createAppTokenSource(gh.tokenConfig({ issues: "write" }));
        assert.equal(await source.appSlug(), "acme-platform");
        assert.equal(gh.server.requests.length, 0);
    });

    it("token mode: still refuses an empty permission set, as key mode does", async () => {
        const source = createAppTokenSource(gh.tokenConfig({ issues: "write" }));
        await assert.rejects(source.installationToken({}), /ask for at least one permission/);
    });
});

function fixtureOptions(gh: GitHubFixture) {
    return {
        appId: gh.config.appId,
        installationId: gh.config.installationId,
        owner: gh.config.owner,
        repo: gh.config.repo,
    };
}
