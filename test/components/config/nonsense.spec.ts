import { strict as assert } from "node:assert";
import { parsePlatformConfig } from "../../../components/config/parse";
import { isLabelKey, isLabelValue, MAX_POOL_LABELS } from "../../../components/config/schema";
import { issuesOf, rawOf } from "./raw-config";

/** Each case was accepted with exit 0 (or failed with exit 1 and no key) before. */
// biome-ignore lint/suspicious/noExplicitAny: see rawOf
const CASES: [string, string, (raw: Record<string, any>) => void, RegExp][] = [
    [
        "an empty duration",
        "addons.clusterAutoscaler.scaleDownUnneededTime",
        (r) => {
            r.addons.clusterAutoscaler.scaleDownUnneededTime = "";
        },
        /a duration such as "10m".*not empty/,
    ],
    [
        "a worker of 0 CPU",
        "ray.workerGroups.cpu.cpu",
        (r) => {
            r.ray.workerGroups.cpu.cpu = "0";
        },
        /more than 0 CPU/,
    ],
    [
        "a worker of 0m CPU",
        "ray.workerGroups.cpu.cpu",
        (r) => {
            r.ray.workerGroups.cpu.cpu = "0m";
        },
        /more than 0 CPU/,
    ],
    [
        "a worker of 0 memory",
        "ray.workerGroups.cpu.memory",
        (r) => {
            r.ray.workerGroups.cpu.memory = "0Gi";
        },
        /more than 0 memory/,
    ],
    [
        "a head of 0 CPU",
        "ray.head.cpu",
        (r) => {
            r.ray.head.cpu = "0.0";
        },
        /more than 0 CPU/,
    ],
    [
        "a duplicate instance type",
        "nodePools.cpu.instanceTypes",
        (r) => {
            r.nodePools.cpu.instanceTypes = ["m6i.2xlarge", "m6i.2xlarge"];
        },
        /each instance type once/,
    ],
    [
        "an owner over 256 characters",
        "owner",
        (r) => {
            r.owner = "x".repeat(257);
        },
        /at most 256 characters/,
    ],
    [
        "a cost center over 256 characters",
        "costCenter",
        (r) => {
            r.costCenter = "y".repeat(300);
        },
        /at most 256/,
    ],
    [
        "a Ray namespace that is not a DNS-1123 label",
        "ray.namespace",
        (r) => {
            r.ray.namespace = "Ray_Jobs";
        },
        /a Kubernetes namespace: lower-case letters/,
    ],
    [
        "a label key that breaks Kubernetes' syntax",
        "nodePools.cpu.labels.-team",
        (r) => {
            r.nodePools.cpu.labels = { "-team": "ml" };
        },
        /a Kubernetes label key/,
    ],
    [
        "a label value that breaks Kubernetes' syntax",
        "nodePools.cpu.labels.team",
        (r) => {
            r.nodePools.cpu.labels = { team: "ml team!" };
        },
        /a Kubernetes label value/,
    ],
    [
        "more labels than the Auto Scaling group can carry as tags",
        "nodePools.cpu.labels",
        (r) => {
            r.nodePools.cpu.labels = Object.fromEntries(
                Array.from({ length: MAX_POOL_LABELS + 1 }, (_, i) => [`l${i}`, "v"]),
            );
        },
        /at most 20 labels/,
    ],
];

describe("nonsense in a stack's config is refused, naming its key (exit 5)", () => {
    for (const [what, key, mutate, message] of CASES) {
        it(`refuses ${what} at rayops:${key}`, () => {
            const raw = rawOf("dev");
            mutate(raw);
            const issues = issuesOf(raw);
            const found = issues.find((i) => i.key === key);
            assert.ok(found, `no issue at ${key}; got ${JSON.stringify(issues)}`);
            assert.match(found.message, message);
        });
    }

    it("still accepts the committed stacks and sensible values at the edges", () => {
        const raw = rawOf("dev");
        raw.owner = "o".repeat(256);
        raw.ray.workerGroups.cpu.cpu = "1m";
        raw.nodePools.cpu.labels = { "acme.com/team": "ml-platform", tier: "", "a.b_c-d": "X.y_z" };
        assert.doesNotThrow(() => parsePlatformConfig(raw, { stack: "test" }));
        assert.doesNotThrow(() => parsePlatformConfig(rawOf("prod"), { stack: "prod" }));
    });

    it("reads Kubernetes label syntax as apimachinery does", () => {
        for (const ok of [
            "team",
            "acme.com/team",
            "a",
            "A-b_c.d",
            `${"a".repeat(63)}`,
            `${"b".repeat(253)}/x`,
        ]) {
            assert.equal(isLabelKey(ok), true, ok);
        }
        for (const bad of [
            "",
            "-a",
            "a-",
            "a/b/c",
            "Acme.com/team",
            `${"a".repeat(64)}`,
            "/x",
            "x/",
            "a b",
            "acme.com-/team",
            "acme_/team",
            `${"b".repeat(254)}/x`,
        ]) {
            assert.equal(isLabelKey(bad), false, bad);
        }
        assert.equal(isLabelValue(""), true);
        assert.equal(isLabelValue("v".repeat(63)), true);
        assert.equal(isLabelValue("v".repeat(64)), false);
    });
});
