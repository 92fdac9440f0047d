import * as assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveRayToken } from "../../../automation/workload/auth";

describe("workload Ray token", () => {
    let home: string;
    beforeEach(() => {
        home = mkdtempSync(path.join(os.tmpdir(), "rayops-home-"));
    });
    afterEach(() => rmSync(home, { recursive: true, force: true }));

    const writeDefault = (token: string) => {
        mkdirSync(path.join(home, ".ray"));
        writeFileSync(path.join(home, ".ray", "auth_token"), `${token}\n`);
    };

    it("takes RAY_AUTH_TOKEN first", () => {
        writeDefault("from-file");

        assert.deepEqual(resolveRayToken({ RAY_AUTH_TOKEN: "from-env" }, home), {
            token: "from-env",
            source: "RAY_AUTH_TOKEN",
        });
    });

    it("then the file named by RAY_AUTH_TOKEN_PATH, trimmed", () => {
        writeDefault("from-default");
        const file = path.join(home, "token");
        writeFileSync(file, "  from-path\n");

        assert.equal(resolveRayToken({ RAY_AUTH_TOKEN_PATH: file }, home)?.token, "from-path");
    });

    it("then ~/.ray/auth_token", () => {
        writeDefault("from-default");

        assert.deepEqual(resolveRayToken({}, home), { token: "from-default", source: "~/.ray/auth_token" });
    });

    it("finds none when no source has one (the request goes without a header)", () => {
        assert.equal(resolveRayToken({}, home), undefined);
    });

    it("refuses an unreadable RAY_AUTH_TOKEN_PATH instead of falling back, as Ray does", () => {
        writeDefault("from-default");
        const missing = path.join(home, "missing");

        assert.throws(
            () => resolveRayToken({ RAY_AUTH_TOKEN_PATH: missing }, home),
            /^CliError: RAY_AUTH_TOKEN_PATH .*missing: cannot read it/,
        );
    });
});
