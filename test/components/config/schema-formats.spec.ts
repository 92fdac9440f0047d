import { strict as assert } from "node:assert";
import { issueAt, issuesOf, parsedOf, rawOf, runnersOnRaw, setAt, valueAt } from "./raw-config";

interface Format {
    /** Dotted key of the raw config. */
    readonly key: string;
    /** A value the format accepts, in the committed dev stack. */
    readonly valid: string;
    /** The valid value, or one like it, with something before or after it. */
    readonly junk: readonly string[];
    /** What the refusal says is allowed. */
    readonly allowed: RegExp;
}

// Each format must match the whole value: text around a valid value is refused, not ignored.
const FORMATS: readonly Format[] = [
    {
        key: "region",
        valid: "us-west-2",
        junk: ["xus-west-2", "us-west-2x", " us-west-2", "us-west-2 "],
        allowed: /an AWS region such as us-west-2/,
    },
    {
        key: "environment",
        valid: "dev",
        junk: ["Xdev", "_dev", "dev_", "dev "],
        allowed: /lower-case letters, digits and -/,
    },
    {
        key: "repo",
        valid: "acme/ml-platform",
        junk: ["@acme/ml-platform", " acme/ml-platform", "acme/ml-platform/tree", "acme/ml-platform "],
        allowed: /owner\/name/,
    },
    {
        key: "networkStack",
        valid: "acme/rayops-network/dev",
        junk: ["@acme/rayops-network/dev", "acme/rayops-network/dev/extra", "acme/rayops-network/dev "],
        allowed: /organization\/project\/stack/,
    },
    {
        key: "cluster.version",
        valid: "1.35",
        junk: ["x1.35", "11.35", "1.35x", "1.355", "1.35 "],
        allowed: /a Kubernetes minor version such as "1\.33"/,
    },
    {
        key: "cluster.adminRoleArn",
        valid: "arn:aws:iam::123456789012:role/platform-admin",
        junk: [
            "xarn:aws:iam::123456789012:role/platform-admin",
            " arn:aws:iam::123456789012:role/platform-admin",
            "arn:aws:iam::123456789012:role/platform-admin*",
            "arn:aws:iam::123456789012:role/platform-admin ",
        ],
        allowed: /an IAM role ARN/,
    },
    {
        key: "ray.workerGroups.cpu.cpu",
        valid: "7",
        junk: ["x7", " 7", "7x", "7 "],
        allowed: /a CPU quantity such as "500m" or "4"/,
    },
    {
        key: "ray.workerGroups.cpu.memory",
        valid: "26Gi",
        junk: ["x26Gi", " 26Gi", "26Gix", "26Gi "],
        allowed: /a memory quantity such as "512Mi" or "16Gi"/,
    },
    {
        key: "addons.clusterAutoscaler.scaleDownDelayAfterAdd",
        valid: "5m",
        junk: ["x5m", " 5m", "5mx", "5m "],
        allowed: /a duration such as "10m" or "1h30m"/,
    },
    {
        // Also read by the timing check, which must never see a malformed duration.
        key: "addons.clusterAutoscaler.scaleDownUnneededTime",
        valid: "5m",
        junk: ["x5m", "5mx"],
        allowed: /a duration such as "10m" or "1h30m"/,
    },
    {
        key: "addons.clusterAutoscaler.imageTag",
        valid: "v1.35.2",
        junk: ["xv1.35.2", "v1.35.2x", "v1.35.2 "],
        allowed: /a tag such as "v1\.33\.0"/,
    },
    {
        key: "ray.version",
        valid: "2.60.0",
        junk: ["x2.60.0", "12.60.0", "2.60.0x", "2.60.0 "],
        allowed: /a Ray 2\.x version such as "2\.60\.0"/,
    },
    {
        key: "runners.controllerChartVersion",
        valid: "0.14.2",
        junk: ["v0.14.2", "0.14.2x", "0.14.2 "],
        allowed: /a chart version such as "0\.14\.2"/,
    },
    {
        key: "ray.namespace",
        valid: "ray-jobs",
        junk: ["-ray", "_ray", "ray-", "ray_"],
        allowed: /a Kubernetes namespace: lower-case letters, digits and "-"/,
    },
];

