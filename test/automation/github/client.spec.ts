import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import {
    createAppTokenSource,
    type InstallationPermissions,
    TASK_PERMISSIONS,
} from "../../../automation/github/auth";
import {
    connectRepository,
    createGitHubClient,
    nextPageUrl,
    type RepoClient,
} from "../../../automation/github/client";
import {
    AUTH_FAILED_MESSAGE,
    GitHubApiError,
    TOKEN_REJECTED_MESSAGE,
} from "../../../automation/github/errors";
import type { RetryOptions } from "../../../automation/github/retry";
import {
    FakeGitHub,
    type GitHubFixture,
    recordingSleep,
    startGitHubFixture,
} from "../../support/github-server";

const LIST_COMMENTS = "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
const LIST_ISSUES = "GET /repos/{owner}/{repo}/issues";
const CREATE_ISSUE = "POST /repos/{owner}/{repo}/issues";
const CREATE_RUN = "POST /repos/{owner}/{repo}/check-runs";
const LIST_RUNS = "GET /repos/{owner}/{repo}/commits/{ref}/check-runs";
const SHA = "3f2a9c1e8b7d6f5a4c3b2a1908f7e6d5c4b3a291";

describe("GitHub REST client against a fake GitHub (GitHub cannot be reached from tests)", () => {
    let gh: GitHubFixture;
    before(async () => {
        gh = await startGitHubFixture();
    });
    after(() => gh.server.close());

    function connect(
        retry: RetryOptions,
        permissions: InstallationPermissions = TASK_PERMISSIONS.reportIssue,
    ): RepoClient {
        return connectRepository(createAppTokenSource(gh.config), permissions, { retry });
    }

    async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
        const err = await promise.then(
            () => assert.fail("expected the call to fail"),
            (e: unknown) => e,
        );
        assert.ok(err instanceof GitHubApiError, `expected GitHubApiError, got ${err}`);
        return err;
    }

    describe("retries", () => {
        it("retries a 502 and returns the second attempt's answer", async () => {
            // GIVEN GitHub answers the next issues listing with a 502
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const before = gh.server.count(LIST_ISSUES);
            gh.server.failNext(1, 502, LIST_ISSUES);
            // WHEN the issues are listed
            const res = await repo.client.request(LIST_ISSUES, where(repo));
            // THEN the call was made twice, after one back-off
            assert.equal(res.status, 200);
            assert.equal(gh.server.count(LIST_ISSUES) - before, 2);
            assert.deepEqual(waits, [1000]);
        });

        it("gives up after four attempts of 503 with the route, status and attempt count", async () => {
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const before = gh.server.count(LIST_ISSUES);
            gh.server.failNext(4, 503, LIST_ISSUES);
            const err = await failure(repo.client.request(LIST_ISSUES, where(repo)));
            assert.equal(err.status, 503);
            assert.equal(err.attempts, 4);
            assert.match(
                err.message,
                /^GitHub returned 503 for GET \/repos\/\{owner\}\/\{repo\}\/issues after 4 attempts/,
            );
            assert.equal(gh.server.count(LIST_ISSUES) - before, 4);
            assert.deepEqual(waits, [1000, 2000, 4000]);
        });

        it("waits for the reset of a primary rate limit (403, x-ratelimit-remaining: 0) and retries", async () => {
            // GIVEN the installation's rate limit is used up and resets in 30 s
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const before = gh.server.count(LIST_ISSUES);
            gh.server.rateLimitNext({ resetInSeconds: 30, route: LIST_ISSUES });
            // WHEN the issues are listed
            await repo.client.request(LIST_ISSUES, where(repo));
            // THEN the client slept once until about the reset, then succeeded
            assert.equal(gh.server.count(LIST_ISSUES) - before, 2);
            assert.equal(waits.length, 1);
            assert.ok(waits[0]! > 25_000 && waits[0]! <= 32_000, `waited ${waits[0]} ms`);
        });

        it("honours retry-after on a 429 secondary rate limit", async () => {
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const before = gh.server.count(LIST_ISSUES);
            gh.server.rateLimitNext({ retryAfterSeconds: 7, status: 429, route: LIST_ISSUES });
            await repo.client.request(LIST_ISSUES, where(repo));
            assert.equal(gh.server.count(LIST_ISSUES) - before, 2);
            assert.deepEqual(waits, [7000]);
        });

        it("fails at once when the rate limit resets later than the longest allowed wait", async () => {
            // GIVEN a reset an hour away and a 60 s cap on waits
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep, maxWaitMs: 60_000 });
            const before = gh.server.count(LIST_ISSUES);
            gh.server.rateLimitNext({ resetInSeconds: 3600, route: LIST_ISSUES });
            // WHEN the issues are listed
            const err = await failure(repo.client.request(LIST_ISSUES, where(repo)));
            // THEN nothing waited and the message gives the reset time
            assert.deepEqual(waits, []);
            assert.equal(gh.server.count(LIST_ISSUES) - before, 1);
            assert.match(err.message, /rate limit exceeded \(403\).*resets at \d{4}-\d\d-\d\dT/);
        });

        it("does not retry a 403 that is a missing permission, and names what GitHub accepts", async () => {
            // GIVEN a token that may only write PR comments
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep }, TASK_PERMISSIONS.prComment);
            // WHEN it lists issues
            const err = await failure(repo.client.request(LIST_ISSUES, where(repo)));
            // THEN one attempt, and the message says which permission is needed
            assert.deepEqual(waits, []);
            assert.equal(err.status, 403);
            assert.match(err.message, /lacks a permission \(GitHub accepts: issues=read\)/);
        });

        it("retries a connection failure and then says GitHub could not be reached", async () => {
            // GIVEN an API URL where nothing listens any more
            const gone = await FakeGitHub.start({
                appId: 1,
                installationId: 1,
                owner: "acme",
                repo: "x",
                publicKey: gh.keys.publicKey,
            });
            await gone.close();
            const { sleep, waits } = recordingSleep();
            const client = createGitHubClient({
                apiUrl: gone.url,
                token: async () => "ghs_unused",
                retry: { sleep },
            });
            // WHEN a call is made
            const err = await failure(client.request("GET /rate_limit"));
            // THEN it was retried and the message names the URL
            assert.equal(err.status, 0);
            assert.equal(waits.length, 3);
            assert.ok(
                err.message.startsWith(
                    `Could not reach GitHub at ${gone.url} for GET /rate_limit after 4 attempts`,
                ),
            );
        });
    });

    describe("creates (POST) are never sent twice blindly", () => {
        it("does not resend a POST that GitHub may have applied, and says so", async () => {
            // GIVEN GitHub opens the next issue but answers 502
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const [creates, issues] = [gh.server.count(CREATE_ISSUE), gh.server.issues.length];
            gh.server.failAfterApplying(CREATE_ISSUE, 502);
            // WHEN an issue is created with a plain request
            const err = await failure(
                repo.client.request(CREATE_ISSUE, { ...where(repo), title: "once", body: "x" }),
            );
            // THEN it was sent once, failed at once, and the one issue GitHub opened is all there is
            assert.equal(err.attempts, 1);
            assert.match(err.message, /not sent again because GitHub may have applied it$/);
            assert.deepEqual(waits, []);
            assert.equal(gh.server.count(CREATE_ISSUE) - creates, 1);
            assert.equal(gh.server.issues.length - issues, 1);
        });

        it("still retries a POST that hit a rate limit, which GitHub did not apply", async () => {
            // GIVEN a secondary rate limit on the next create
            const { sleep, waits } = recordingSleep();
            const repo = connect({ sleep });
            const [creates, issues] = [gh.server.count(CREATE_ISSUE), gh.server.issues.length];
            gh.server.rateLimitNext({ retryAfterSeconds: 3, status: 429, route: CREATE_ISSUE });
            // WHEN an issue is created
            await repo.client.request(CREATE_ISSUE, { ...where(repo), title: "limited", body: "x" });
            // THEN it waited as told and sent it again: one issue
            assert.deepEqual(waits, [3000]);
            assert.equal(gh.server.count(CREATE_ISSUE) - creates, 2);
            assert.equal(gh.server.issues.length - issues, 1);
        });

        it("create() looks with find() before sending again, with the same back-off and log lines", async () => {
            // GIVEN GitHub answers the next two creates with 503 after applying neither
            const { sleep, waits } = recordingSleep();
            const lines: string[] = [];
            const repo = connect({ sleep, log: (line) => lines.push(line) });
            gh.server.failNext(2, 503, CREATE_ISSUE);
            let looks = 0;
            // WHEN an issue is created through create()
            const created = await repo.client.create<{ number: number }>(
                CREATE_ISSUE,
                { ...where(repo), title: "looked for", body: "x" },
                async () => {
                    looks++;
                    return undefined;
                },
            );
            // THEN find ran before each resend, and each retry logged one line
            assert.equal(created.found, false);
            assert.equal(looks, 2);
            assert.deepEqual(waits, [1000, 2000]);
            assert.deepEqual(
                lines.map((l) => l.replace(/ in \d+ s \(\d\/4\)$/, "")),
                [
                    "GitHub answered 503 on POST /repos/{owner}/{repo}/issues; looking for its result, then retrying",
                    "GitHub answered 503 on POST /repos/{owner}/{repo}/issues; looking for its result, then retrying",
                ],
            );
        });
    });

    describe("errors", () => {
        it("turns a 401 into a clear message with no token, JWT or key material in message or stack", async () => {
            // GIVEN GitHub rejects the next comment listing as unauthenticated
            const repo = connect({ sleep: recordingSleep().sleep }, TASK_PERMISSIONS.prComment);
            gh.server.unauthorizedNext(LIST_COMMENTS);
            // WHEN comments are listed
            const err = await failure(
                repo.client.request(LIST_COMMENTS, { ...where(repo), issue_number: 42 }),
            );
            // THEN the message says what to check
            assert.equal(err.status, 401);
            assert.ok(err.message.startsWith(AUTH_FAILED_MESSAGE), err.message);
            // AND no secret is in it
            const everything = `${err.message}\n${err.stack}\n${inspect(err, { depth: 10 })}`;
            const keyBody = gh.keys.privateKeyPem.split("\n").slice(1, -2).join("");
            const secrets = [
                ...gh.server.issuedTokens,
                ...gh.server.jwtsSeen,
                keyBody.slice(0, 64),
                "PRIVATE KEY",
            ];
            for (const secret of secrets) {
                assert.ok(!everything.includes(secret), `error output contains ${secret.slice(0, 8)}…`);
            }
        });
    });

    describe("errors in token mode", () => {
        it("says the workflow's token expired or was revoked on a 401, not to check the private key", async () => {
            // GIVEN a workflow's token that the token step has revoked
            const config = gh.tokenConfig({ issues: "write" });
            gh.server.revokeToken(config.token);
            const repo = connectRepository(createAppTokenSource(config), TASK_PERMISSIONS.reportIssue);
            // WHEN it is used
            const err = await failure(repo.client.request(LIST_ISSUES, where(repo)));
            // THEN the message is about the token, and the token is nowhere in the error
            assert.equal(err.status, 401);
            assert.ok(err.message.startsWith(TOKEN_REJECTED_MESSAGE), err.message);
            assert.ok(!err.message.includes("private key"));
            const everything = `${err.message}\n${err.stack}\n${inspect(err, { depth: 10 })}`;
            assert.ok(!everything.includes(config.token.slice(4)));
        });

        it("names the token step's permission input on a 403", async () => {
            // GIVEN a workflow token minted without permission-issues
            const config = gh.tokenConfig({ pull_requests: "write" });
            const repo = connectRepository(createAppTokenSource(config), TASK_PERMISSIONS.reportIssue);
            // WHEN it lists issues
            const err = await failure(repo.client.request(LIST_ISSUES, where(repo)));
            // THEN the message says where the permission is granted
            assert.equal(err.status, 403);
            assert.match(
                err.message,
                /\(GitHub accepts: issues=read\); the workflow chose the token's permissions: add the permission-<name> input/,
            );
        });
    });

    describe("pagination", () => {
        it("follows Link headers until the last page", async () => {
            // GIVEN 250 comments on a pull request
            gh.server.seedComments(
                7,
                Array.from({ length: 250 }, (_, i) => `comment ${i}`),
            );
            const repo = connect({}, TASK_PERMISSIONS.prComment);
            const before = gh.server.count(LIST_COMMENTS);
            // WHEN they are listed
            const all = await repo.client.paginate<{ body: string }>(LIST_COMMENTS, {
                ...repo,
                issue_number: 7,
            });
            // THEN three pages of 100 were read and every comment came back in order
            assert.equal(gh.server.count(LIST_COMMENTS) - before, 3);
            assert.equal(all.length, 250);
            assert.equal(all[249]!.body, "comment 249");
        });

        it("refuses a next-page link that leaves the API host, so the token is not sent elsewhere", async () => {
            // GIVEN a listing whose Link points at another host
            gh.server.injectFault({
                status: 200,
                route: LIST_ISSUES,
                body: [],
                headers: {
                    link: '<https://elsewhere.example/repos/acme/ml-platform/issues?page=2>; rel="next"',
                },
            });
            const repo = connect({});
            // WHEN it is paginated
            // THEN it stops with a message instead of following
            await assert.rejects(
                repo.client.paginate(LIST_ISSUES, where(repo)),
                /next-page link leaves http:\/\/127\.0\.0\.1/,
            );
        });

        it("yields the items of a list GitHub wraps in { total_count, check_runs }", async () => {
            // GIVEN three check runs on a commit
            const repo = connect({}, TASK_PERMISSIONS.checkRun);
            for (const name of ["a", "b", "c"]) {
                await repo.client.request(CREATE_RUN, {
                    ...where(repo),
                    name: `wrapped ${name}`,
                    head_sha: SHA,
                    status: "in_progress",
                });
            }
            const before = gh.server.count(LIST_RUNS);
            // WHEN they are paginated two per page
            const runs = await repo.client.paginate<{ name: string }>(LIST_RUNS, {
                ...where(repo),
                ref: SHA,
                filter: "all",
                per_page: 2,
            });
            // THEN both pages were read and the runs came out of their wrapper
            assert.equal(gh.server.count(LIST_RUNS) - before, 2);
            assert.deepEqual(runs.map((r) => r.name).sort(), ["wrapped a", "wrapped b", "wrapped c"]);
        });

        it("reads the next link out of GitHub's Link header", () => {
            const link =
                '<https://api.github.com/repositories/1/issues?page=3>; rel="next", ' +
                '<https://api.github.com/repositories/1/issues?page=5>; rel="last"';
            assert.equal(nextPageUrl(link), "https://api.github.com/repositories/1/issues?page=3");
            assert.equal(nextPageUrl('<https://api.github.com/x?page=1>; rel="prev"'), undefined);
            assert.equal(nextPageUrl(undefined), undefined);
        });
    });
});

function where(repo: RepoClient) {
    return { owner: repo.owner, repo: repo.repo };
}
