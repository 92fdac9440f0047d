/**
 * CIDR blocks judged by the addresses they cover, not by their spelling: `0.0.0.0/1` and
 * `128.0.0.0/1` together are the whole IPv4 internet though neither is `0.0.0.0/0`. Parses IPv4
 * dotted quads and IPv6 (with `::` compression and an embedded IPv4 tail); anything else is not a
 * CIDR. No dependencies, so the pack stays loadable on its own.
 */

export interface Cidr {
    readonly family: 4 | 6;
    readonly prefix: number;
    /** The block's first address. */
    readonly network: bigint;
    /** True when the address has bits set past the prefix (`10.0.0.1/8`). */
    readonly hostBitsSet: boolean;
    /** Canonical spelling: the network address and the prefix (`10.0.0.0/8`, `2001:db8::/32`). */
    readonly canonical: string;
}

const BITS = { 4: 32, 6: 128 } as const;

/** The block `text` names, or undefined when it is not a CIDR (surrounding spaces are ignored). */
export function parseCidr(text: string): Cidr | undefined {
    const trimmed = text.trim();
    const slash = trimmed.indexOf("/");
    if (slash < 0 || trimmed.indexOf("/", slash + 1) >= 0) return undefined;
    const addressText = trimmed.slice(0, slash);
    const prefixText = trimmed.slice(slash + 1);
    if (!/^(?:0|[1-9]\d{0,2})$/.test(prefixText)) return undefined;
    const prefix = Number(prefixText);
    const family: 4 | 6 = addressText.includes(":") ? 6 : 4;
    const address = family === 4 ? parseIPv4(addressText) : parseIPv6(addressText);
    if (address === undefined || prefix > BITS[family]) return undefined;
    const bits = BigInt(BITS[family]);
    const hostMask = (1n << (bits - BigInt(prefix))) - 1n;
    const network = address & ~hostMask & ((1n << bits) - 1n);
    return {
        family,
        prefix,
        network,
        hostBitsSet: (address & hostMask) !== 0n,
        canonical: `${family === 4 ? formatIPv4(network) : formatIPv6(network)}/${prefix}`,
    };
}

/** How many addresses the block covers. */
export function addressCount(cidr: Cidr): bigint {
    return 1n << BigInt(BITS[cidr.family] - cidr.prefix);
}

const MAPPED = 0xffff00000000n; // ::ffff:0:0/96, IPv4 addresses mapped into IPv6 (RFC 4291)

/**
 * For an IPv6 block that reaches IPv4-mapped addresses (`::ffff:0:0/96`), the IPv4 prefix length
 * it exposes: `::ffff:0.0.0.0/96` and `::/80` both reach all of IPv4 (0). Undefined otherwise.
 */
export function mappedIPv4Prefix(cidr: Cidr): number | undefined {
    if (cidr.family !== 6) return undefined;
    if (cidr.prefix <= 96) {
        const mask = ((1n << 128n) - 1n) ^ ((1n << BigInt(128 - cidr.prefix)) - 1n);
        return (MAPPED & mask) === cidr.network ? 0 : undefined;
    }
    return cidr.network >> 32n === MAPPED >> 32n ? cidr.prefix - 96 : undefined;
}

function parseIPv4(text: string): bigint | undefined {
    const parts = text.split(".");
    if (parts.length !== 4) return undefined;
    let value = 0n;
    for (const part of parts) {
        // No leading zeros: "010" is octal to some parsers and decimal to others.
        if (!/^(?:0|[1-9]\d{0,2})$/.test(part)) return undefined;
        const n = Number(part);
        if (n > 255) return undefined;
        value = (value << 8n) | BigInt(n);
    }
    return value;
}

function parseIPv6(text: string): bigint | undefined {
    if (text.split("::").length > 2) return undefined;
    let groups: string[];
    let tail: bigint | undefined;
    let tailGroups = 0;
    const lastColon = text.lastIndexOf(":");
    const last = text.slice(lastColon + 1);
    let head = text;
    if (last.includes(".")) {
        tail = parseIPv4(last);
        if (tail === undefined) return undefined;
        tailGroups = 2;
        head = text.slice(0, lastColon + 1);
        if (head.endsWith(":") && !head.endsWith("::")) head = head.slice(0, -1);
    }
    const [left, right] = head.includes("::") ? head.split("::") : [head, undefined];
    const leftGroups = left === "" ? [] : left!.split(":");
    const rightGroups = right === undefined || right === "" ? [] : right.split(":");
    const explicit = leftGroups.length + rightGroups.length + tailGroups;
    if (right === undefined) {
        if (explicit !== 8) return undefined;
        groups = leftGroups;
    } else {
        if (explicit > 7) return undefined;
        groups = [...leftGroups, ...Array<string>(8 - explicit).fill("0"), ...rightGroups];
    }
    let value = 0n;
    for (const group of groups) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
        value = (value << 16n) | BigInt(Number.parseInt(group, 16));
    }
    return tail === undefined ? value : (value << 32n) | tail;
}

function formatIPv4(value: bigint): string {
    return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join(".");
}

function formatIPv6(value: bigint): string {
    const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
    // The longest run of two or more zero groups becomes "::" (RFC 5952).
    let best = { start: -1, length: 0 };
    for (let i = 0; i < 8; ) {
        if (groups[i] !== 0) {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === 0) j++;
        if (j - i > best.length && j - i >= 2) best = { start: i, length: j - i };
        i = j;
    }
    const hex = groups.map((g) => g.toString(16));
    if (best.start < 0) return hex.join(":");
    const left = hex.slice(0, best.start).join(":");
    const right = hex.slice(best.start + best.length).join(":");
    return `${left}::${right}`;
}
