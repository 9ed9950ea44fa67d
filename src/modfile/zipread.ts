// Reading a zip archive, as Go's archive/zip reads one: the end of central directory
// record (zip64 too), then each central directory header once; an entry's content is found
// through its local header and inflated in one call. The bytes come from a ZipSource (a
// buffer, or a file read by range), so a zip is never needed whole in memory. Structural faults
// are "zip: not a valid zip file"; content that does not match its header fails with the
// ZipEntryError of zipentry.ts, as the streaming check there fails.

import { crc32, inflateRawSync } from "node:zlib";
import { Inflater } from "./inflate-into.js";
import { giveScratch, takeScratch } from "./scratch.js";
import { ZipEntryError } from "./zipentry.js";
import { deflatedEntryError } from "./zip-go-errors.js";
import { decodeBytes } from "../text/utf8.js";
import { bufferSource, type ZipSource } from "./zipsource.js";

/** A zip's bytes: a buffer, or a source reading them by range. */
export type ZipBytes = Buffer | ZipSource;

const asSource = (zip: ZipBytes): ZipSource => (Buffer.isBuffer(zip) ? bufferSource(zip) : zip);

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

/** The largest span the end of central directory record can be found in: itself and a full comment. */
const endSearch = 22 + 0xffff;

/** findEnd returns the offset of the end of central directory record, and the bytes from there to the end. */
function findEnd(src: ZipSource): { end: number; tail: Buffer } {
  const from = Math.max(0, src.size - endSearch);
  const buf = src.read(from, src.size);
  for (let at = buf.length - 22; at >= 0; at--) {
    if (buf.readUInt32LE(at) === sigEnd && at + 22 + buf.readUInt16LE(at + 20) <= buf.length) return { end: from + at, tail: buf.subarray(at) };
  }
  throw new ZipFormatError();
}

