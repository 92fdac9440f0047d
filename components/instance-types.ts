export * from "../policypack/lib/instance-types";
