import { strict as assert } from "node:assert";
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

    it("lists the stacks that have a stack file, sorted", () => {
        assert.deepEqual(
            listStackFiles(dir, ["Pulumi.yaml", "Pulumi.prod.yaml", "Pulumi.dev.yaml", "README.md"]),
            ["dev", "prod"],
        );
    });
});
