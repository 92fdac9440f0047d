import type { ResourceValidationPolicy } from "@pulumi/policy";
import { forTypes, nameOf } from "../lib/policy";
import { asBool, asString, UNKNOWN } from "../lib/values";

export const KMS_KEY_TYPE = "aws:kms/key:Key";

/**
 * Yearly rotation of symmetric keys limits how much data one key version protects; AWS keeps old
 * versions, so nothing needs re-encrypting. Asymmetric and HMAC keys cannot rotate and are not
 * concerned. https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html (read 2026-11-25)
 */
export const kmsKeyEnableRotation: ResourceValidationPolicy = {
    name: "kms-key-enable-rotation",
    description: "Symmetric KMS keys have automatic key rotation enabled.",
    enforcementLevel: "mandatory",
    severity: "medium",
    validateResource: forTypes([KMS_KEY_TYPE], (props, args, report) => {
        const spec = asString(props.customerMasterKeySpec ?? props.keySpec);
        if (spec === UNKNOWN || (typeof spec === "string" && spec !== "SYMMETRIC_DEFAULT")) return;
        const rotation = asBool(props.enableKeyRotation);
        if (rotation === true || rotation === UNKNOWN) return;
        report(`${nameOf(args)} does not rotate its key material. Set enableKeyRotation to true.`);
    }),
};
