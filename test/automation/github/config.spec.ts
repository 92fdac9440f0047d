import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import {
    type AppConfig,
    GitHubConfigError,
    type KeyModeConfig,
    readAppConfig,
    type TokenModeConfig,
} from "../../../automation/github/config";
import { generateAppKeys } from "../../support/github-server";

describe("readAppConfig", () => {
    const keys = generateAppKeys();
    const complete = {
        GITHUB_APP_ID: "123456",
        GITHUB_APP_INSTALLATION_ID: "7890",
        GITHUB_APP_PRIVATE_KEY: keys.privateKeyPem,
        GITHUB_REPOSITORY: "acme/ml-platform",
    };
    const keyBody = keys.privateKeyPem.split("\n")[1]!;

    function keyMode(config: AppConfig): KeyModeConfig {
        assert.equal(config.mode, "key");
        return config as KeyModeConfig;
    }

    function problemsOf(
        env: Record<string, string | undefined>,
        readFile?: (path: string) => string,
    ): string[] {
        try {
            readAppConfig(env, readFile ? { readFile } : {});
        } catch (err) {
            assert.ok(err instanceof GitHubConfigError, `expected GitHubConfigError, got ${err}`);
            return [...err.problems];
        }
        assert.fail("expected readAppConfig to throw");
    }

    it("reads a complete configuration into typed values with api.github.com as the default API", () => {
        // GIVEN the variables a workflow sets
        // WHEN they are read
        const config = keyMode(readAppConfig(complete));
        // THEN key mode is chosen, each value is typed and the repository is split
        assert.equal(config.appId, "123456");
        assert.equal(config.installationId, 7890);
        assert.equal(config.owner, "acme");
        assert.equal(config.repo, "ml-platform");
        assert.equal(config.apiUrl, "https://api.github.com");
        assert.equal(config.privateKey, keys.privateKeyPem);
    });

    it("lists every missing variable in one error, pointing workflows at token mode", () => {
        // GIVEN an empty environment
        // WHEN it is read
        const problems = problemsOf({});
        // THEN both modes are explained and all four key-mode settings are named at once
        assert.equal(problems.length, 5);
        assert.match(
            problems[0]!,
            /^No GitHub App credentials are set: in a workflow, set RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG/,
        );
        for (const name of [
            "GITHUB_APP_ID",
            "GITHUB_APP_INSTALLATION_ID",
            "GITHUB_APP_PRIVATE_KEY",
            "GITHUB_REPOSITORY",
        ]) {
            assert.ok(
                problems.some((p) => p.includes(name)),
                `no problem names ${name}`,
            );
        }
    });

    it("accepts a private key stored on one line with \\n escapes", () => {
        // GIVEN the PEM as a secret store often holds it
        const escaped = keys.privateKeyPem.trim().replace(/\n/g, "\\n");
        // WHEN it is read
        const config = keyMode(readAppConfig({ ...complete, GITHUB_APP_PRIVATE_KEY: escaped }));
        // THEN real newlines come back
        assert.equal(config.privateKey, keys.privateKeyPem);
    });

    it("reads the private key from GITHUB_APP_PRIVATE_KEY_PATH", () => {
        // GIVEN a key file instead of inline text
        const env = {
            ...complete,
            GITHUB_APP_PRIVATE_KEY: undefined,
            GITHUB_APP_PRIVATE_KEY_PATH: "/secrets/app.pem",
        };
        // WHEN it is read
        const config = keyMode(
            readAppConfig(env, {
                readFile: (path) => (path === "/secrets/app.pem" ? keys.privateKeyPem : ""),
            }),
        );
        // THEN the file's key is used
        assert.equal(config.privateKey, keys.privateKeyPem);
    });

    it("names the path and the error code of a key file that cannot be read", () => {
        const env = {
            ...complete,
            GITHUB_APP_PRIVATE_KEY: undefined,
            GITHUB_APP_PRIVATE_KEY_PATH: "/secrets/missing.pem",
        };
        const problems = problemsOf(env, () => {
            throw Object.assign(new Error("no such file"), { code: "ENOENT" });
        });
        assert.deepEqual(problems.length, 1);
        assert.match(
            problems[0]!,
            /GITHUB_APP_PRIVATE_KEY_PATH="\/secrets\/missing.pem" cannot be read \(ENOENT\)/,
        );
    });

    it("refuses both key variables at once", () => {
        const problems = problemsOf({ ...complete, GITHUB_APP_PRIVATE_KEY_PATH: "/secrets/app.pem" });
        assert.match(problems.join("\n"), /both set: set exactly one of them/);
    });

    it("refuses a key that is not PEM without echoing the value", () => {
        // GIVEN a secret pasted into the wrong variable
        const problems = problemsOf({
            ...complete,
            GITHUB_APP_PRIVATE_KEY: "s3cr3t-value-that-must-not-leak",
        });
        // THEN the problem names the variable but not the value
        assert.match(problems[0]!, /^GITHUB_APP_PRIVATE_KEY does not hold a PEM private key/);
        assert.ok(!problems[0]!.includes("s3cr3t"));
    });

    it("refuses a corrupted PEM without quoting any of it", () => {
        // GIVEN a PEM whose body lost characters
        const lines = keys.privateKeyPem.trim().split("\n");
        const corrupted = [lines[0], ...lines.slice(1, -1).map((l) => l.slice(3)), lines.at(-1)].join("\n");
        // WHEN it is read
        const problems = problemsOf({ ...complete, GITHUB_APP_PRIVATE_KEY: corrupted });
        // THEN the message says it cannot be parsed and holds no key material
        assert.match(problems[0]!, /cannot be parsed as a private key/);
        assert.ok(!problems[0]!.includes(keyBody.slice(3, 40)));
    });

    it("refuses a key that is not RSA", () => {
        const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
        const pem = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
        const problems = problemsOf({ ...complete, GITHUB_APP_PRIVATE_KEY: pem });
        assert.match(problems[0]!, /holds a ec key: GitHub App keys are RSA/);
    });

    it("names the variable, the value and what is allowed for bad ids", () => {
        const problems = problemsOf({
            ...complete,
            GITHUB_APP_ID: "my-app",
            GITHUB_APP_INSTALLATION_ID: "-3",
        });
        assert.deepEqual(problems, [
            'GITHUB_APP_ID="my-app" is not an App ID: expected a positive integer (or a client ID "Iv…").',
            'GITHUB_APP_INSTALLATION_ID="-3" is not a positive integer.',
        ]);
    });

    it("refuses a GITHUB_REPOSITORY that is not owner/name", () => {
        const problems = problemsOf({ ...complete, GITHUB_REPOSITORY: "ml-platform" });
        assert.deepEqual(problems, ['GITHUB_REPOSITORY="ml-platform" is not of the form owner/name.']);
    });

    it("refuses a plain-http API URL unless it is loopback", () => {
        const problems = problemsOf({ ...complete, GITHUB_API_URL: "http://ghe.example.com/api/v3" });
        assert.match(problems[0]!, /must use https/);
        assert.equal(
            readAppConfig({ ...complete, GITHUB_API_URL: "http://127.0.0.1:8080/" }).apiUrl,
            "http://127.0.0.1:8080",
        );
    });

    it("refuses credentials in GITHUB_API_URL without echoing them", () => {
        const problems = problemsOf({
            ...complete,
            GITHUB_API_URL: "https://bot:hunter2@ghe.example.com/api/v3",
        });
        assert.match(problems[0]!, /must not carry credentials/);
        assert.ok(!problems[0]!.includes("hunter2"));
    });

    it("keeps a GitHub Enterprise API path and drops its trailing slash", () => {
        const config = readAppConfig({ ...complete, GITHUB_API_URL: "https://ghe.example.com/api/v3/" });
        assert.equal(config.apiUrl, "https://ghe.example.com/api/v3");
    });
    describe("token mode (a workflow's minted installation token)", () => {
        const token = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
        const workflow = {
            RAYOPS_GITHUB_TOKEN: token,
            RAYOPS_GITHUB_APP_SLUG: "rayops",
            GITHUB_REPOSITORY: "acme/ml-platform",
        };

        it("reads the token and the App's slug, with no App key, id or installation id", () => {
            // GIVEN what a workflow passes on from actions/create-github-app-token
            // WHEN it is read
            const config = readAppConfig(workflow);
            // THEN token mode is chosen with both values and the repository
            assert.equal(config.mode, "token");
            const { token: read, appSlug, owner, repo, apiUrl } = config as TokenModeConfig;
            assert.deepEqual(
                { read, appSlug, owner, repo, apiUrl },
                {
                    read: token,
                    appSlug: "rayops",
                    owner: "acme",
                    repo: "ml-platform",
                    apiUrl: "https://api.github.com",
                },
            );
        });

        it("refuses token-mode and key-mode credentials together, naming every variable set", () => {
            // GIVEN a step that got the token and, by mistake, the App's key too
            const problems = problemsOf({ ...complete, ...workflow, GITHUB_APP_INSTALLATION_ID: undefined });
            // THEN one problem names the variables of both modes, and no value
            assert.deepEqual(problems, [
                "RAYOPS_GITHUB_TOKEN and RAYOPS_GITHUB_APP_SLUG (token mode) and GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY " +
                    "(key mode) are all set: set one mode's variables only: token mode in workflows, key mode for local runs.",
            ]);
        });

        it("refuses a token that does not look like a GitHub token without echoing it", () => {
            // GIVEN a secret that is not a token, e.g. a password pasted into the wrong variable
            const problems = problemsOf({ ...workflow, RAYOPS_GITHUB_TOKEN: "hunter2-not-a-token-at-all" });
            // THEN the problem names the variable and what is expected, not the value
            assert.equal(problems.length, 1);
            assert.match(
                problems[0]!,
                /^RAYOPS_GITHUB_TOKEN does not look like a GitHub installation token \(ghs_ followed by letters and digits\)/,
            );
            assert.ok(!problems[0]!.includes("hunter2"));
        });

        it("refuses a personal access token, naming its kind without echoing it", () => {
            const pat = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789";
            const problems = problemsOf({ ...workflow, RAYOPS_GITHUB_TOKEN: pat });
            assert.match(
                problems[0]!,
                /^RAYOPS_GITHUB_TOKEN holds a personal access token \(classic\), not an App installation token/,
            );
            assert.ok(!problems[0]!.includes(pat.slice(4, 20)));
        });

        it("asks for the slug when only the token is set, and for the token when only the slug is", () => {
            assert.deepEqual(
                problemsOf({ ...workflow, RAYOPS_GITHUB_APP_SLUG: undefined }).map((p) => p.split(":")[0]),
                ["RAYOPS_GITHUB_APP_SLUG is not set"],
            );
            assert.deepEqual(
                problemsOf({ ...workflow, RAYOPS_GITHUB_TOKEN: " " }).map((p) => p.split(":")[0]),
                ["RAYOPS_GITHUB_TOKEN is not set"],
            );
        });

        it("refuses a slug that is not of GitHub's slug shape, saying what is allowed", () => {
            const problems = problemsOf({ ...workflow, RAYOPS_GITHUB_APP_SLUG: "RayOps App" });
            assert.deepEqual(problems, [
                'RAYOPS_GITHUB_APP_SLUG="RayOps App" is not an App slug: expected 1-34 lowercase letters, digits or "-", ' +
                    "starting with a letter or digit (the name in https://github.com/apps/<slug>).",
            ]);
        });

        it("refuses the bot's login in place of the slug and names the slug to use", () => {
            const problems = problemsOf({ ...workflow, RAYOPS_GITHUB_APP_SLUG: "rayops[bot]" });
            assert.deepEqual(problems, [
                'RAYOPS_GITHUB_APP_SLUG="rayops[bot]" is the login of the App\'s bot (rayops[bot]): set the slug alone, "rayops".',
            ]);
        });

        it("does not echo a token that was put into the slug variable", () => {
            const problems = problemsOf({ ...workflow, RAYOPS_GITHUB_APP_SLUG: token });
            assert.match(problems[0]!, /holds a GitHub token, not the App's slug/);
            assert.ok(!problems.join("\n").includes(token.slice(4)));
        });
    });
});
