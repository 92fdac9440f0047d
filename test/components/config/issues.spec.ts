import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { z } from "zod";
import {
    ConfigError,
    displayKey,
    displayValue,
    formatIssue,
    looksSecret,
    zodIssues,
} from "../../../components/config/issues";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawOf } from "./raw-config";

// A throwaway key made for this run; no error may show its body.
const PEM = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs1",
    format: "pem",
}) as string;
const BODY = new RegExp(PEM.split("\n")[1]!.slice(0, 40).replace(/[+/]/g, "\\$&"));

describe("config issues never echo a secret", () => {
    it("recognises PEM blocks, token prefixes and long random runs, and leaves names alone", () => {
        for (const secret of [
            PEM,
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
            "github_pat_11ABCDEFG0abcdefghijklmnop",
            "AKIAIOSFODNN7EXAMPLE",
            "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiIxMjM0NSJ9.sig",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            { nested: ["x", PEM] },
        ]) {
            assert.equal(looksSecret(secret), true, JSON.stringify(secret));
        }
        for (const plain of [
            "us-west-2",
            "arn:aws:iam::123456789012:role/platform-admin",
            "AWSReservedSSO_AdministratorAccess_abcdefabcdef",
            "m6i.2xlarge",
            ["203.0.113.0/24"],
            42,
        ]) {
            assert.equal(looksSecret(plain), false, JSON.stringify(plain));
        }
    });

    it("hides the value of a secret key whatever it holds, and of anything shaped like a secret", () => {
        assert.equal(displayValue("githubAppId", "12345"), "[not shown: 5 characters that may be a secret]");
        assert.equal(
            displayValue("runners.githubAppPrivateKey", "k"),
            "[not shown: 1 characters that may be a secret]",
        );
        assert.equal(
            displayValue("extra", { key: PEM }),
            "[not shown: a structured value that may be a secret]",
        );
        assert.equal(displayValue("region", "us-west-3"), '"us-west-3"');
        assert.equal(displayValue("region", undefined), "(missing)");
        assert.doesNotMatch(formatIssue({ key: "githubAppKey", value: PEM, message: "unknown key" }), BODY);
    });

    it("keeps a PEM under an unknown key out of the whole configuration error", () => {
        assert.throws(
            () =>
                parsePlatformConfig(
                    { region: "us-west-2", repo: "acme/ml", owner: "o", costCenter: "c", githubAppKey: PEM },
                    { stack: "dev", project: "rayops" },
                ),
            (err: Error) => {
                assert.match(
                    err.message,
                    /rayops:githubAppKey = \[not shown: \d+ characters that may be a secret\]: unknown key/,
                );
                assert.doesNotMatch(err.message, BODY);
                return true;
            },
        );
    });
});

/** `n` characters of a token body: letters and digits, too short a run to count as random on its own. */
const body = (n: number) => "abcdefghij0123456789klmnopqrstuvwxyz".slice(0, n);