describe("stack configuration formats match the whole value (components/config/schema.ts)", () => {
    for (const { key, valid, junk, allowed } of FORMATS) {
        describe(`rayops:${key}`, () => {
            it(`accepts ${JSON.stringify(valid)}`, () => {
                // GIVEN dev (with runners on, for a runners key) with a well-formed value
                const raw = key.startsWith("runners.") ? runnersOnRaw() : rawOf("dev");
                setAt(raw, key, valid);
                // WHEN validated THEN the value is kept
                assert.equal(valueAt(parsedOf(raw), key), valid);
            });

            for (const value of junk) {
                it(`refuses ${JSON.stringify(value)}, naming the key, the value and what is allowed`, () => {
                    // GIVEN dev with the value wrapped in something
                    const raw = rawOf("dev");
                    setAt(raw, key, value);
                    // WHEN validated
                    const issue = issueAt(issuesOf(raw), key, allowed);
                    // THEN the format itself refuses it
                    assert.equal(issue.value, value);
                });
            }
        });
    }

    it("reports a malformed cluster version once, by its format, not again as a version EKS lacks", () => {
        for (const version of ["x1.35", "1.35x"]) {
            // GIVEN a version with junk around a supported one
            const raw = rawOf("dev");
            raw.cluster.version = version;
            // WHEN validated
            const issues = issuesOf(raw);
            // THEN the one problem is its format
            assert.deepEqual(
                issues.map((i) => [i.key, i.message]),
                [["cluster.version", 'a Kubernetes minor version such as "1.33"']],
                version,
            );
        }
    });

    describe("Ray worker group names", () => {
        it('accepts a lower-case name with digits and "-", up to 41 characters', () => {
            const raw = rawOf("dev");
            const name = `g${"a".repeat(39)}-`;
            raw.ray.workerGroups[name] = raw.ray.workerGroups.cpu;
            delete raw.ray.workerGroups.cpu;
            assert.ok(name in parsedOf(raw).ray.workerGroups);
        });

        for (const name of ["Xcpu", "_cpu", "cpu_", "cpu ", `g${"a".repeat(41)}`]) {
            it(`refuses the group name ${JSON.stringify(name)}, naming it`, () => {
                // GIVEN dev's cpu group renamed
                const raw = rawOf("dev");
                raw.ray.workerGroups[name] = raw.ray.workerGroups.cpu;
                delete raw.ray.workerGroups.cpu;
                // WHEN validated THEN the name is refused against the pattern it must match
                const issue = issueAt(issuesOf(raw), `ray.workerGroups.${name}`);
                assert.equal(issue.value, name);
                assert.match(issue.message, /must match pattern/);
            });
        }
    });

    describe("every form a format allows is accepted", () => {
        // [dotted key, values the format allows beyond dev's own], each a form of its own.
        const FORMS: [string, string[]][] = [
            ["ray.workerGroups.cpu.cpu", ["1.25", "0.5", "250m", "6"]],
            ["ray.workerGroups.cpu.memory", ["17179869184", "16G", "16384Mi", "1.5Gi"]],
            ["addons.clusterAutoscaler.scaleDownDelayAfterAdd", ["90s", "1h", "1h30m", "2m30s", "1h2m45s"]],
            ["addons.clusterAutoscaler.imageTag", ["v1.35.10"]],
            ["addons.clusterAutoscaler.expander", ["least-waste", "random", "most-pods"]],
            ["addons.karpenter.consolidationPolicy", ["WhenEmpty", "WhenEmptyOrUnderutilized"]],
            ["ray.version", ["2.9.3", "2.60.10"]],
            ["ray.autoscaler.upscalingMode", ["Default", "Aggressive", "Conservative"]],
            ["ray.namespace", ["r", "ray2", "ml-jobs-1"]],
            ["runners.controllerChartVersion", ["10.14.12", "0.9.3"]],
            [
                "cluster.adminRoleArn",
                [
                    "arn:aws-cn:iam::123456789012:role/platform-admin",
                    "arn:aws-us-gov:iam::123456789012:role/team/platform-admin",
                ],
            ],
            ["nodePools.cpu.capacityType", ["ON_DEMAND", "SPOT"]],
            ["addons.nodeAutoscaler", ["cluster-autoscaler", "karpenter"]],
        ];
        for (const [key, values] of FORMS) {
            for (const value of values) {
                it(`accepts ${JSON.stringify(value)} as rayops:${key}`, () => {
                    // GIVEN dev (with runners on, for a runners key) set to that form
                    const raw = key.startsWith("runners.") ? runnersOnRaw() : rawOf("dev");
                    setAt(raw, key, value);
                    // WHEN validated THEN the value is kept as written
                    assert.equal(valueAt(parsedOf(raw), key), value);
                });
            }
        }
    });

    describe("node label keys: [prefix/]name", () => {
        for (const key of [
            "team",
            "acme.com/team",
            "a.example.com/team",
            "acme.x/team",
            "example.local/team",
            "k8s-1.acme-corp.io/tier",
            "node.kubernetes.io/instance-group",
        ]) {
            it(`accepts the label key ${JSON.stringify(key)}`, () => {
                const raw = rawOf("dev");
                raw.nodePools.cpu.labels = { [key]: "ml" };
                assert.deepEqual(parsedOf(raw).nodePools.cpu.labels, { [key]: "ml" });
            });
        }

        for (const key of [
            "/team",
            "acme.com/",
            "-acme.com/team",
            "acme-.com/team",
            "Acme.com/team",
            "acme..com/team",
        ]) {
            it(`refuses the label key ${JSON.stringify(key)}, naming it and what a key must be`, () => {
                const raw = rawOf("dev");
                raw.nodePools.cpu.labels = { [key]: "ml" };
                const issue = issueAt(issuesOf(raw), `nodePools.cpu.labels.${key}`);
                assert.equal(issue.value, key);
                assert.match(issue.message, /^a Kubernetes label key: \[prefix\/\]name/);
            });
        }
    });
});
