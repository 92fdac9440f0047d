/** The committed stacks' raw config, to reshape in specs, and the issues a reshaped one gets. */
import { strict as assert } from "node:assert";
import { readNetworkStack } from "../../../automation/plan/programs";
import { readStackFile } from "../../../automation/plan/stack-file";
import { ConfigError, type ConfigIssue } from "../../../components/config/issues";
import { parseNetworkConfig } from "../../../components/config/network-program";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
import type { PlatformConfig } from "../../../components/config/schema";
import { REPO_ROOT } from "../../support/program";

/** A fresh, mutable copy of a committed stack's raw `rayops:` config. */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape the raw config freely, as a user would
export function rawOf(stack: string): Record<string, any> {
    return rawConfigFromPulumi(readStackFile(REPO_ROOT, stack).config);
}

/** The problems `raw` is refused with; fails when it is accepted or fails otherwise. */
export function issuesOf(raw: Record<string, unknown>): ConfigIssue[] {
    try {
        parsePlatformConfig(raw, { stack: "test" });
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError naming the key, got ${err}`);
        return [...err.issues];
    }
    assert.fail("expected the configuration to be rejected");
}

/** The config `raw` validates to (as stack "test"); fails, listing the issues, when it is refused. */
export function parsedOf(raw: Record<string, unknown>): PlatformConfig {
    try {
        return parsePlatformConfig(raw, { stack: "test" });
    } catch (err) {
        if (err instanceof ConfigError)
            assert.fail(`expected the configuration to be accepted; ${err.message}`);
        throw err;
    }
}

/** The issue at `key` whose message matches `message` (any issue at `key` without one); fails when there is none. */
export function issueAt(issues: readonly ConfigIssue[], key: string, message?: RegExp): ConfigIssue {
    const found = issues.find((i) => i.key === key && (message === undefined || message.test(i.message)));
    assert.ok(
        found,
        `no issue at ${key}${message ? ` matching ${message}` : ""}; got ${JSON.stringify(issues)}`,
    );
    return found;
}

/**
 * dev's raw config with every optional key left out: only what a stack must set. What it parses
 * to shows the defaults; they agree with each other (the head fits, the timing rule holds).
 */
// biome-ignore lint/suspicious/noExplicitAny: see rawOf
export function requiredOnlyRaw(): Record<string, any> {
    const raw = rawOf("dev");
    delete raw.owner;
    delete raw.costCenter;
    delete raw.addons;
    delete raw.cluster.publicAccessCidrs;
    for (const pool of Object.values(raw.nodePools) as Record<string, unknown>[]) delete pool.diskSizeGiB;
    delete raw.ray.head.storageGiB;
    delete raw.ray.autoscaler;
    return raw;
}

/**
 * The required keys plus what runners need to be on: prod's runners pool (room for 10) and App
 * credentials (the offline placeholders) and a URL; every other `runners.*` key left to its default.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape the raw config freely, as a user would
export function runnersOnRaw(): Record<string, any> {
    const raw = requiredOnlyRaw();
    const prod = rawOf("prod");
    // Room for the default 10 runners (prod's pool holds 6, and prod sets maxRunners to match).
    raw.nodePools.runners = { ...prod.nodePools.runners, maxSize: 10 };
    raw.runners = { enabled: true, githubConfigUrl: prod.runners.githubConfigUrl };
    for (const key of ["githubAppId", "githubAppInstallationId", "githubAppPrivateKey"]) raw[key] = prod[key];
    return raw;
}

/** Sets the value at a dotted path of a raw config (`"cluster.version"`), creating sections on the way. */
export function setAt(raw: Record<string, unknown>, path: string, value: unknown): void {
    const keys = path.split(".");
    let node = raw;
    for (const k of keys.slice(0, -1)) {
        node[k] ??= {};
        node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]] = value;
}

/** The value at a dotted path of a parsed or raw config; undefined when a section on the way is missing. */
export function valueAt(root: unknown, path: string): unknown {
    let node = root;
    for (const k of path.split(".")) {
        node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[k] : undefined;
    }
    return node;
}

/** A fresh, mutable copy of a committed network stack's raw `rayops:` config (network/Pulumi.<stack>.yaml). */
// biome-ignore lint/suspicious/noExplicitAny: tests reshape the raw config freely, as a user would
export function networkRawOf(stack: string): Record<string, any> {
    return rawConfigFromPulumi(readNetworkStack(REPO_ROOT, stack).config);
}

/** The problems a network program's raw config is refused with; fails when it is accepted. */
export function networkIssuesOf(raw: Record<string, unknown>): ConfigIssue[] {
    try {
        parseNetworkConfig(raw, { stack: "test" });
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected a ConfigError naming the key, got ${err}`);
        return [...err.issues];
    }
    assert.fail("expected the network configuration to be rejected");
}