describe("config issues never echo a secret used as a key", () => {
    const TOKEN = `ghp_${"abcdefghij0123456789klmnopqrstuvwxyzAB"}`;

    it("withholds a token pasted as a key or as a label's name, keeping the path up to it", () => {
        // GIVEN a token given as a top-level key (`pulumi config set rayops:<token>`) and as a label name
        const raw = rawOf("dev");
        raw[TOKEN] = "x";
        raw.nodePools.cpu.labels = { [`${TOKEN} x`]: "ml" };
        // WHEN validated
        let message = "";
        try {
            parsePlatformConfig(raw, { stack: "dev" });
        } catch (err) {
            message = (err as Error).message;
        }
        // THEN both are reported, at the known part of their path, and the token appears nowhere
        assert.match(message, /\(2 problems\)/);
        assert.match(message, /rayops:\[not shown: a key that may be a secret\] = "x": unknown key/);
        assert.match(
            message,
            /rayops:nodePools\.cpu\.labels\.\[not shown: a key that may be a secret\] = \[not shown/,
        );
        assert.doesNotMatch(message, /ghp_/);
    });

    it("shows an ordinary key whole, and withholds a JWT key that spans dots from where it starts", () => {
        assert.equal(
            displayKey("nodePools.cpu.labels.node.kubernetes.io/instance-group"),
            "nodePools.cpu.labels.node.kubernetes.io/instance-group",
        );
        // A JWT as a label's name: it only looks like one with its dots, so they are kept in the judging
        const jwt = `eyJ${body(10)}.${body(10)}`;
        assert.equal(
            displayKey(`labels.${jwt}`),
            `labels.eyJ${body(10)}.[not shown: a key that may be a secret]`,
        );
        assert.doesNotMatch(
            formatIssue({ key: `labels.${jwt}`, value: 1, message: "unknown key" }),
            new RegExp(`\\.${body(10)}\\b`),
        );
    });
});

/** The first line of a PEM private key, made at run time: no key material lives in the repository. */
const PEM_HEADER = (
    generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
        type: "pkcs8",
        format: "pem",
    }) as string
).split("\n")[0]!;

describe("the shapes of a secret, at their thresholds (components/config/issues.ts)", () => {
    for (const [kind, secret, almost] of [
        ["a PEM header alone", PEM_HEADER, "-----BEGIN -----"],
        ["a PEM header with a one-word label", "-----BEGIN KEY-----\nshort", "-----BEGIN key-----"],
        ["a classic GitHub token (ghp_ and 20 characters)", `ghp_${body(20)}`, `ghp_${body(19)}`],
        ["a GitHub OAuth token (gho_)", `gho_${body(20)}`, `gho_${body(19)}`],
        ["a GitHub user-to-server token (ghu_)", `ghu_${body(20)}`, `ghu_${body(19)}`],
        ["a GitHub server-to-server token (ghs_)", `ghs_${body(20)}`, `ghs_${body(19)}`],
        ["a GitHub refresh token (ghr_)", `ghr_${body(20)}`, `ghr_${body(19)}`],
        [
            "a fine-grained GitHub token (github_pat_ and 20)",
            `github_pat_${body(20)}`,
            `github_pat_${body(19)}`,
        ],
        ["a fine-grained GitHub token with underscores", "github_pat_11abc_defgh_ijklmnop_q", "github_pat_"],
        ["an AWS access key id (AKIA and 16)", "AKIAIOSFODNN7EXAMPL0", "AKIAIOSFODNN7EXAMP"],
        ["an AWS session key id (ASIA and 16)", "ASIAIOSFODNN7EXAMPL0", "ASIAIOSFODNN7EXAMP"],
        ["a Slack bot token (xoxb- and 10)", "xoxb-1234567890", "xoxb-123456789"],
        ["a Slack user token (xoxp-)", "xoxp-12345-67890", "xoxp-12345"],
        ["a JWT (eyJ, 10, a dot, 10)", `eyJ${body(10)}.${body(10)}`, `eyJ${body(10)}.${body(9)}`],
        ["a JWT whose header is at the threshold", `eyJ${body(10)}.${body(12)}`, `eyJ${body(9)}.${body(12)}`],
        [
            "a 32-character run of upper, lower case and digits",
            "Ab3".repeat(10).concat("Cd"),
            "Ab3".repeat(10).concat("C"),
        ],
    ] as const) {
        it(`hides ${kind} and shows a value one character short of it`, () => {
            // GIVEN a value of that shape, and one just short of it
            // WHEN each is shown in an issue
            const hidden = displayValue("extra", secret);
            const shown = displayValue("extra", almost);
            // THEN only the secret is withheld, with its size
            assert.equal(hidden, `[not shown: ${secret.length} characters that may be a secret]`);
            assert.equal(shown, JSON.stringify(almost));
        });
    }

    it("hides a token inside a longer text", () => {
        assert.equal(looksSecret(`token: ghp_${body(20)} (rotate monthly)`), true);
        assert.equal(looksSecret(`Authorization: Bearer eyJ${body(12)}.${body(12)}`), true);
    });

    it("shows long runs of one case with digits: commit hashes and digests are not key material", () => {
        // GIVEN a 40-character commit hash (lower-case hex) and a 32-character upper-case id
        const commit = "3f786850e387550fdab836ed7e6dc881de23001b";
        const upper = "0123456789ABCDEF0123456789ABCDEF";
        // THEN neither is taken for a secret, nor is a long run of letters only
        assert.equal(displayValue("commit", commit), JSON.stringify(commit));
        assert.equal(displayValue("extra", upper), JSON.stringify(upper));
        assert.equal(looksSecret("abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"), false);
        assert.equal(looksSecret("x".repeat(80)), false);
    });

    it("shows values holding null, booleans and missing entries as JSON", () => {
        assert.equal(looksSecret(null), false);
        assert.equal(looksSecret(undefined), false);
        assert.equal(looksSecret(true), false);
        assert.equal(displayValue("labels", { team: null, tier: undefined }), '{"team":null}');
        assert.equal(displayValue("list", [null, 1, false]), "[null,1,false]");
        assert.equal(displayValue("protected", false), "false");
    });

    it("hides a secret key's value at any depth of the key, judged by its last part only", () => {
        // GIVEN a secret key nested two sections deep, and a plain key under a section named like one
        // THEN the first is withheld whatever it holds, the second shown
        assert.equal(
            displayValue("runners.extra.githubAppPrivateKey", "k"),
            "[not shown: 1 characters that may be a secret]",
        );
        assert.equal(displayValue("githubAppId.extra.note", "k"), '"k"');
    });
});

