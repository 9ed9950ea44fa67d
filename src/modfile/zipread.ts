// Reading a zip archive held in memory, as Go's archive/zip reads one: the end of central
// directory record (zip64 too), then each central directory header once; an entry's
// content is found through its local header and inflated in one call. Structural faults
// are "zip: not a valid zip file"; content that does not match its header fails with the
// ZipEntryError of zipentry.ts, as the streaming check there fails.

import { crc32, inflateRawSync } from "node:zlib";
import { ZipEntryError } from "./zipentry.js";
import { deflatedEntryError } from "./zip-go-errors.js";
import { decodeBytes } from "../text/utf8.js";

/** ZipFormatError: the archive itself is malformed, in archive/zip's words. */
export class ZipFormatError extends Error {
  constructor(message = "zip: not a valid zip file") {
    super(message);
    this.name = "ZipFormatError";
  }
}

/** One central directory entry. */
export interface ZipDirEntry {
  /** The stored name, as bytes. */
  rawName: Buffer;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Offset of the entry's local header. */
  localOffset: number;
}

const sigEnd = 0x06054b50;
const sigEnd64 = 0x06064b50;
const sigLocator64 = 0x07064b50;
const sigCentral = 0x02014b50;
const sigLocal = 0x04034b50;
const sigDescriptor = 0x08074b50;

function findEnd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let at = buf.length - 22; at >= stop; at--) {
    if (buf.readUInt32LE(at) === sigEnd && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) return at;
  }
  throw new ZipFormatError();
}

/** directoryBounds reads the end records: the central directory's offset, size and entry count. */
function directoryBounds(buf: Buffer): { offset: number; size: number; count: number } {
  const end = findEnd(buf);
  let count = buf.readUInt16LE(end + 10);
  let size = buf.readUInt32LE(end + 12);
  let offset = buf.readUInt32LE(end + 16);
  const loc = end - 20;
  if (loc >= 0 && buf.readUInt32LE(loc) === sigLocator64) {
    const rec = Number(buf.readBigUInt64LE(loc + 8));
    if (rec + 56 > buf.length || buf.readUInt32LE(rec) !== sigEnd64) throw new ZipFormatError();
    count = Number(buf.readBigUInt64LE(rec + 32));
    size = Number(buf.readBigUInt64LE(rec + 40));
    offset = Number(buf.readBigUInt64LE(rec + 48));
  }
  if (offset + size > buf.length) throw new ZipFormatError();
  return { offset, size, count };
}

/** applyZip64 replaces saturated 32-bit fields by those of the zip64 extra field. */
function applyZip64(e: ZipDirEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const tag = extra.readUInt16LE(at);
    const len = extra.readUInt16LE(at + 2);
    at += 4;
    if (tag === 0x0001) {
      let p = at;
      const next = () => {
        if (p + 8 > at + len) throw new ZipFormatError();
        const v = Number(extra.readBigUInt64LE(p));
        p += 8;
        return v;
      };
      if (e.uncompressedSize === 0xffffffff) e.uncompressedSize = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.localOffset === 0xffffffff) e.localOffset = next();
      return;
    }
    at += len;
  }
}

/** readZipDirectory lists the entries of a zip, in central directory order. */
export function readZipDirectory(buf: Buffer): ZipDirEntry[] {
  if (buf.length < 22) throw new ZipFormatError();
  const { offset, count } = directoryBounds(buf);
  const out: ZipDirEntry[] = [];
  // As archive/zip: headers are read from the directory's offset until one is not a
  // header (a wrong signature: "zip: not a valid zip file"; too few bytes left for one:
  // "unexpected EOF"); that ending is the error when the count disagrees.
  let ending: ZipFormatError;
  let at = offset;
  for (;;) {
    if (at + 46 > buf.length) { ending = new ZipFormatError("unexpected EOF"); break; }
    if (buf.readUInt32LE(at) !== sigCentral) { ending = new ZipFormatError(); break; }
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > buf.length) { ending = new ZipFormatError("unexpected EOF"); break; }
    const e: ZipDirEntry = {
      rawName: buf.subarray(at + 46, at + 46 + nameLen),
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc32: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      uncompressedSize: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    applyZip64(e, buf.subarray(at + 46 + nameLen, at + 46 + nameLen + extraLen));
    out.push(e);
    at = next;
  }
  // The record count must agree (modulo 2^16, for old writers).
  if ((out.length & 0xffff) !== (count & 0xffff)) throw ending;
  return out;
}

