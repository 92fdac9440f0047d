/**
 * The only action commits the workflows may run. Each SHA was read from the action's public
 * repository as the commit its tag points at (source: the project's verified pin list,
 * ACTIONS_PINS.md, checked against the repositories' tags on 2026-11-25). Adding a pin means
 * checking the new commit against its tag first; Dependabot's pull requests stop here until then.
 */
export interface VerifiedPin {
    /** `owner/repo`, as written before the `@` in `uses:`. */
    readonly action: string;
    readonly tag: string;
    readonly sha: string;
}

export const VERIFIED_PINS: readonly VerifiedPin[] = [
    { action: "actions/checkout", tag: "v7.0.1", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1" },
    { action: "actions/setup-node", tag: "v7.0.0", sha: "820762786026740c76f36085b0efc47a31fe5020" },
    { action: "actions/setup-python", tag: "v7.0.0", sha: "5fda3b95a4ea91299a34e894583c3862153e4b97" },
    { action: "actions/upload-artifact", tag: "v7.0.0", sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f" },
    {
        action: "aws-actions/configure-aws-credentials",
        tag: "v6.2.3",
        sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    },
    { action: "pulumi/actions", tag: "v7.0.0", sha: "8e5e406f4007fca908480587cb9893c07090f58d" },
    {
        action: "actions/create-github-app-token",
        tag: "v3.1.1",
        sha: "1b10c78c7865c340bc4f6099eb2f838309f1e8c3",
    },
];