describe("ConfigError (components/config/issues.ts)", () => {
    it("lists one problem under a singular count", () => {
        // GIVEN one problem WHEN it is thrown THEN the message counts it and shows it on its own line
        const err = new ConfigError([
            { key: "region", value: "mars-1", message: "an AWS region such as us-west-2" },
        ]);
        assert.equal(
            err.message,
            'invalid stack configuration (1 problem):\n  - rayops:region = "mars-1": an AWS region such as us-west-2',
        );
        assert.equal(err.name, "ConfigError");
        assert.ok(err instanceof Error);
    });

    it("lists several problems, one line each, under a plural count", () => {
        const err = new ConfigError([
            { key: "region", value: "mars-1", message: "an AWS region" },
            { key: "ray.head.cpu", value: undefined, message: "required" },
        ]);
        assert.equal(
            err.message,
            [
                "invalid stack configuration (2 problems):",
                '  - rayops:region = "mars-1": an AWS region',
                "  - rayops:ray.head.cpu = (missing): required",
            ].join("\n"),
        );
        assert.equal(err.issues.length, 2);
    });

    it("keeps a secret out of the message of a thrown error", () => {
        const err = new ConfigError([{ key: "extra", value: `xoxb-${body(20)}`, message: "unknown key" }]);
        assert.doesNotMatch(err.message, /xoxb-/);
        assert.match(
            err.message,
            /rayops:extra = \[not shown: 25 characters that may be a secret\]: unknown key/,
        );
    });
});

