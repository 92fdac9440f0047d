import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, privateSubnet, publicSubnet, run } from "../fixtures";

const POLICY = "ec2-subnet-disallow-public-ip-on-private-subnets";

describe(POLICY, () => {
    it("passes a private subnet that maps no public IPs, and ignores public subnets", () => {
        assertPasses(run(POLICY, [privateSubnet(), publicSubnet()]));
    });

    it("reports a private subnet that maps public IPs on launch", () => {
        const subnet = change(privateSubnet(), "mapPublicIpOnLaunch", true);
        assertReported(run(POLICY, [subnet]), "private-a", /Set mapPublicIpOnLaunch to false/);
    });

    it('reads mapPublicIpOnLaunch given as the string "true"', () => {
        const subnet = change(privateSubnet(), "mapPublicIpOnLaunch", "true");
        assertReported(run(POLICY, [subnet]), "private-a", /maps public IPs/);
    });

    it("passes a private subnet with mapPublicIpOnLaunch absent", () => {
        assertPasses(run(POLICY, [change(privateSubnet(), "mapPublicIpOnLaunch", undefined)]));
    });

    it("does not report a value that is unknown during preview", () => {
        assertPasses(run(POLICY, [change(privateSubnet(), "mapPublicIpOnLaunch", UNKNOWN_VALUE)]));
    });

    it("passes an untagged subnet that maps public IPs, which is not marked private", () => {
        // GIVEN a subnet without tags that maps public IPs on launch
        const subnet = change(change(privateSubnet(), "tags", undefined), "mapPublicIpOnLaunch", true);
        // WHEN the policy runs
        // THEN nothing marks it private, and nothing is reported
        assertPasses(run(POLICY, [subnet]));
    });

    it("does not report a subnet whose tags are unknown during preview", () => {
        // GIVEN a subnet mapping public IPs whose tags are unknown
        const subnet = change(change(privateSubnet(), "tags", UNKNOWN_VALUE), "mapPublicIpOnLaunch", true);
        // WHEN the policy runs
        // THEN it waits for the deployment
        assertPasses(run(POLICY, [subnet]));
    });
});
