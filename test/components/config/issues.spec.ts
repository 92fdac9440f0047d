import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { displayValue, formatIssue, looksSecret } from "../../../components/config/issues";
import { parsePlatformConfig } from "../../../components/config/parse";

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
