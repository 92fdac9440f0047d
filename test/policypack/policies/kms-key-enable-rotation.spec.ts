import { UNKNOWN_VALUE } from "../../../policypack/lib/values";
import { assertPasses, assertReported, change, kmsKey, run } from "../fixtures";

const POLICY = "kms-key-enable-rotation";

describe(POLICY, () => {
    it("passes a key with rotation enabled", () => {
        assertPasses(run(POLICY, [kmsKey()]));
    });

    it("reports a key without rotation and says to enable it", () => {
        const key = change(kmsKey(), "enableKeyRotation", undefined);
        assertReported(run(POLICY, [key]), "secrets-key", /Set enableKeyRotation to true/);
    });

    it('reads enableKeyRotation given as the string "false"', () => {
        assertReported(
            run(POLICY, [change(kmsKey(), "enableKeyRotation", "false")]),
            "secrets-key",
            /rotate/,
        );
    });

    for (const field of ["customerMasterKeySpec", "keySpec"]) {
        it(`reports a key whose ${field} is SYMMETRIC_DEFAULT and that does not rotate`, () => {
            const key = change(change(kmsKey(), "enableKeyRotation", false), field, "SYMMETRIC_DEFAULT");
            assertReported(run(POLICY, [key]), "secrets-key", /Set enableKeyRotation to true/);
        });
    }

    it("does not apply to asymmetric keys given by keySpec", () => {
        const key = change(change(kmsKey(), "enableKeyRotation", false), "keySpec", "ECC_NIST_P256");
        assertPasses(run(POLICY, [key]));
    });

    it("does not apply to asymmetric keys, which cannot rotate", () => {
        const key = change(change(kmsKey(), "enableKeyRotation", false), "customerMasterKeySpec", "RSA_2048");
        assertPasses(run(POLICY, [key]));
    });

    it("does not report a key whose spec is unknown during preview, since it may be asymmetric", () => {
        const key = change(change(kmsKey(), "enableKeyRotation", false), "keySpec", UNKNOWN_VALUE);
        assertPasses(run(POLICY, [key]));
    });

    it("does not report rotation that is unknown during preview", () => {
        assertPasses(run(POLICY, [change(kmsKey(), "enableKeyRotation", UNKNOWN_VALUE)]));
    });
});
