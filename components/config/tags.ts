/**
 * The tags every AWS resource of a stack carries. They are set once, as the AWS provider's
 * `defaultTags`, so no resource can forget them; the policy pack checks the merged result.
 */
import type { PlatformConfig } from "./schema";

/**
 * The stack's default tags. `commit` comes from `GITHUB_SHA` when the caller passes it (the CLI
 * and workflows do), else from config, else "unknown". Tags without a value are left out so the
 * policy pack reports them as missing rather than AWS storing an empty string.
 */
export function defaultTags(
    config: Pick<PlatformConfig, "environment" | "repo" | "commit" | "owner" | "costCenter" | "stack">,
    env: { readonly GITHUB_SHA?: string } = {},
): Record<string, string> {
    const tags: Record<string, string | undefined> = {
        environment: config.environment,
        repo: config.repo,
        commit: env.GITHUB_SHA?.slice(0, 12) || config.commit || "unknown",
        "managed-by": "rayops",
        owner: config.owner,
        "cost-center": config.costCenter,
        "rayops:stack": config.stack,
    };
    return Object.fromEntries(Object.entries(tags).filter((e): e is [string, string] => !!e[1]));
}

/** The cluster-autoscaler's auto-discovery tags for a cluster (see its AWS cloud provider README). */
export function autoscalerDiscoveryTags(clusterName: string): Record<string, string> {
    return {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    };
}
