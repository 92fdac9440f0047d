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
});
