import * as assert from "node:assert/strict";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../../automation/cli";
import type { CliContext } from "../../../automation/cli-support/context";
import { CliError } from "../../../automation/exit-codes";
import { parseDashboardAddress } from "../../../automation/workload/address";

function context(): CliContext & { err: string[]; out: string[] } {
    const out: string[] = [];
    const err: string[] = [];
    return {
        // A Pulumi home with nothing selected, whatever this machine's user selected.
        env: { NO_COLOR: "1", PULUMI_HOME: path.join(tmpdir(), "rayops-no-pulumi-home") },
        cwd: process.cwd(),
        stdout: { write: (s: string) => out.push(s) },
        stderr: { write: (s: string) => err.push(s) },
        exitCode: 0,
        out,
        err,
    };
}

describe("workload --address and target options", () => {
    it("accepts an http URL and drops the trailing slash", () => {
        assert.equal(parseDashboardAddress("http://127.0.0.1:8265/"), "http://127.0.0.1:8265");
    });

    it("keeps a path prefix, for a dashboard behind a reverse proxy", () => {
        assert.equal(parseDashboardAddress("https://ray.example.org/dash/"), "https://ray.example.org/dash");
    });

    it("refuses text that is not a URL, naming the option, the value and what is allowed", () => {
        assert.throws(
            () => parseDashboardAddress("127.0.0.1:8265"),
            (e: CliError) =>
                e instanceof CliError &&
                /^--address "127\.0\.0\.1:8265"/.test(e.message) &&
                /allowed an http:\/\/ or https:\/\/ URL/.test(e.message),
        );
    });

    it("refuses a scheme other than http and https", () => {
        assert.throws(() => parseDashboardAddress("ftp://host:8265"), /scheme ftp: is not supported/);
    });

    it("refuses credentials in the URL without echoing them", () => {
        assert.throws(
            () => parseDashboardAddress("http://me:secret@host:8265"),
            (e: Error) =>
                /credentials in the URL are not allowed/.test(e.message) && !e.message.includes("secret"),
        );
    });

    it("refuses a query or a fragment", () => {
        assert.throws(
            () => parseDashboardAddress("http://host:8265/?x=1"),
            /a query or fragment is not allowed/,
        );
    });

    it("makes `workload status` exit 1 on a bad --address before any request", async () => {
        const ctx = context();

        const code = await main(
            ["node", "rayops", "workload", "status", "raysubmit_x", "--address", "nope"],
            ctx,
        );

        assert.equal(code, 1);
        assert.match(ctx.err.join(""), /rayops: --address "nope" is not a URL/);
    });

    it("makes `workload submit` exit 1 when neither --stack nor --address is given and no stack is selected", async () => {
        const ctx = context();

        const code = await main(["node", "rayops", "workload", "submit"], ctx);

        assert.equal(code, 1);
        assert.match(
            ctx.err.join(""),
            /no --stack given and no stack selected: pass --stack <name>.*; or reach a dashboard of your own with --address <url>/,
        );
    });

    it("makes `workload submit` exit 1 when both --stack and --address are given", async () => {
        const ctx = context();

        const code = await main(
            ["node", "rayops", "workload", "submit", "--stack", "dev", "--address", "http://127.0.0.1:8265"],
            ctx,
        );

        assert.equal(code, 1);
        assert.match(ctx.err.join(""), /choose one of --stack and --address/);
    });

    it("refuses a --timeout that is not a positive number of seconds", async () => {
        const ctx = context();

        const code = await main(
            ["node", "rayops", "workload", "submit", "--address", "http://127.0.0.1:8265", "--timeout", "0"],
            ctx,
        );

        assert.equal(code, 1);
        assert.match(ctx.err.join(""), /--timeout "0": allowed a number of seconds greater than 0/);
    });

    it("reports an unreachable dashboard with the address and the socket error", async () => {
        const ctx = context();

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        const code = await main(
            ["node", "rayops", "workload", "logs", "raysubmit_x", "--address", "http://127.0.0.1:1"],
            ctx,
        );

        assert.equal(code, 1);
        assert.match(
            ctx.err.join(""),
            /cannot reach the Ray dashboard at http:\/\/127\.0\.0\.1:1 .*ECONNREFUSED/,
        );
    });
});
