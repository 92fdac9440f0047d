/**
 * A minimal, deterministic ZIP writer (PKWARE APPNOTE 6.3.10, sections 4.3 and 4.4): no
 * timestamps of the machine, no extra fields, entries in the caller's order. Enough for a Ray
 * working-directory package; no ZIP64, so it refuses archives past the classic format's limits.
 */
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
    /** Path inside the archive, `/`-separated, relative. */
    readonly name: string;
    readonly data: Buffer;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL = 0x06054b50;
const VERSION_NEEDED = 20; // deflate
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED; // so unzip tools read external_attr as a Unix mode
const UTF8_NAMES = 0x0800;
const STORED = 0;
const DEFLATED = 8;
// 1980-01-01 00:00:00, the earliest MS-DOS date: a fixed stamp keeps the bytes (and hash) stable.
const DOS_TIME = 0;
const DOS_DATE = (1 << 5) | 1;
// A regular file, rw-r--r--: Ray's unzip applies this mode to what it extracts.
const FILE_ATTR = (0o100644 << 16) >>> 0;
const MAX_CLASSIC = 0xffffffff;

export function buildZip(entries: readonly ZipEntry[]): Buffer {
    if (entries.length > 0xffff)
        throw new Error(`zip: ${entries.length} entries; at most 65535 without ZIP64`);
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of entries) {
        const name = Buffer.from(entry.name, "utf8");
        const deflated = deflateRawSync(entry.data, { level: 9 });
        const method = deflated.length < entry.data.length ? DEFLATED : STORED;
        const body = method === DEFLATED ? deflated : entry.data;
        const crc = crc32(entry.data);
        if (entry.data.length > MAX_CLASSIC || offset > MAX_CLASSIC) {
            throw new Error(`zip: ${entry.name} lies past 4 GiB; not supported without ZIP64`);
        }

        const local = Buffer.alloc(30);
        local.writeUInt32LE(LOCAL_HEADER, 0);
        local.writeUInt16LE(VERSION_NEEDED, 4);
        local.writeUInt16LE(UTF8_NAMES, 6);
        local.writeUInt16LE(method, 8);
        local.writeUInt16LE(DOS_TIME, 10);
        local.writeUInt16LE(DOS_DATE, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(body.length, 18);
        local.writeUInt32LE(entry.data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);
        locals.push(local, name, body);

        const central = Buffer.alloc(46);
        central.writeUInt32LE(CENTRAL_HEADER, 0);
        central.writeUInt16LE(MADE_BY_UNIX, 4);
        central.writeUInt16LE(VERSION_NEEDED, 6);
        central.writeUInt16LE(UTF8_NAMES, 8);
        central.writeUInt16LE(method, 10);
        central.writeUInt16LE(DOS_TIME, 12);
        central.writeUInt16LE(DOS_DATE, 14);
        central.writeUInt32LE(crc, 16);
        central.writeUInt32LE(body.length, 20);
        central.writeUInt32LE(entry.data.length, 24);
        central.writeUInt16LE(name.length, 28);
        // extra length, comment length, disk number start, internal attributes: all 0
        central.writeUInt32LE(FILE_ATTR, 38);
        central.writeUInt32LE(offset, 42);
        centrals.push(central, name);

        offset += local.length + name.length + body.length;
    }
    const centralDir = Buffer.concat(centrals);
    if (offset + centralDir.length > MAX_CLASSIC) throw new Error("zip: archive past 4 GiB; not supported");
    const end = Buffer.alloc(22);
    end.writeUInt32LE(END_OF_CENTRAL, 0);
    end.writeUInt16LE(entries.length, 8);
    end.writeUInt16LE(entries.length, 10);
    end.writeUInt32LE(centralDir.length, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, centralDir, end]);
}
