/**
 * The cost reader for persistent volumes: PersistentVolumeClaims and the Ray head's ephemeral
 * claim templates, priced by size at the EBS type their storage class provisions.
 */
import { GIB, parseQuantity } from "../../policypack/lib/quantity";
import { asArray, asString, at, UNKNOWN } from "../../policypack/lib/values";
import {
    type CostLine,
    type CostReader,
    type CostResource,
    fixedLine,
    type PricingContext,
    regionPrices,
    unpricedLine,
    usdRate,
} from "./pricing";

const STORAGE_CLASS_TYPE = "kubernetes:storage.k8s.io/v1:StorageClass";
const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

/** The EBS volume type a storage class provisions, when it is an EBS CSI class. */
function ebsTypeOf(className: string | undefined, ctx: PricingContext): string | undefined {
    const classes = ctx.resources.filter((r) => r.type === STORAGE_CLASS_TYPE);
    const sc =
        className === undefined
            ? classes.find(
                  (c) => String(at(c.inputs, "metadata", "annotations", DEFAULT_CLASS_ANNOTATION)) === "true",
              )
            : classes.find((c) => at(c.inputs, "metadata", "name") === className);
    const type = asString(at(sc?.inputs, "parameters", "type"));
    return typeof type === "string" ? type : undefined;
}

interface Claim {
    readonly owner: string;
    readonly storage: unknown;
    readonly storageClassName: unknown;
}

/** Volume claims in the plan: PersistentVolumeClaims and the Ray head's claim templates. */
function claimsOf(resource: CostResource): Claim[] {
    if (resource.type === "kubernetes:core/v1:PersistentVolumeClaim") {
        return [
            {
                owner: resource.name,
                storage: at(resource.inputs, "spec", "resources", "requests", "storage"),
                storageClassName: at(resource.inputs, "spec", "storageClassName"),
            },
        ];
    }
    const volumes = asArray(at(resource.inputs, "spec", "headGroupSpec", "template", "spec", "volumes"));
    if (!volumes || volumes === UNKNOWN) return [];
    return volumes.flatMap((v) => {
        const spec = at(v, "ephemeral", "volumeClaimTemplate", "spec");
        if (spec === undefined) return [];
        return [
            {
                owner: `${resource.name} head`,
                storage: at(spec, "resources", "requests", "storage"),
                storageClassName: at(spec, "storageClassName"),
            },
        ];
    });
}

export const volumeClaimReader: CostReader = {
    types: ["kubernetes:core/v1:PersistentVolumeClaim", "kubernetes:ray.io/v1:RayCluster"],
    lines(resources, ctx) {
        const lines: CostLine[] = [];
        for (const claim of resources.flatMap(claimsOf)) {
            const id = `volume-claim:${claim.owner}`;
            const item = `persistent volume (${claim.owner})`;
            const bytes = parseQuantity(claim.storage);
            const className = asString(claim.storageClassName);
            const type = ebsTypeOf(typeof className === "string" ? className : undefined, ctx);
            const perGb = type === "gp3" ? regionPrices(ctx)?.gp3GbMonth : undefined;
            if (bytes === undefined || perGb === undefined) {
                const why =
                    bytes === undefined ? "size not known" : `storage class type ${type ?? "unknown"}`;
                ctx.unknown(`${item}: ${why}`);
                lines.push(unpricedLine(id, item, why));
                continue;
            }
            const gib = bytes / GIB;
            lines.push(fixedLine(id, item, gib * perGb, `gp3 ${gib} GiB × ${usdRate(perGb, "GB-month")}`));
        }
        return lines;
    },
};
