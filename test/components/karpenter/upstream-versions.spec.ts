/**
 * The versions Karpenter's objects depend on, against upstream facts kept as fixtures: the pinned
 * AL2023 AMI release must exist for each stack's Kubernetes version, and the Karpenter minor the
 * stacks pin must support it (test/fixtures/upstream/karpenter-v1.12.1-{ami-alias,compatibility}.json).
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { readStackFile } from "../../../automation/plan/stack-file";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import { AL2023_AMI_ALIAS, nodeClassManifest } from "../../../components/karpenter/manifest";
import { REPO_ROOT, STACKS } from "../../support/program";

const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "upstream");
const fixture = <T>(file: string): T => JSON.parse(readFileSync(path.join(FIXTURES, file), "utf8")) as T;

interface AmiAlias {
    readonly alias: string;
    readonly release: {
        readonly kubernetesVersions: readonly string[];
        readonly variants: readonly string[];
    };
}
interface Compatibility {
    readonly tag: string;
    readonly appVersion: string;
    readonly minK8sVersion: string;
    readonly maxK8sVersion: string;
}

const minor = (v: string): number => Number(v.split(".")[1]);

function stackConfig(stack: string) {
    return parsePlatformConfig(rawConfigFromPulumi(readStackFile(REPO_ROOT, stack).config), { stack });
}

describe("Karpenter's pinned versions against upstream", () => {
    describe("the AL2023 AMI alias", () => {
        const ami = fixture<AmiAlias>("karpenter-v1.12.1-ami-alias.json");

        it("pins an AMI release (al2023@vYYYYMMDD), never al2023@latest", () => {
            assert.match(AL2023_AMI_ALIAS, /^al2023@v\d{8}$/);
        });

        it("renders that alias, alone, in every EC2NodeClass", () => {
            const spec = nodeClassManifest("cpu", {
                instanceProfile: "p",
                clusterName: "c",
                subnetIds: ["subnet-1"],
                diskSizeGiB: 100,
                encrypt: false,
                kmsKeyArn: "",
                tags: {},
            }).spec as { amiSelectorTerms: unknown };
            assert.deepEqual(spec.amiSelectorTerms, [{ alias: AL2023_AMI_ALIAS }]);
        });

        it("is the release the fixture records, with standard and NVIDIA x86_64 builds", () => {
            assert.equal(AL2023_AMI_ALIAS, ami.alias);
            for (const variant of ["x86_64-standard", "x86_64-nvidia"])
                assert.ok(ami.release.variants.includes(variant), variant);
        });

        for (const stack of STACKS) {
            it(`has builds for ${stack}'s Kubernetes version (Karpenter finds no AMI otherwise)`, () => {
                const version = stackConfig(stack).cluster.version;
                assert.ok(
                    ami.release.kubernetesVersions.includes(version),
                    `${AL2023_AMI_ALIAS} has AMIs for ${ami.release.kubernetesVersions.join(", ")}, not ${version}: ` +
                        "pin a release built for it in components/karpenter/manifest.ts",
                );
            });
        }
    });

    describe("the compatibility matrix", () => {
        const matrix = fixture<Compatibility>("karpenter-v1.12.1-compatibility.json");

        for (const stack of STACKS) {
            it(`runs a Karpenter minor that supports ${stack}'s Kubernetes version`, () => {
                const config = stackConfig(stack);
                const [major, chartMinor] = config.addons.karpenter.chartVersion.split(".");
                assert.equal(
                    `${major}.${chartMinor}.x`,
                    matrix.appVersion,
                    "the fixture is for another minor",
                );
                const version = minor(config.cluster.version);
                assert.ok(
                    version >= minor(matrix.minK8sVersion) && version <= minor(matrix.maxK8sVersion),
                    `Karpenter ${matrix.appVersion} supports Kubernetes ${matrix.minK8sVersion} to ${matrix.maxK8sVersion}, not ${config.cluster.version}`,
                );
            });
        }
    });
});
