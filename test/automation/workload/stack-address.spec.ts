import * as assert from "node:assert/strict";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    dashboardTargetFromOutputs,
    openPortForward,
    parseForwardingLine,
    portForwardArgs,
    readClusterToken,
} from "../../../automation/workload/stack-address";

const OUTPUTS = {
    kubeconfig: "apiVersion: v1\nkind: Config\n",
    rayNamespace: "ray",
    rayDashboardService: "rayops-head-svc",
};
const TARGET = { kubeconfig: OUTPUTS.kubeconfig, namespace: "ray", service: "rayops-head-svc" };

describe("workload --stack: reaching the dashboard through kubectl port-forward", () => {
    describe("reading the stack outputs", () => {
        it("takes the kubeconfig, the Ray namespace and the dashboard service", () => {
            assert.deepEqual(dashboardTargetFromOutputs("dev", OUTPUTS), TARGET);
        });

        it("takes the Secret holding the cluster's Ray token when the stack exports it", () => {
            const target = dashboardTargetFromOutputs("dev", {
                ...OUTPUTS,
                rayAuthTokenSecret: "rayops-dev",
            });
            assert.equal(target.authTokenSecret, "rayops-dev");
        });

        it("accepts the Automation API's { value, secret } wrapping and a kubeconfig object", () => {
            const wrapped = { ...OUTPUTS, kubeconfig: { value: { apiVersion: "v1" }, secret: true } };

            assert.equal(dashboardTargetFromOutputs("dev", wrapped).kubeconfig, '{"apiVersion":"v1"}');
        });

        it("names the stack and the missing output", () => {
            const { rayDashboardService: _, ...rest } = OUTPUTS;

            assert.throws(
                () => dashboardTargetFromOutputs("prod", rest),
                /stack prod has no output rayDashboardService/,
            );
        });

        it("refuses a namespace that is not a Kubernetes name, since it ends up on kubectl's command line", () => {
            assert.throws(
                () => dashboardTargetFromOutputs("dev", { ...OUTPUTS, rayNamespace: "--all-namespaces" }),
                /output rayNamespace is "--all-namespaces"; allowed a Kubernetes name/,
            );
        });
    });

    it("builds `kubectl port-forward svc/<service> :8265` bound to loopback, with the stack's kubeconfig", () => {
        assert.deepEqual(portForwardArgs(TARGET, "/run/k/kubeconfig"), [
            "port-forward",
            "svc/rayops-head-svc",
            ":8265",
            "--namespace",
            "ray",
            "--kubeconfig",
            "/run/k/kubeconfig",
            "--address",
            "127.0.0.1",
        ]);
    });

    it("reads the local port kubectl chose from its Forwarding line", () => {
        assert.equal(parseForwardingLine("Forwarding from 127.0.0.1:41523 -> 8265"), 41523);
        assert.equal(parseForwardingLine("Handling connection for 41523"), undefined);
    });

    it("says in one line that kubectl is missing, and what to do instead", async () => {
        await assert.rejects(
            openPortForward(TARGET, { kubectl: path.join(os.tmpdir(), "no-such-kubectl") }),
            /^CliError: kubectl not found \(.*\): install kubectl to use --stack, or pass --address http:\/\/<host>:8265$/,
        );
    });

    describe("with a stand-in kubectl (no Kubernetes cluster can exist here)", () => {
        let dir: string;
        let record: string;
        let fake: string;

        beforeEach(() => {
            dir = mkdtempSync(path.join(os.tmpdir(), "rayops-fake-kubectl-"));
            record = path.join(dir, "record.json");
            fake = path.join(dir, "kubectl");
            // Records its arguments and the kubeconfig it was given, announces a port, then waits.
            writeFileSync(
                fake,
                `#!${process.execPath}\n` +
                    "const fs = require('fs');\n" +
                    "const args = process.argv.slice(2);\n" +
                    "const file = args[args.indexOf('--kubeconfig') + 1];\n" +
                    `fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ args, kubeconfig: fs.readFileSync(file, 'utf8'), mode: fs.statSync(file).mode & 0o777 }));\n` +
                    "if (process.env.FAKE_FAIL) { console.error('error: services \"x\" not found'); process.exit(1); }\n" +
                    "if (args[0] === 'get') { process.stdout.write(process.env.FAKE_SECRET || ''); process.exit(0); }\n" +
                    "console.log('Forwarding from 127.0.0.1:45678 -> 8265');\n" +
                    "setInterval(() => {}, 1000);\n",
            );
            chmodSync(fake, 0o755);
        });
        afterEach(() => rmSync(dir, { recursive: true, force: true }));

        it("resolves to the forwarded loopback address, with the kubeconfig in a private file", async () => {
            const forward = await openPortForward(TARGET, { kubectl: fake });
            try {
                assert.equal(forward.address, "http://127.0.0.1:45678");
                const seen = JSON.parse(readFileSync(record, "utf8"));
                assert.equal(seen.kubeconfig, OUTPUTS.kubeconfig);
                assert.equal(seen.mode, 0o600);
                assert.deepEqual(seen.args.slice(0, 3), ["port-forward", "svc/rayops-head-svc", ":8265"]);
            } finally {
                forward.close();
            }
        });

        it("deletes the kubeconfig copy on close", async () => {
            const forward = await openPortForward(TARGET, { kubectl: fake });
            const seen = JSON.parse(readFileSync(record, "utf8"));
            const kubeconfigPath = seen.args[seen.args.indexOf("--kubeconfig") + 1];
            assert.ok(statSync(kubeconfigPath).isFile());

            forward.close();

            assert.equal(existsSync(kubeconfigPath), false);
        });

        it("reads the Ray token from the cluster's Secret, base64-decoded, with a private kubeconfig copy", () => {
            const token = readClusterToken(TARGET, "rayops-dev", {
                kubectl: fake,
                env: { ...process.env, FAKE_SECRET: Buffer.from("s3cr3t-token").toString("base64") },
            });
            assert.equal(token, "s3cr3t-token");
            const seen = JSON.parse(readFileSync(record, "utf8"));
            assert.deepEqual(seen.args.slice(0, 5), ["get", "secret", "rayops-dev", "--namespace", "ray"]);
            assert.equal(seen.mode, 0o600);
            assert.equal(existsSync(seen.args[seen.args.indexOf("--kubeconfig") + 1]), false);
        });

        it("says which Secret it could not read when kubectl fails", () => {
            assert.throws(
                () =>
                    readClusterToken(TARGET, "rayops-dev", {
                        kubectl: fake,
                        env: { ...process.env, FAKE_FAIL: "1" },
                    }),
                /could not read the Ray auth token from secret ray\/rayops-dev: error: services "x" not found/,
            );
        });

        it("fails with kubectl's own message when it exits before forwarding", async () => {
            await assert.rejects(
                openPortForward(TARGET, { kubectl: fake, env: { ...process.env, FAKE_FAIL: "1" } }),
                /port-forward to svc\/rayops-head-svc in ray ended \(exit 1\): error: services "x" not found/,
            );
        });
    });
});