/** dataStart is the offset of an entry's content, after its local header. */
function dataStart(buf: Buffer, e: ZipDirEntry): number {
  if (e.localOffset + 30 > buf.length || buf.readUInt32LE(e.localOffset) !== sigLocal) throw new ZipFormatError();
  return e.localOffset + 30 + buf.readUInt16LE(e.localOffset + 26) + buf.readUInt16LE(e.localOffset + 28);
}

function inflate(data: Buffer, limit: number, name: string): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: limit });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new ZipEntryError("too-long", name);
    if (code === "Z_BUF_ERROR") throw new ZipEntryError("too-short", name);
    throw err;
  }
}

/** descriptorCRC reads the CRC-32 of the data descriptor after an entry's content. */
function descriptorCRC(buf: Buffer, at: number, name: string): number {
  if (at + 4 <= buf.length && buf.readUInt32LE(at) === sigDescriptor) at += 4;
  if (at + 4 > buf.length) throw new ZipEntryError("too-short", name);
  return buf.readUInt32LE(at);
}

/**
 * entryContent returns an entry's uncompressed bytes, checked as archive/zip checks them
 * while reading: no more and no fewer bytes than declared, and the recorded CRC-32 (a
 * CRC-32 of 0 without a data descriptor means "not recorded").
 */
export function entryContent(buf: Buffer, e: ZipDirEntry): Buffer {
  try {
    return checkedContent(buf, e);
  } catch (err) {
    // A deflated entry that fails is decoded again as Go's reader decodes it, for go's
    // words and go's order of checks (zip-go-errors.ts); a data descriptor's CRC-32 is
    // still checked as before.
    if (e.method !== 8 || !(err instanceof ZipEntryError || isZlibError(err))) throw err;
    const start = dataStart(buf, e);
    const raw = buf.subarray(start, Math.min(start + e.compressedSize, buf.length));
    throw deflatedEntryError(raw, e, decodeBytes(e.rawName)) ?? err;
  }
}

const isZlibError = (err: unknown) => typeof (err as NodeJS.ErrnoException)?.code === "string" && (err as NodeJS.ErrnoException).code!.startsWith("Z_");

function checkedContent(buf: Buffer, e: ZipDirEntry): Buffer {
  const name = decodeBytes(e.rawName);
  const start = dataStart(buf, e);
  const end = start + e.compressedSize;
  const raw = buf.subarray(start, Math.min(end, buf.length));
  let out: Buffer;
  if (e.method === 0) out = raw;
  else if (e.method === 8) out = inflate(raw, e.uncompressedSize + 1, name);
  else throw new ZipFormatError("zip: unsupported compression algorithm");
  if (out.length > e.uncompressedSize) throw new ZipEntryError("too-long", name);
  if (out.length < e.uncompressedSize || end > buf.length) throw new ZipEntryError("too-short", name);
  const sum = crc32(out) >>> 0;
  if (e.flags & 0x8) {
    if (descriptorCRC(buf, end, name) >>> 0 !== e.crc32 >>> 0 || sum !== e.crc32 >>> 0) throw new ZipEntryError("checksum", name);
  } else if (e.crc32 !== 0 && sum !== e.crc32 >>> 0) {
    throw new ZipEntryError("checksum", name);
  }
  return out;
}
