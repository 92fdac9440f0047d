import { strict as assert } from "node:assert";
import { parsePlatformConfig } from "../../../components/config/parse";
import { parsedOf, requiredOnlyRaw, runnersOnRaw } from "./raw-config";

describe("the resolved stack configuration (components/config/parse.ts)", () => {
    describe("networkStack", () => {
        it("defaults to the network program's stack of the same name", () => {
            const config = parsePlatformConfig(requiredOnlyRaw(), { stack: "dev" });
            assert.equal(config.networkStack, "organization/rayops-network/dev");
        });

        it("keeps the stack named by rayops:networkStack", () => {
            const raw = requiredOnlyRaw();
            raw.networkStack = "acme/rayops-network/shared";
            assert.equal(parsedOf(raw).networkStack, "acme/rayops-network/shared");
        });
    });

    describe("addons.clusterAutoscaler.imageTag", () => {
        it("defaults to the cluster's minor version, patch 0", () => {
            const raw = requiredOnlyRaw();
            const config = parsedOf(raw);
            assert.equal(config.addons.clusterAutoscaler.imageTag, `v${config.cluster.version}.0`);
        });

        it("keeps a tag the stack sets", () => {
            const raw = requiredOnlyRaw();
            const version = parsedOf(raw).cluster.version;
            raw.addons = { clusterAutoscaler: { imageTag: `v${version}.3` } };
            assert.equal(parsedOf(raw).addons.clusterAutoscaler.imageTag, `v${version}.3`);
        });
    });

    describe("runners", () => {
        it("carries nothing but enabled: false while runners are off, whatever else the section sets", () => {
            // GIVEN runners off, with settings left from when they were on
            const raw = requiredOnlyRaw();
            raw.runners = { enabled: false, githubConfigUrl: "https://github.com/acme", maxRunners: 3 };
            // WHEN resolved THEN nothing a scale set would read is there to be read by mistake
            assert.deepEqual(parsedOf(raw).runners, { enabled: false });
        });

        it("names the scale set <project>-<stack> unless runners.scaleSetName is set", () => {
            const config = parsePlatformConfig(runnersOnRaw(), { stack: "prod", project: "acme" });
            assert.ok(config.runners.enabled);
            assert.equal(config.runners.scaleSetName, "acme-prod");
            const named = runnersOnRaw();
            named.runners.scaleSetName = "ml-runners";
            const withName = parsedOf(named).runners;
            assert.ok(withName.enabled);
            assert.equal(withName.scaleSetName, "ml-runners");
        });

        it("hands over the URL and the App's three credentials together, with the settings' defaults", () => {
            const raw = runnersOnRaw();
            const runners = parsedOf(raw).runners;
            assert.ok(runners.enabled);
            assert.equal(runners.githubConfigUrl, raw.runners.githubConfigUrl);
            assert.deepEqual(runners.githubApp, {
                appId: raw.githubAppId,
                installationId: raw.githubAppInstallationId,
                privateKey: raw.githubAppPrivateKey,
            });
            assert.equal(runners.maxRunners, 10);
        });

        it("keeps the App's credentials out of the top level, where nothing should read them", () => {
            const config = parsedOf(runnersOnRaw());
            for (const key of ["githubAppId", "githubAppInstallationId", "githubAppPrivateKey"]) {
                assert.ok(!(key in config), key);
            }
        });
    });
});
