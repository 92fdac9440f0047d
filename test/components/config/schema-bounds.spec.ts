import { strict as assert } from "node:assert";
import { MAX_POOL_LABELS } from "../../../components/config/schema";
import { issueAt, issuesOf, parsedOf, rawOf, runnersOnRaw, setAt, valueAt } from "./raw-config";

interface Bound {
    /** Dotted key of the raw config. */
    readonly key: string;
    /** The least value allowed, when there is one. */
    readonly least?: number;
    /** The most allowed, when there is one. */
    readonly most?: number;
    /** What else dev needs for the bound itself to be accepted. */
    // biome-ignore lint/suspicious/noExplicitAny: see rawOf
    readonly prepare?: (raw: Record<string, any>) => void;
}

const BOUNDS: readonly Bound[] = [
    { key: "nodePools.cpu.minSize", least: 0 },
    {
        key: "nodePools.cpu.maxSize",
        least: 1,
        prepare: (raw) => {
            raw.ray.workerGroups.cpu.maxReplicas = 1;
        },
    },
    { key: "nodePools.cpu.desiredSize", least: 0 },
    // The gpu pool: the cpu pool's disk also holds the Ray head's state.
    { key: "nodePools.gpu.diskSizeGiB", least: 20, most: 16384 },
    { key: "ray.workerGroups.cpu.minReplicas", least: 0 },
    { key: "ray.workerGroups.gpu.maxReplicas", least: 0 },
    { key: "ray.workerGroups.cpu.gpus", least: 0 },
    { key: "storage.checkpointRetentionDays", least: 1, most: 3650 },
    { key: "ray.head.storageGiB", least: 1 },
    {
        key: "ray.autoscaler.idleTimeoutSeconds",
        most: 86400,
        prepare: (raw) => {
            raw.addons.clusterAutoscaler.scaleDownUnneededTime = "24h";
        },
    },
    { key: "runners.maxRunners", least: 1 },
    { key: "runners.workVolumeGiB", least: 1, most: 16384 },
    { key: "runners.prepareJobTimeoutSeconds", least: 60, most: 3600 },
];

/** dev (with runners on, for a `runners.*` key) with `key` set to `value`, after what the bound needs. */
function devWith(bound: Bound, value: unknown) {
    const raw = bound.key.startsWith("runners.") ? runnersOnRaw() : rawOf("dev");
    bound.prepare?.(raw);
    setAt(raw, bound.key, value);
    return raw;
}

describe("stack configuration bounds (components/config/schema.ts)", () => {
    describe("numbers: the bound itself is allowed, one past it is refused", () => {
        for (const bound of BOUNDS) {
            const { key, least, most } = bound;
            if (least !== undefined) {
                it(`accepts ${key} = ${least}, its least`, () => {
                    assert.equal(valueAt(parsedOf(devWith(bound, least)), key), least);
                });
                it(`refuses ${key} = ${least - 1}, saying it must be at least ${least}`, () => {
                    const issue = issueAt(issuesOf(devWith(bound, least - 1)), key);
                    assert.equal(issue.value, least - 1);
                    assert.match(issue.message, new RegExp(`Too small: expected number to be >=${least}$`));
                });
            }
            if (most !== undefined) {
                it(`accepts ${key} = ${most}, its most`, () => {
                    assert.equal(valueAt(parsedOf(devWith(bound, most)), key), most);
                });
                it(`refuses ${key} = ${most + 1}, saying it must be at most ${most}`, () => {
                    const issue = issueAt(issuesOf(devWith(bound, most + 1)), key);
                    assert.equal(issue.value, most + 1);
                    assert.match(issue.message, new RegExp(`Too big: expected number to be <=${most}$`));
                });
            }
        }
    });

    describe("lengths", () => {
        // [key, longest allowed, what the refusal says]
        const LONGEST: [string, string, RegExp][] = [
            ["environment", `e${"a".repeat(30)}`, /lower-case letters, digits and -/],
            ["repo", `a/${"b".repeat(254)}`, /at most 256 characters \(an AWS tag value\)/],
            ["ray.namespace", "r".repeat(63), /at most 63 characters \(a Kubernetes namespace\)/],
        ];
        for (const [key, longest, allowed] of LONGEST) {
            it(`accepts ${key} of ${longest.length} characters`, () => {
                const raw = rawOf("dev");
                setAt(raw, key, longest);
                assert.equal(valueAt(parsedOf(raw), key), longest);
            });
            it(`refuses ${key} of ${longest.length + 1} characters, saying what is allowed`, () => {
                const raw = rawOf("dev");
                setAt(raw, key, `${longest}a`);
                assert.match(issueAt(issuesOf(raw), key).message, allowed);
            });
        }

        // An empty value would become an empty tag, image or credential.
        for (const key of [
            "owner",
            "costCenter",
            "commit",
            "ray.image",
            "ray.gpuImage",
            "githubAppId",
            "githubAppInstallationId",
            "githubAppPrivateKey",
        ]) {
            it(`refuses an empty ${key}, even while runners are off`, () => {
                const raw = rawOf("dev");
                setAt(raw, key, "");
                const issue = issueAt(issuesOf(raw), key);
                assert.match(issue.message, /Too small: expected string to have >=1 characters/);
            });
        }
    });

    it("refuses a pool without instance types", () => {
        const raw = rawOf("dev");
        raw.nodePools.cpu.instanceTypes = [];
        assert.match(
            issueAt(issuesOf(raw), "nodePools.cpu.instanceTypes").message,
            /Too small: expected array to have >=1 items/,
        );
    });

    it(`accepts ${MAX_POOL_LABELS} labels on a pool, the most its Auto Scaling group's tags allow`, () => {
        const raw = rawOf("dev");
        raw.nodePools.cpu.labels = Object.fromEntries(
            Array.from({ length: MAX_POOL_LABELS }, (_, i) => [`l${i}`, "v"]),
        );
        assert.equal(Object.keys(parsedOf(raw).nodePools.cpu.labels).length, MAX_POOL_LABELS);
    });
});