/** directoryBounds reads the end records: the central directory's offset, size and entry count. */
function directoryBounds(src: ZipSource): { offset: number; size: number; count: number } {
  const { end, tail } = findEnd(src);
  let count = tail.readUInt16LE(10);
  let size = tail.readUInt32LE(12);
  let offset = tail.readUInt32LE(16);
  const loc = end - 20;
  const locator = loc >= 0 ? src.read(loc, loc + 20) : null;
  if (locator && locator.length === 20 && locator.readUInt32LE(0) === sigLocator64) {
    const rec = Number(locator.readBigUInt64LE(8));
    const record = rec + 56 <= src.size ? src.read(rec, rec + 56) : null;
    if (!record || record.length < 56 || record.readUInt32LE(0) !== sigEnd64) throw new ZipFormatError();
    count = Number(record.readBigUInt64LE(32));
    size = Number(record.readBigUInt64LE(40));
    offset = Number(record.readBigUInt64LE(48));
  }
  if (offset + size > src.size) throw new ZipFormatError();
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
export function readZipDirectory(zip: ZipBytes): ZipDirEntry[] {
  const src = asSource(zip);
  if (src.size < 22) throw new ZipFormatError();
  const { offset, count } = directoryBounds(src);
  // The headers run from the directory's offset; archive/zip reads them until one is not a
  // header, so everything to the end of the zip is theirs to read. The names are copied out,
  // so that no entry keeps the directory's buffer alive.
  const buf = src.read(offset, src.size);
  const out: ZipDirEntry[] = [];
  // As archive/zip: headers are read from the directory's offset until one is not a
  // header (a wrong signature: "zip: not a valid zip file"; too few bytes left for one:
  // "unexpected EOF"); that ending is the error when the count disagrees.
  let ending: ZipFormatError;
  let at = 0;
  for (;;) {
    if (at + 46 > buf.length) { ending = new ZipFormatError("unexpected EOF"); break; }
    if (buf.readUInt32LE(at) !== sigCentral) { ending = new ZipFormatError(); break; }
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    const next = at + 46 + nameLen + extraLen + commentLen;
    if (next > buf.length) { ending = new ZipFormatError("unexpected EOF"); break; }
    const e: ZipDirEntry = {
      rawName: Buffer.from(buf.subarray(at + 46, at + 46 + nameLen)),
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
function dataStart(src: ZipSource, e: ZipDirEntry): number {
  const h = src.read(e.localOffset, e.localOffset + 30);
  if (h.length < 30 || h.readUInt32LE(0) !== sigLocal) throw new ZipFormatError();
  return e.localOffset + 30 + h.readUInt16LE(26) + h.readUInt16LE(28);
}

/** The largest output buffer an entry is inflated into at once (a longer one is inflated in pieces of this size). */
const maxInflateChunk = 4 << 20;

function inflate(data: Buffer, limit: number, name: string): Buffer {
  try {
    // One output buffer of the declared size (and the byte that shows a longer entry),
    // instead of zlib's 16 KiB pieces joined at the end: half the memory to allocate and free.
    return inflateRawSync(data, { maxOutputLength: limit, chunkSize: Math.min(Math.max(limit, 64), maxInflateChunk) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ERR_BUFFER_TOO_LARGE") throw new ZipEntryError("too-long", name);
    if (code === "Z_BUF_ERROR") throw new ZipEntryError("too-short", name);
    throw err;
  }
}

/** descriptorCRC reads the CRC-32 of the data descriptor after an entry's content. */
function descriptorCRC(src: ZipSource, at: number, name: string): number {
  const d = src.read(at, at + 8);
  const from = d.length >= 4 && d.readUInt32LE(0) === sigDescriptor ? 4 : 0;
  if (from + 4 > d.length) throw new ZipEntryError("too-short", name);
  return d.readUInt32LE(from);
}

/**
 * entryContent returns an entry's uncompressed bytes, checked as archive/zip checks them
 * while reading: no more and no fewer bytes than declared, and the recorded CRC-32 (a
 * CRC-32 of 0 without a data descriptor means "not recorded").
 */
export function entryContent(zip: ZipBytes, e: ZipDirEntry): Buffer {
  const src = asSource(zip);
  try {
    return checkedContent(src, e);
  } catch (err) {
    // A deflated entry that fails is decoded again as Go's reader decodes it, for go's
    // words and go's order of checks (zip-go-errors.ts); a data descriptor's CRC-32 is
    // still checked as before.
    if (e.method !== 8 || !(err instanceof ZipEntryError || isZlibError(err))) throw err;
    const start = dataStart(src, e);
    const raw = src.read(start, start + e.compressedSize);
    throw deflatedEntryError(raw, e, decodeBytes(e.rawName)) ?? err;
  }
}

const isZlibError = (err: unknown) => typeof (err as NodeJS.ErrnoException)?.code === "string" && (err as NodeJS.ErrnoException).code!.startsWith("Z_");

function checkedContent(src: ZipSource, e: ZipDirEntry): Buffer {
  const name = decodeBytes(e.rawName);
  const start = dataStart(src, e);
  const end = start + e.compressedSize;
  const raw = src.read(start, end);
  let out: Buffer;
  if (e.method === 0) out = src.inMemory ? raw : Buffer.from(raw); // a copy, not a view keeping a file source's window alive
  else if (e.method === 8) out = inflate(raw, e.uncompressedSize + 1, name);
  else throw new ZipFormatError("zip: unsupported compression algorithm");
  if (out.length > e.uncompressedSize) throw new ZipEntryError("too-long", name);
  if (out.length < e.uncompressedSize || end > src.size) throw new ZipEntryError("too-short", name);
  const sum = crc32(out) >>> 0;
  if (e.flags & 0x8) {
    if (descriptorCRC(src, end, name) >>> 0 !== e.crc32 >>> 0 || sum !== e.crc32 >>> 0) throw new ZipEntryError("checksum", name);
  } else if (e.crc32 !== 0 && sum !== e.crc32 >>> 0) {
    throw new ZipEntryError("checksum", name);
  }
  return out;
}

/**
 * EntryReader reads the contents of a zip's entries, checked as entryContent checks them,
 * into one buffer it reuses (a scratch buffer, see scratch.ts): what content returns is
 * valid until its next call or close. close releases its buffer, and its engine unless
 * the engine was given (an engine the caller keeps for many readers, one after another).
 */
export class EntryReader {
  private readonly src: ZipSource;
  private readonly inflater: Inflater;
  private readonly ownsInflater: boolean;
  private buffer: Buffer | null = null;

  constructor(zip: ZipBytes, inflater?: Inflater) {
    this.src = asSource(zip);
    this.inflater = inflater ?? new Inflater();
    this.ownsInflater = !inflater;
  }

  /**
   * content is entryContent(zip, e), in the reader's buffer. An entry that does not read
   * cleanly the fast way is read again by entryContent, whose result or error is the answer.
   */
  content(e: ZipDirEntry): Buffer {
    const src = this.src;
    if (e.method !== 0 && e.method !== 8) return entryContent(src, e);
    const start = dataStart(src, e);
    const end = start + e.compressedSize;
    if (end > src.size) return entryContent(src, e);
    const raw = src.read(start, end);
    const out = this.room(e.uncompressedSize + 1);
    const n = e.method === 0 ? raw.copy(out) : this.inflater.into(raw, out);
    if (n !== e.uncompressedSize) return entryContent(src, e);
    const content = out.subarray(0, n);
    const sum = crc32(content) >>> 0;
    const want = e.crc32 >>> 0;
    // As checkedContent: with a data descriptor, its CRC-32 and the content's must both be the header's.
    const good = e.flags & 0x8 ? descriptorCRCOrNull(src, end) === want && sum === want : want === 0 || sum === want;
    return good ? content : entryContent(src, e);
  }

  /**
   * pieces reads e as content does, giving its bytes to use in order, a piece at a time,
   * with each piece's offset in the content: an entry longer than pieceBytes is inflated
   * (and its stored bytes read) a piece at a time, so that no buffer holds it whole. A
   * piece is valid during its call only. The pieces given end at the content's end, never
   * past it; when the entry turns out not to read cleanly this way, entryContent reads it
   * again, and its error is thrown, or its content given again from offset 0.
   */
  pieces(e: ZipDirEntry, use: (piece: Buffer, at: number) => void): void {
    if (e.uncompressedSize < pieceBytes || (e.method !== 0 && e.method !== 8)) {
      use(this.content(e), 0);
      return;
    }
    if (!this.piecewise(e, use)) use(entryContent(this.src, e), 0);
  }

  /** piecewise is pieces' way for a long entry: false when the entry did not read cleanly. */
  private piecewise(e: ZipDirEntry, use: (piece: Buffer, at: number) => void): boolean {
    const src = this.src;
    const start = dataStart(src, e);
    const end = start + e.compressedSize;
    if (end > src.size) return false;
    const out = this.room(pieceBytes);
    let sum = 0;
    let total = 0;
    const give = (piece: Buffer): boolean => {
      if (total + piece.length > e.uncompressedSize) return false;
      sum = crc32(piece, sum);
      use(piece, total);
      total += piece.length;
      return true;
    };
    try {
      let input: Buffer = Buffer.alloc(0);
      let inOff = 0;
      for (let next = start; ;) {
        if (inOff === input.length && next < end) {
          // The stored bytes, a window at a time: never the whole entry's in one buffer.
          input = src.read(next, Math.min(end, next + (pieceBytes >> 1)));
          inOff = 0;
          next += input.length;
          if (input.length === 0) return false;
        }
        const last = next >= end;
        if (e.method === 0) {
          if (!give(input.subarray(inOff))) return false;
          inOff = input.length;
          if (last) break;
          continue;
        }
        const step = this.inflater.step(input, inOff, input.length - inOff, out, last);
        if (!step) return false;
        const produced = out.length - step.outLeft;
        const consumed = input.length - inOff - step.inLeft;
        inOff += consumed;
        if (produced > 0 && !give(out.subarray(0, produced))) return false;
        // The stream has ended: room left in the output with all of the last input taken, or nothing more taken or made.
        if ((last && step.outLeft > 0 && step.inLeft === 0) || (produced === 0 && consumed === 0)) break;
      }
    } finally {
      this.inflater.done();
    }
    if (total !== e.uncompressedSize) return false;
    const want = e.crc32 >>> 0;
    sum >>>= 0;
    return e.flags & 0x8 ? descriptorCRCOrNull(src, end) === want && sum === want : want === 0 || sum === want;
  }

  close(): void {
    if (this.ownsInflater) this.inflater.close();
    giveScratch(this.buffer);
    this.buffer = null;
  }

  /** room is a buffer of at least length bytes (a scratch buffer, see scratch.ts). */
  private room(length: number): Buffer {
    if (this.buffer && this.buffer.length >= length) return this.buffer;
    giveScratch(this.buffer);
    return (this.buffer = takeScratch(Math.max(length, 64 << 10)));
  }
}

/** How long an entry EntryReader.pieces gives in pieces is, and how long each piece is at most. */
const pieceBytes = 256 << 10;

/** descriptorCRCOrNull is descriptorCRC, or null where that throws. */
function descriptorCRCOrNull(src: ZipSource, at: number): number | null {
  try {
    return descriptorCRC(src, at, "") >>> 0;
  } catch {
    return null;
  }
}
