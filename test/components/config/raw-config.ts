/** The committed stacks' raw config, to reshape in specs, and the issues a reshaped one gets. */
import { strict as assert } from "node:assert";
import { readNetworkStack } from "../../../automation/plan/programs";
import { readStackFile } from "../../../automation/plan/stack-file";
import { ConfigError, type ConfigIssue } from "../../../components/config/issues";
import { parseNetworkConfig } from "../../../components/config/network-program";
import { parsePlatformConfig } from "../../../components/config/parse";
import { rawConfigFromPulumi } from "../../../components/config/raw";
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
