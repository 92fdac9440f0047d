import { strict as assert } from "node:assert";
import { networkString, networkStrings } from "../../../components/network/outputs";

const STACK = "organization/rayops-network/dev";

describe("the network stack's outputs as the cluster reads them (components/network/outputs.ts)", () => {
    it("passes a VPC id and a list of ids through", () => {
        assert.equal(networkString(STACK, "vpcId", "vpc-0abc"), "vpc-0abc");
        assert.deepEqual(networkStrings(STACK, "zoneIds", ["usw2-az1", "usw2-az2"]), [
            "usw2-az1",
            "usw2-az2",
        ]);
    });

    for (const value of [undefined, "", 42, ["vpc-0abc"]]) {
        it(`refuses the string output ${JSON.stringify(value)}, naming the stack, the output and what was expected`, () => {
            assert.throws(() => networkString(STACK, "vpcId", value), {
                message: `network stack ${STACK}: output vpcId = ${JSON.stringify(value) ?? "undefined"}; expected a non-empty string (run \`rayops up\` for the network program first)`,
            });
        });
    }

    for (const value of [undefined, [], "subnet-1", ["subnet-1", ""], ["subnet-1", 2]]) {
        it(`refuses the list output ${JSON.stringify(value)}, naming the output`, () => {
            assert.throws(
                () => networkStrings(STACK, "privateSubnetIds", value),
                /^Error: network stack organization\/rayops-network\/dev: output privateSubnetIds = .*; expected a non-empty list of ids/,
            );
        });
    }

    it("hands back a copy, so the caller cannot change the reference's value", () => {
        const ids = ["subnet-1"];
        const copy = networkStrings(STACK, "privateSubnetIds", ids);
        copy.push("subnet-2");
        assert.deepEqual(ids, ["subnet-1"]);
    });
});
