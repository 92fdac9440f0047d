import { strict as assert } from "node:assert";
import { readStackFile } from "../../../../automation/plan/stack-file";
import { durationSeconds, formatDuration } from "../../../../components/config/checks/ray";
import { ConfigError } from "../../../../components/config/issues";
import { parsePlatformConfig } from "../../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../../components/config/raw";
import { REPO_ROOT } from "../../../support/program";
import type { Json } from "../../ray/ray-run";

/** dev's raw config, changed by `edit`, validated; returns the issues' formatted lines (none when valid). */
function problems(edit: (raw: Json) => void): string[] {
    const raw: Json = rawConfigFromPulumi(readStackFile(REPO_ROOT, "dev").config);
    edit(raw);
    try {
        parsePlatformConfig(raw, { stack: "dev" });
        return [];
    } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return err.message.split("\n").slice(1);
    }
}

describe("Ray config checks (components/config/checks/ray.ts)", () => {
    it("accepts the committed dev stack: 120 s idle timeout, 5m scale-down", () => {
        assert.deepEqual(
            problems(() => {}),
            [],
        );
    });

    describe("the Ray idle timeout and the node scale-down are chosen together (docs/autoscaling-timing.md)", () => {
        it("rejects a Ray idle timeout under 60 s", () => {
            const lines = problems((raw) => {
                raw.ray.autoscaler.idleTimeoutSeconds = 30;
            });
            assert.deepEqual(lines, [
                "  - rayops:ray.autoscaler.idleTimeoutSeconds = 30: must be ≥ 60: a shorter timeout removes workers " +
                    "between the tasks of one burst and restarts them (see docs/autoscaling-timing.md)",
            ]);
        });

        it("accepts a Ray idle timeout of exactly 60 s", () => {
            assert.deepEqual(
                problems((raw) => {
                    raw.ray.autoscaler.idleTimeoutSeconds = 60;
                    raw.addons.clusterAutoscaler.scaleDownUnneededTime = "4m";
                }),
                [],
            );
        });

        it("rejects a Ray idle timeout of 59 s, one under the least", () => {
            const lines = problems((raw) => {
                raw.ray.autoscaler.idleTimeoutSeconds = 59;
                raw.addons.clusterAutoscaler.scaleDownUnneededTime = "4m";
            });
            assert.deepEqual(lines.length, 1);
            assert.match(lines[0], /rayops:ray\.autoscaler\.idleTimeoutSeconds = 59: must be ≥ 60/);
        });

        it("rejects a node scale-down shorter than the Ray idle timeout", () => {
            // GIVEN workers idle for 5 minutes before Ray removes them, but empty nodes removed after 2
            const lines = problems((raw) => {
                raw.ray.autoscaler.idleTimeoutSeconds = 300;
                raw.addons.clusterAutoscaler.scaleDownUnneededTime = "2m";
            });
            // THEN the message names the key, the value and the allowed range
            assert.deepEqual(lines, [
                '  - rayops:addons.clusterAutoscaler.scaleDownUnneededTime = "2m": allowed 5m to 20m: between ' +
                    "ray.autoscaler.idleTimeoutSeconds (300) and 4× it, so a node Ray has emptied is kept about as " +
                    "long as a new one takes to come up, and no longer (see docs/autoscaling-timing.md)",
            ]);
        });

        it("rejects a node scale-down more than four times the Ray idle timeout", () => {
            const lines = problems((raw) => {
                raw.ray.autoscaler.idleTimeoutSeconds = 60;
                raw.addons.clusterAutoscaler.scaleDownUnneededTime = "1h";
            });
            assert.match(lines.join("\n"), /scaleDownUnneededTime = "1h": allowed 1m to 4m/);
        });

        it("accepts the bounds themselves", () => {
            for (const unneeded of ["2m", "8m"]) {
                assert.deepEqual(
                    problems((raw) => {
                        raw.ray.autoscaler.idleTimeoutSeconds = 120;
                        raw.addons.clusterAutoscaler.scaleDownUnneededTime = unneeded;
                    }),
                    [],
                    unneeded,
                );
            }
        });

        it("leaves the node scale-down alone when Karpenter, not the cluster-autoscaler, removes nodes", () => {
            assert.deepEqual(
                problems((raw) => {
                    raw.addons.nodeAutoscaler = "karpenter";
                    raw.addons.clusterAutoscaler.scaleDownUnneededTime = "1h";
                }),
                [],
            );
        });
    });

    describe("the head fits a node of the cpu pool", () => {
        it("rejects a head that, with its autoscaler sidecar, fits no cpu pool instance type", () => {
            // GIVEN dev's m6i.2xlarge (7.65 CPU allocatable) and a 7.5-CPU head plus a 0.5-CPU sidecar
            const lines = problems((raw) => {
                raw.ray.head.cpu = "7500m";
            });
            assert.equal(lines.length, 1);
            assert.match(
                lines[0],
                /rayops:ray\.head = \{"cpu":"7500m","memory":"6Gi"\}: the head pod \(with the autoscaler sidecar: 8 CPU, 7\.0 GiB\) fits no instance type of nodePools\.cpu \(m6i\.2xlarge: 7\.65 CPU, 28\.9 GiB\)/,
            );
        });

        it("describes every type of the cpu pool when the head fits none, and says what to do", () => {
            // GIVEN an m6i.large beside dev's m6i.2xlarge, and an 8-CPU head pod
            const lines = problems((raw) => {
                raw.nodePools.cpu.instanceTypes = ["m6i.large", "m6i.2xlarge"];
                raw.ray.head.cpu = "7500m";
            });
            assert.equal(lines.length, 1);
            assert.match(
                lines[0],
                /fits no instance type of nodePools\.cpu \(m6i\.large: 1\.65 CPU, [\d.]+ GiB; m6i\.2xlarge: 7\.65 CPU, 28\.9 GiB\); lower the request or add a larger type$/,
            );
        });

        it("accepts a head that, with its sidecar, takes exactly a node's allocatable CPU and memory", () => {
            // GIVEN dev's m6i.2xlarge (7.65 CPU, 28.94 GiB allocatable) and the 500m, 1Gi sidecar
            assert.deepEqual(
                problems((raw) => {
                    raw.ray.head.cpu = "7150m";
                    raw.ray.head.memory = "27.94Gi";
                }),
                [],
            );
        });

        it("judges a cpu pool of several types by any type that holds the head", () => {
            // GIVEN an m6i.large (1.65 CPU) beside the m6i.2xlarge, and dev's 2-CPU head
            assert.deepEqual(
                problems((raw) => {
                    raw.nodePools.cpu.instanceTypes = ["m6i.large", "m6i.2xlarge"];
                }),
                [],
            );
        });

        it("counts the autoscaler's memory too", () => {
            const lines = problems((raw) => {
                raw.ray.head.memory = "28Gi";
            });
            assert.match(lines.join("\n"), /rayops:ray\.head = .*29\.0 GiB\) fits no instance type/);
        });
    });

    describe("the head's node-local state fits its node's root volume", () => {
        it("rejects ray.head.storageGiB beyond the cpu pool's disk less the OS reserve, naming both keys", () => {
            // GIVEN dev's cpu pool on the default 100 GiB root volume and a 90 GiB head state
            const lines = problems((raw) => {
                raw.ray.head.storageGiB = 90;
            });
            assert.deepEqual(lines.length, 1);
            assert.match(
                lines[0],
                /rayops:ray\.head\.storageGiB = 90: at most 80: .*diskSizeGiB 100.*raise nodePools\.cpu\.diskSizeGiB/,
            );
        });

        it("accepts a head state of exactly the disk less the reserve (80 of 100 GiB)", () => {
            assert.deepEqual(
                problems((raw) => {
                    raw.ray.head.storageGiB = 80;
                }),
                [],
            );
        });

        it("rejects a head state 1 GiB over it", () => {
            const lines = problems((raw) => {
                raw.ray.head.storageGiB = 81;
            });
            assert.match(lines.join("\n"), /rayops:ray\.head\.storageGiB = 81: at most 80/);
        });

        it("accepts it once the pool's disk is raised", () => {
            const lines = problems((raw) => {
                raw.ray.head.storageGiB = 90;
                raw.nodePools.cpu.diskSizeGiB = 120;
            });
            assert.deepEqual(lines, []);
        });
    });

    describe("durations", () => {
        it("reads the config's duration format in seconds", () => {
            assert.equal(durationSeconds("10m"), 600);
            assert.equal(durationSeconds("1h30m"), 5400);
            assert.equal(durationSeconds("45s"), 45);
            assert.equal(durationSeconds("1h0m5s"), 3605);
        });

        it("rejects anything else, naming the value", () => {
            assert.throws(() => durationSeconds("10 minutes"), /duration "10 minutes": allowed e\.g\. "10m"/);
            assert.throws(() => durationSeconds(""), /duration "": allowed/);
        });

        it("formats seconds back in the same style", () => {
            assert.equal(formatDuration(480), "8m");
            assert.equal(formatDuration(3750), "1h2m30s");
            assert.equal(formatDuration(0), "0s");
        });
    });
});