describe("zodIssues on hand-built schemas (components/config/issues.ts)", () => {
    /** The config issues `schema` refuses `raw` with. */
    function issuesFor(schema: z.ZodType, raw: unknown) {
        const result = schema.safeParse(raw);
        assert.ok(!result.success, "expected the value to be refused");
        return zodIssues(schema, raw, result.error);
    }
    const section = () => z.strictObject({ alpha: z.int().optional(), beta: z.int().optional() });

    for (const [wrapper, wrap] of [
        ["a default", (s: z.ZodType) => s.default({})],
        ["a prefault", (s: z.ZodType) => s.prefault({})],
        ["optional", (s: z.ZodType) => s.optional()],
        ["nullable", (s: z.ZodType) => s.nullable()],
        ["a transform (a pipe)", (s: z.ZodType) => s.transform((v) => v)],
    ] as const) {
        it(`names the allowed keys of a section wrapped in ${wrapper}`, () => {
            // GIVEN a misspelt key in a wrapped section
            const issues = issuesFor(z.strictObject({ section: wrap(section()) }), { section: { alhpa: 1 } });
            // THEN the issue names the key, its value, the likely meant key and the allowed ones
            assert.deepEqual(issues, [
                {
                    key: "section.alhpa",
                    value: 1,
                    message: 'unknown key; did you mean "alpha"?; allowed here: alpha, beta',
                },
            ]);
        });
    }

    it("names the allowed keys at the top of a wrapped root", () => {
        const issues = issuesFor(
            section().transform((v) => v),
            { bta: 2 },
        );
        assert.deepEqual(issues, [
            { key: "bta", value: 2, message: 'unknown key; did you mean "beta"?; allowed here: alpha, beta' },
        ]);
    });

    it("names the allowed keys of a record's entries", () => {
        const issues = issuesFor(z.strictObject({ groups: z.record(z.string(), section()) }), {
            groups: { small: { beta: 1, gamma: 3 } },
        });
        assert.deepEqual(issues, [
            { key: "groups.small.gamma", value: 3, message: "unknown key; allowed here: alpha, beta" },
        ]);
    });

    it("names no allowed keys where it cannot walk the schema (a list, a catch-all), and does not fail", () => {
        // GIVEN unknown keys inside a list's entries and under a catch-all's keys
        const listed = issuesFor(z.strictObject({ list: z.array(z.strictObject({ inner: section() })) }), {
            list: [{ inner: { gamma: 1 } }],
        });
        const caught = issuesFor(z.object({}).catchall(z.object({ inner: section() })), {
            any: { inner: { gamma: 1 } },
        });
        const flat = issuesFor(z.object({}).catchall(section()), { any: { gamma: 1 } });
        // THEN each is still reported at its key, with nothing named as allowed
        assert.deepEqual(listed, [
            { key: "list.0.inner.gamma", value: 1, message: "unknown key; allowed here: " },
        ]);
        assert.deepEqual(caught, [
            { key: "any.inner.gamma", value: 1, message: "unknown key; allowed here: " },
        ]);
        assert.deepEqual(flat, [{ key: "any.gamma", value: 1, message: "unknown key; allowed here: " }]);
    });

    it("reports a problem of the whole value at (root)", () => {
        const issues = issuesFor(
            section().refine((v) => v.alpha !== undefined || v.beta !== undefined, "alpha or beta"),
            {},
        );
        assert.deepEqual(issues, [{ key: "(root)", value: {}, message: "alpha or beta" }]);
    });

    it("reports the value as missing when a section on the way is missing or null", () => {
        // GIVEN a section the schema fills in when it is left out, null or text, whose filling-in fails a check
        const filled = z.preprocess(
            (v) => (typeof v === "object" && v !== null ? v : {}),
            z.strictObject({
                alpha: z
                    .int()
                    .default(0)
                    .refine((n) => n > 0, "more than 0"),
            }),
        );
        const schema = z.strictObject({ section: filled });
        // THEN the issue sits at the inner key, with no value found
        for (const raw of [{}, { section: null }, { section: "text" }]) {
            assert.deepEqual(issuesFor(schema, raw).slice(0, 1), [
                { key: "section.alpha", value: undefined, message: "more than 0" },
            ]);
        }
    });

    it("reports a record key that fails its check with the key as the value and the key's own message", () => {
        const issues = issuesFor(z.record(z.string().regex(/^[a-z]+$/, "lower-case letters"), z.int()), {
            Bad: 1,
        });
        assert.deepEqual(issues, [{ key: "Bad", value: "Bad", message: "lower-case letters" }]);
    });
});
