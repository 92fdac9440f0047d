import { strict as assert } from "node:assert";
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
    listStackFiles,
    readStackFile,
    SECRET_PLACEHOLDER,
    StackFileError,
} from "../../../automation/plan/stack-file";

describe("stack file reader (automation/plan/stack-file.ts)", () => {
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), "rayops-stack-file-"));
    });
    afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
    });

    function write(stack: string, yaml: string): void {
        writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    }

    it("flattens config to namespace:key → string, structured values as JSON", () => {
        // GIVEN scalars of each YAML kind and a nested object
        write(
            "dev",
            [
                "config:",
                "  aws:region: us-west-2",
                "  rayops:protected: true",
                "  rayops:count: 3",
                "  rayops:network:",
                "    cidr: 10.20.0.0/16",
                "    azCount: 2",
                "  rayops:cidrs:",
                "    - 203.0.113.0/24",
                "",
            ].join("\n"),
        );
        // WHEN read
        const file = readStackFile(dir, "dev");
        // THEN every value is a string as Pulumi hands it to a program
        assert.deepEqual(file.config, {
            "aws:region": "us-west-2",
            "rayops:protected": "true",
            "rayops:count": "3",
            "rayops:network": '{"cidr":"10.20.0.0/16","azCount":2}',
            "rayops:cidrs": '["203.0.113.0/24"]',
        });
        assert.equal(file.stack, "dev");
        assert.deepEqual(file.secretKeys, []);
    });

    it('keeps a quoted version such as "1.33" as the text 1.33', () => {
        write("dev", 'config:\n  rayops:cluster:\n    version: "1.33"\n');
        assert.equal(readStackFile(dir, "dev").config["rayops:cluster"], '{"version":"1.33"}');
    });

    it("replaces a top-level secure value with the placeholder and lists its key as secret", () => {
        write("prod", "config:\n  rayops:token:\n    secure: AAABAKx0c3Q=\n  rayops:owner: ml\n");
        const file = readStackFile(dir, "prod");
        assert.equal(file.config["rayops:token"], SECRET_PLACEHOLDER);
        assert.equal(file.config["rayops:owner"], "ml");
        assert.deepEqual(file.secretKeys, ["rayops:token"]);
    });

    it("replaces a nested secure value with the placeholder and lists the enclosing key as secret", () => {
        write("prod", "config:\n  rayops:github:\n    appId: '123'\n    key:\n      secure: AAABAKx0c3Q=\n");
        const file = readStackFile(dir, "prod");
        assert.deepEqual(JSON.parse(file.config["rayops:github"]), { appId: "123", key: SECRET_PLACEHOLDER });
        assert.deepEqual(file.secretKeys, ["rayops:github"]);
    });

    it("reports the secrets provider and salt of the file", () => {
        write("prod", "secretsprovider: awskms://alias/rayops\nencryptionsalt: v1:abc\nconfig: {}\n");
        const file = readStackFile(dir, "prod");
        assert.equal(file.secretsProvider, "awskms://alias/rayops");
        assert.equal(file.encryptionSalt, "v1:abc");
    });

    it("reads an empty stack file as no config", () => {
        write("empty", "");
        assert.deepEqual(readStackFile(dir, "empty").config, {});
    });

    it("names the stack and the file it expected when the file is missing", () => {
        assert.throws(
            () => readStackFile(dir, "staging"),
            (err: unknown) =>
                err instanceof StackFileError &&
                /no stack file for "staging"/.test(err.message) &&
                err.message.includes("Pulumi.staging.yaml"),
        );
    });

    it("rejects a stack name that could leave the directory", () => {
        assert.throws(
            () => readStackFile(dir, "../etc/passwd"),
            (err: unknown) =>
                err instanceof StackFileError &&
                err.message.includes('stack name "../etc/passwd" is not valid') &&
                /letters, digits/.test(err.message),
        );
    });

    it("rejects a config key without a namespace and suggests the rayops one", () => {
        write("dev", "config:\n  region: us-west-2\n");
        assert.throws(
            () => readStackFile(dir, "dev"),
            (err: unknown) =>
                err instanceof StackFileError &&
                err.message.includes('config key "region" needs a namespace, e.g. "rayops:region"'),
        );
    });

    it("reports YAML that does not parse with the file's name", () => {
        write("dev", "config:\n  rayops:a: [unclosed\n");
        assert.throws(
            () => readStackFile(dir, "dev"),
            (err: unknown) =>
                err instanceof StackFileError && /Pulumi\.dev\.yaml is not valid YAML/.test(err.message),
        );
    });

    const refused = (pattern: RegExp) => (err: unknown) =>
        err instanceof StackFileError && pattern.test(err.message);

    describe("hostile and careless files (each was seen to crash, hang or pass silently)", () => {
        it("refuses a 509-byte YAML alias bomb at once instead of expanding it", () => {
            // Nine levels of nine aliases: 9^9 values once expanded.
            const lines = ['config:\n  rayops:labels: &a0 ["x","x","x","x","x","x","x","x","x"]'];
            for (let i = 1; i <= 9; i++) {
                const refs = Array.from({ length: 9 }, () => `*a${i - 1}`).join(",");
                lines.push(`  rayops:l${i}: &a${i} [${refs}]`);
            }
            write("dev", `${lines.join("\n")}\n`);
            assert.throws(
                () => readStackFile(dir, "dev"),
                refused(/expands to more than 100,000 values \(YAML aliases\?\)/),
            );
        });

        it("refuses a file over 1 MiB before reading it", () => {
            write("dev", `config:\n  rayops:owner: ${"x".repeat(1024 * 1024)}\n`);
            assert.throws(
                () => readStackFile(dir, "dev"),
                refused(/is 1,048,\d{3} bytes; a stack file may be at most 1,048,576 bytes/),
            );
        });

        it("refuses nesting deeper than 32 levels", () => {
            write("dev", `config:\n  rayops:deep: ${"[".repeat(40)}${"]".repeat(40)}\n`);
            assert.throws(() => readStackFile(dir, "dev"), refused(/nests deeper than 32 levels/));
        });

        it("says a root that is not a mapping, and a config that is not one, for what they are", () => {
            write("dev", "- config\n- hello\n");
            assert.throws(
                () => readStackFile(dir, "dev"),
                refused(/must be a mapping with a config: section; got a list/),
            );
            write("dev", "config: hello\n");
            assert.throws(
                () => readStackFile(dir, "dev"),
                refused(/config must be a mapping of "namespace:key" to values; got a string/),
            );
            write("dev", "hello\n");
            assert.throws(() => readStackFile(dir, "dev"), refused(/got a string/));
        });

        it("names a misspelt top-level key instead of reporting the keys it hides", () => {
            write("dev", "confg:\n  rayops:region: us-west-2\n");
            assert.throws(
                () => readStackFile(dir, "dev"),
                refused(
                    /unknown top-level key "confg" \(did you mean "config"\?\); allowed: config, secretsprovider/,
                ),
            );
        });

        it("refuses a namespace that is a near miss of rayops (case or a small edit)", () => {
            for (const [key, fix] of [
                ["Rayops:network", "rayops:network"],
                ["rayop:protected", "rayops:protected"],
                ["RAYOPS:region", "rayops:region"],
                ["raypos:owner", "rayops:owner"],
            ]) {
                write("dev", `config:\n  ${key}: x\n`);
                assert.throws(
                    () => readStackFile(dir, "dev"),
                    refused(new RegExp(`did you mean "${fix}"`)),
                    key,
                );
            }
        });

        it("warns about a namespace rayops does not read, and keeps the known ones quiet", () => {
            write("dev", "config:\n  rayops:region: us-west-2\n  aws:region: us-west-2\n  acme:team: ml\n");
            assert.deepEqual(readStackFile(dir, "dev").warnings, [
                'Pulumi.dev.yaml: config key "acme:team" is in namespace "acme", which rayops does not read; check the spelling',
            ]);
        });

        it("refuses a secret key stored in clear, saying how to store it, without showing it", () => {
            for (const key of ["githubAppPrivateKey", "githubAppId", "githubAppInstallationId"]) {
                write("dev", `config:\n  rayops:${key}: "1234567"\n`);
                assert.throws(
                    () => readStackFile(dir, "dev"),
                    (err: unknown) => {
                        assert.ok(err instanceof StackFileError);
                        assert.match(
                            err.message,
                            new RegExp(
                                `rayops:${key} is stored in clear.*pulumi config set --secret rayops:${key}`,
                            ),
                        );
                        assert.doesNotMatch(err.message, /1234567/);
                        return true;
                    },
                );
            }
            write("dev", "config:\n  rayops:githubAppId:\n    secure: v1:abc\n");
            assert.deepEqual(readStackFile(dir, "dev").secretKeys, ["rayops:githubAppId"]);
        });

        it("does not quote the file's lines when the YAML does not parse (they may hold a secret)", () => {
            const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
                type: "pkcs1",
                format: "pem",
            }) as string;
            const body = pem.split("\n")[1]!.slice(0, 40);
            write("dev", `config:\n  rayops:githubAppPrivateKey: ${pem.split("\n")[0]}\n\t${body}: [\n`);
            assert.throws(
                () => readStackFile(dir, "dev"),
                (err: unknown) => {
                    assert.ok(err instanceof StackFileError);
                    assert.match(err.message, /is not valid YAML/);
                    assert.ok(
                        !err.message.includes(body) && !err.message.includes("PRIVATE KEY"),
                        err.message,
                    );
                    return true;
                },
            );
        });
    });

    it("lists the stacks that have a stack file, sorted", () => {
        assert.deepEqual(
            listStackFiles(dir, ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "README.md"]),
            ["dev", "prod"],
        );
    });
});
