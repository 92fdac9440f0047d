// The published policy pack. `new PolicyPack` starts the analyzer's gRPC server, and a second one
// in the same process exits it: nothing may import this file. Policies live in ./policies.
import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME } from "./lib/pack-name";
import { policies } from "./policies";

new PolicyPack(PACK_NAME, { policies: [...policies], enforcementLevel: "mandatory" });
