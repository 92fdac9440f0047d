/**
 * withResourceError (components/cluster/resource-error.ts): a builder's plain Error, rethrown as a
 * ResourceError on the component that called it, so the engine names the resource.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { withResourceError } from "../../../components/cluster/resource-error";
import { buildAlone } from "../../support/one-component";

const TOKEN = "spec:test:Component";

describe("withResourceError (components/cluster/resource-error.ts)", () => {
    it("returns what the builder returns when it accepts its arguments", async () => {
        let built: number | undefined;
        await buildAlone(() => {
            const component = new pulumi.ComponentResource(TOKEN, "accepts");
            built = withResourceError(component, () => 42);
        });
        assert.equal(built, 42);
    });

    it("rethrows the builder's Error as a ResourceError on the component, message unchanged", async () => {
        let component: pulumi.Resource | undefined;
        await assert.rejects(
            buildAlone(() => {
                component = new pulumi.ComponentResource(TOKEN, "refuses");
                withResourceError(component, () => {
                    throw new Error("size = 0; allowed: an integer ≥ 1");
                });
            }),
            (e: unknown) =>
                pulumi.ResourceError.isInstance(e) &&
                e.message === "size = 0; allowed: an integer ≥ 1" &&
                e.resource === component,
        );
    });

    it("passes a ResourceError through as it is, naming the resource it already names", async () => {
        let inner: pulumi.Resource | undefined;
        await assert.rejects(
            buildAlone(() => {
                const outer = new pulumi.ComponentResource(TOKEN, "outer");
                inner = new pulumi.ComponentResource(TOKEN, "inner", {}, { parent: outer });
                withResourceError(outer, () => {
                    throw new pulumi.ResourceError("refused", inner);
                });
            }),
            (e: unknown) => pulumi.ResourceError.isInstance(e) && e.resource === inner,
        );
    });
});
