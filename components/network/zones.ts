/**
 * Which availability zones a stack's subnets go to. Zone letters are not zones: `us-east-1a` is a
 * different physical zone in each account, so the program asks the account (`getAvailabilityZones`,
 * state `available`, no opt-in zones), drops the zones EKS cannot place a control plane in, keeps
 * those that offer every instance type the stack configures (`getInstanceTypeOfferings`), and takes
 * the first `azCount`. A stack that needs particular physical zones pins them by zone id
 * (`network.zoneIds`). Pure; the program feeds it the data sources' answers.
 */

/**
 * Regions rayops supports, with the number of availability zones a new account can use in each.
 * Source: AWS Regions and Availability Zones, https://docs.aws.amazon.com/global-infrastructure/
 * (read 2026-11-25); us-west-1 offers two zones to new accounts.
 */
export const REGION_AZ_COUNT: Readonly<Record<string, number>> = {
    "us-east-1": 6,
    "us-east-2": 3,
    "us-west-1": 2,
    "us-west-2": 4,
    "ca-central-1": 3,
    "eu-west-1": 3,
    "eu-west-2": 3,
    "eu-central-1": 3,
    "eu-north-1": 3,
    "ap-southeast-1": 3,
    "ap-southeast-2": 3,
    "ap-northeast-1": 3,
    "ap-south-1": 3,
};

/**
 * Zone ids where EKS cannot create a cluster's control-plane network interfaces, so its subnets
 * must avoid them. Source: Amazon EKS User Guide, "View Amazon EKS networking requirements for VPC
 * and subnets", https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html (read 2026-12-01).
 */
export const EKS_UNSUPPORTED_ZONE_IDS: readonly string[] = ["use1-az3", "usw1-az2", "cac1-az3"];

/** A zone id as AWS writes it: `use1-az4`. */
export const ZONE_ID = /^[a-z]{2,5}\d-az\d{1,2}$/;

/** What `aws.getAvailabilityZones` answers: parallel lists. */
export interface AccountZones {
    readonly names: readonly string[];
    readonly zoneIds: readonly string[];
}

/** What `aws.ec2.getInstanceTypeOfferings` answers with `locationType: availability-zone`: parallel lists. */
export interface ZoneOfferings {
    readonly instanceTypes: readonly string[];
    readonly locations: readonly string[];
}

export interface ZoneRequest {
    readonly region: string;
    readonly count: number;
    /** Every instance type the stack configures; each chosen zone must offer them all. */
    readonly instanceTypes: readonly string[];
    /** Zone ids the stack pins (`network.zoneIds`), in order; when set, exactly these are used. */
    readonly zoneIds?: readonly string[];
}

export interface ChosenZone {
    readonly name: string;
    readonly id: string;
}

/** The zones for the subnets, in order; throws naming what is missing when the account cannot give `count`. */
export function chooseZones(
    account: AccountZones,
    offerings: ZoneOfferings,
    want: ZoneRequest,
): ChosenZone[] {
    const offered = new Map<string, Set<string>>();
    for (const [i, type] of offerings.instanceTypes.entries()) {
        const zone = offerings.locations[i];
        if (!offered.has(zone)) offered.set(zone, new Set());
        offered.get(zone)?.add(type);
    }
    const zones = account.names.map((name, i) => ({ name, id: account.zoneIds[i] }));
    const missing = (zone: ChosenZone) => want.instanceTypes.filter((t) => !offered.get(zone.name)?.has(t));
    const why = (zone: ChosenZone): string | undefined => {
        if (EKS_UNSUPPORTED_ZONE_IDS.includes(zone.id)) return "EKS cannot use this zone";
        const lacking = missing(zone);
        return lacking.length > 0 ? `does not offer ${lacking.join(", ")}` : undefined;
    };

    if (want.zoneIds && want.zoneIds.length > 0) {
        return want.zoneIds.map((id, i) => {
            const zone = zones.find((z) => z.id === id);
            if (!zone) {
                throw new Error(
                    `network.zoneIds[${i}] ${JSON.stringify(id)}: not an available zone of this account in ` +
                        `${want.region}; available: ${zones.map((z) => `${z.id} (${z.name})`).join(", ")}`,
                );
            }
            const problem = why(zone);
            if (problem)
                throw new Error(`network.zoneIds[${i}] ${JSON.stringify(id)} (${zone.name}): ${problem}`);
            return zone;
        });
    }

    const usable = zones.filter((z) => why(z) === undefined);
    if (usable.length < want.count) {
        const refused = zones
            .filter((z) => why(z) !== undefined)
            .map((z) => `${z.name} (${z.id}) ${why(z)}`)
            .join("; ");
        throw new Error(
            `network.azCount ${want.count}: only ${usable.length} zone(s) of ${want.region} can take this stack` +
                (usable.length > 0 ? ` (${usable.map((z) => z.name).join(", ")})` : "") +
                (refused ? `; ${refused}` : "") +
                ". Lower network.azCount, choose instance types every zone offers, or pin network.zoneIds",
        );
    }
    return usable.slice(0, want.count);
}
