// The published policy pack. `new PolicyPack` starts the analyzer's gRPC server, and a second one
// in the same process exits it: nothing may import this file. Policies live in ./policies.
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("rayops", { policies: [...policies], enforcementLevel: "mandatory" });
