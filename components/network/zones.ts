/**
 * Regions rayops supports, with the number of availability zones a new account can use in each.
 * Source: AWS Regions and Availability Zones, https://docs.aws.amazon.com/global-infrastructure/
 * (read 2026-11-25). Zone letters are taken from the start (a, b, c …); us-west-1 offers two
 * zones to new accounts.
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

export function availabilityZones(region: string, count: number): string[] {
    return Array.from({ length: count }, (_, i) => `${region}${String.fromCharCode(97 + i)}`);
}
