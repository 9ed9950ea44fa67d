// Reading one entry of a zip file the way Go's archive/zip does: the uncompressed bytes
// are counted and their CRC-32 computed as they pass, and the entry fails when it gives
// more bytes than its header declares ("zip: not a valid zip file"), fewer ("unexpected
// EOF"), or bytes whose CRC-32 differs from the recorded one ("zip: checksum error").
// Every reader of module zips (hashing, extraction) checks entries this way (the in-memory
// reader of zipread.ts with the same errors).

import { Transform } from "node:stream";

/** What went wrong with a zip entry's content, with archive/zip's words for each. */
export type ZipEntryProblem = "checksum" | "too-long" | "too-short" | "format" | "algorithm" | "flate";

const problemText: Record<ZipEntryProblem, string> = {
  "checksum": "zip: checksum error",
  "too-long": "zip: not a valid zip file",
  "too-short": "unexpected EOF",
  "format": "zip: not a valid zip file",
  "algorithm": "zip: unsupported compression algorithm",
  "flate": "flate: corrupt input",
};

/**
 * ZipEntryError: an entry's content does not match its header, or cannot be read. The
 * message is Go's (for "flate", compress/flate's, with its offset: see zip-go-errors.ts).
 */
export class ZipEntryError extends Error {
  constructor(readonly problem: ZipEntryProblem, readonly entryName: string, message = problemText[problem]) {
    super(message);
    this.name = "ZipEntryError";
  }
}

/** crcTable is the IEEE CRC-32 table, one entry per byte value. */
export const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** crc32Update continues an IEEE CRC-32 (start with 0) over more bytes. */
export function crc32Update(crc: number, bytes: Uint8Array): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** The header fields an entry's content is checked against. */
export interface ZipEntryHeader {
  name: string;
  uncompressedSize: number;
  crc32: number;
  /** General-purpose flag bit 3: sizes and CRC-32 come from a data descriptor. */
  hasDataDescriptor: boolean;
}

/**
 * checkedEntry returns a pass-through stream for an entry's uncompressed content that
 * fails with a ZipEntryError as archive/zip's reader does: too many bytes at once, too few
 * or a wrong CRC-32 at the end. As archive/zip does, a CRC-32 of 0 without a data
 * descriptor means "not recorded" and is not checked.
 */
export function checkedEntry(h: ZipEntryHeader): Transform {
  let n = 0;
  let crc = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, cb) {
      n += chunk.length;
      if (n > h.uncompressedSize) return cb(new ZipEntryError("too-long", h.name));
      crc = crc32Update(crc, chunk);
      cb(null, chunk);
    },
    flush(cb) {
      if (n !== h.uncompressedSize) return cb(new ZipEntryError("too-short", h.name));
      if ((h.hasDataDescriptor || h.crc32 !== 0) && crc !== h.crc32 >>> 0) return cb(new ZipEntryError("checksum", h.name));
      cb();
    },
  });
}
