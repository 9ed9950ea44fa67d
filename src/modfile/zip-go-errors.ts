// A deflated zip entry that fails to read, worded as Go's compress/flate and archive/zip
// word it. zlib finds the same entries bad, but in its own words ("invalid distance too
// far back", "unexpected end of file") and not always at the check go makes first.
// deflatedEntryError decodes the raw bytes again as Go's reader does (flate-verdict.ts),
// which tells which of go's checks fails first: more bytes than the header declares, a
// corrupt stream at offset N, fewer bytes, a wrong CRC-32. It runs only after a read has
// failed, so the fast path stays zlib's.

import { flateVerdict } from "./flate-verdict.js";
import { ZipEntryError } from "./zipentry.js";

/** The header fields of an entry that go's checks compare with. */
export interface DeflatedEntry {
  uncompressedSize: number;
  crc32: number;
  /** General-purpose flag bit 3: a data descriptor follows the content. */
  flags: number;
}

/** deflatedEntryError is go's error for a deflated entry from its raw bytes, or null when go would read it. */
export function deflatedEntryError(raw: Uint8Array, entry: DeflatedEntry, name: string): ZipEntryError | null {
  const v = flateVerdict(raw);
  if (v.produced > entry.uncompressedSize) return new ZipEntryError("too-long", name);
  if (v.error) return new ZipEntryError(v.error === "unexpected EOF" ? "too-short" : "flate", name, v.error);
  if (v.produced < entry.uncompressedSize) return new ZipEntryError("too-short", name);
  const recorded = (entry.flags & 0x8) !== 0 || entry.crc32 !== 0;
  if (recorded && v.crc32 !== entry.crc32 >>> 0) return new ZipEntryError("checksum", name);
  return null;
}
