/** The test App's keys and the check GitHub makes of an App JWT. */
import { generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import type { JwtClaims } from "./types";

export interface AppKeys {
    /** PKCS#1 PEM (an "RSA PRIVATE KEY" block), the format GitHub hands out. */
    readonly privateKeyPem: string;
    readonly publicKey: KeyObject;
}

/** A fresh 2048-bit RSA key pair for a test App; never written to disk. */
export function generateAppKeys(): AppKeys {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return { privateKeyPem: privateKey.export({ type: "pkcs1", format: "pem" }).toString(), publicKey };
}

/** Checks an App JWT as GitHub does; returns its claims or why it is refused. */
export function verifyAppJwt(jwt: string, publicKey: KeyObject, appId: string | number): JwtClaims | string {
    const parts = jwt.split(".");
    if (parts.length !== 3) return "A JSON web token could not be decoded";
    let header: { alg?: string };
    let claims: Partial<JwtClaims>;
    try {
        header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
        claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    } catch {
        return "A JSON web token could not be decoded";
    }
    if (header.alg !== "RS256") return `'alg' must be RS256, got ${header.alg}`;
    const signed = verify(
        "sha256",
        Buffer.from(`${parts[0]}.${parts[1]}`),
        publicKey,
        Buffer.from(parts[2]!, "base64url"),
    );
    if (!signed)
        return "A JSON web token could not be decoded: the signature does not match the App's public key";
    if (String(claims.iss) !== String(appId)) return `'Issuer' claim ('iss') must be the App's id ${appId}`;
    if (!Number.isInteger(claims.iat)) return "'Issued at' claim ('iat') must be an Integer";
    if (!Number.isInteger(claims.exp)) return "'Expiration time' claim ('exp') must be a numeric value";
    const now = Math.floor(Date.now() / 1000);
    if (claims.exp! - claims.iat! > 600) return "'Expiration time' claim ('exp') is too far in the future";
    if (claims.exp! <= now) return "'Expiration time' claim ('exp') is in the past";
    if (claims.iat! > now + 60) return "'Issued at' claim ('iat') is in the future";
    return claims as JwtClaims;
}
