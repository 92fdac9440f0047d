/**
 * The Kubernetes versions Amazon EKS offers, with their support dates. A minor version has 14
 * months of standard support from its EKS release, then 12 months of extended support at a higher
 * cluster-hour price, after which AWS upgrades the cluster itself.
 *
 * Source: https://endoflife.date/amazon-eks (table read 2026-12-01), which follows
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html. Add a row when EKS
 * releases a minor version; a version one past the newest row only warns, so a stack can adopt
 * a release before this table has it.
 */

export interface EksVersion {
    /** EKS release date (YYYY-MM-DD). */
    readonly released: string;
    readonly endOfStandardSupport: string;
    readonly endOfExtendedSupport: string;
}

export const EKS_VERSIONS_AS_OF = "2026-12-01";

export const EKS_VERSIONS: Readonly<Record<string, EksVersion>> = Object.freeze({
    "1.29": {
        released: "2024-01-23",
        endOfStandardSupport: "2025-03-23",
        endOfExtendedSupport: "2026-03-23",
    },
    "1.30": {
        released: "2024-05-23",
        endOfStandardSupport: "2025-07-23",
        endOfExtendedSupport: "2026-07-23",
    },
    "1.31": {
        released: "2024-09-26",
        endOfStandardSupport: "2025-11-26",
        endOfExtendedSupport: "2026-11-26",
    },
    "1.32": {
        released: "2025-01-25",
        endOfStandardSupport: "2026-03-23",
        endOfExtendedSupport: "2027-03-23",
    },
    "1.33": {
        released: "2025-05-28",
        endOfStandardSupport: "2026-07-29",
        endOfExtendedSupport: "2027-07-29",
    },
    "1.34": {
        released: "2025-10-06",
        endOfStandardSupport: "2026-12-02",
        endOfExtendedSupport: "2027-12-02",
    },
    "1.35": {
        released: "2026-01-28",
        endOfStandardSupport: "2027-03-27",
        endOfExtendedSupport: "2028-03-27",
    },
});

export type EksSupport =
    | { readonly status: "standard"; readonly until: string }
    | { readonly status: "extended"; readonly since: string; readonly until: string }
    | { readonly status: "ended"; readonly since: string }
    | { readonly status: "newer-than-table" }
    | { readonly status: "not-offered" };

const minorOf = (version: string) => Number(version.split(".")[1]);
const newest = () => Math.max(...Object.keys(EKS_VERSIONS).map(minorOf));

/** Where `version` ("1.33") stands on `today`. */
export function eksSupport(version: string, today: Date = new Date()): EksSupport {
    const row = EKS_VERSIONS[version];
    const day = today.toISOString().slice(0, 10);
    if (!row) {
        const minor = minorOf(version);
        if (/^1\.\d+$/.test(version) && minor === newest() + 1) return { status: "newer-than-table" };
        const oldest = Object.keys(EKS_VERSIONS).sort((x, y) => minorOf(x) - minorOf(y))[0]!;
        if (/^1\.\d+$/.test(version) && minor < minorOf(oldest)) {
            return { status: "ended", since: `before ${EKS_VERSIONS[oldest]!.endOfExtendedSupport}` };
        }
        return { status: "not-offered" };
    }
    if (day < row.endOfStandardSupport) return { status: "standard", until: row.endOfStandardSupport };
    if (day < row.endOfExtendedSupport) {
        return { status: "extended", since: row.endOfStandardSupport, until: row.endOfExtendedSupport };
    }
    return { status: "ended", since: row.endOfExtendedSupport };
}

/** The versions a stack may pick on `today`, oldest first ("1.32, 1.33, 1.34, 1.35"). */
export function offeredVersions(today: Date = new Date()): string[] {
    return Object.keys(EKS_VERSIONS).filter((v) => {
        const s = eksSupport(v, today).status;
        return s === "standard" || s === "extended";
    });
}

/** Why a stack may not use `version` on `today`, or undefined when it may. */
export function eksVersionError(version: string, today: Date = new Date()): string | undefined {
    const support = eksSupport(version, today);
    const offered = `EKS offers ${offeredVersions(today).join(", ")} (table as of ${EKS_VERSIONS_AS_OF}, components/cluster/eks-versions.ts)`;
    if (support.status === "not-offered") return `not a Kubernetes version EKS offers: ${offered}`;
    if (support.status === "ended") {
        return `EKS support for ${version} ended ${support.since} (AWS upgrades such clusters itself): ${offered}`;
    }
    return undefined;
}

/** What a stack on `version` should hear about, or undefined. */
export function eksVersionWarning(version: string, today: Date = new Date()): string | undefined {
    const support = eksSupport(version, today);
    if (support.status === "extended") {
        return `rayops:cluster.version ${version} is in EKS extended support since ${support.since} (until ${support.until}): the control plane costs $0.60/h instead of $0.10/h; upgrade to ${
            offeredVersions(today)
                .filter((v) => eksSupport(v, today).status === "standard")
                .join(" or ") || "a newer version"
        }`;
    }
    if (support.status === "newer-than-table") {
        return `rayops:cluster.version ${version} is newer than rayops's table of EKS versions (as of ${EKS_VERSIONS_AS_OF}): check that EKS offers it, and add it to components/cluster/eks-versions.ts`;
    }
    return undefined;
}
