// The "h1:" checksums of go.sum (golang.org/x/mod/sumdb/dirhash Hash1).
//
// For a list of files: a line "<sha256 hex>  <name>\n" per file, in byte order of the
// names, and "h1:" + base64 of the SHA-256 of those lines. A go.mod checksum hashes one
// file named "go.mod"; a module zip checksum hashes every entry of the zip under its
// stored name.

import { createHash } from "node:crypto";
import { encodeText } from "../text/utf8.js";
import { EntryReader, readZipDirectory, type ZipBytes } from "./zipread.js";
import { bufferSource, withZipFile, type ZipSource } from "./zipsource.js";

/** A file to hash: its name (as bytes, or a string) and the SHA-256 digest of its content. */
export interface HashedFile {
  name: Uint8Array | string;
  sha256: Uint8Array;
}

const newline = 0x0a;

/** hash1 combines per-file digests into an h1: checksum. */
export function hash1(files: HashedFile[]): string {
  const named = files.map((f) => ({ name: typeof f.name === "string" ? encodeText(f.name) : Buffer.from(f.name), sha256: f.sha256 }));
  named.sort((a, b) => Buffer.compare(a.name, b.name));
  const summary = createHash("sha256");
  for (const f of named) {
    if (f.name.includes(newline)) throw new Error("dirhash: filenames with newlines are not supported");
    summary.update(Buffer.from(f.sha256).toString("hex") + "  ");
    summary.update(f.name);
    summary.update("\n");
  }
  return "h1:" + summary.digest("base64");
}

/**
 * hashGoMod returns the h1: checksum that go.sum records for a go.mod file's content: hash1
 * of one file named go.mod, its one summary line written out directly (a warm run checks
 * hundreds of go.mod files).
 */
export function hashGoMod(content: string | Uint8Array): string {
  const bytes = typeof content === "string" ? encodeText(content) : content;
  const line = createHash("sha256").update(bytes).digest("hex") + "  go.mod\n";
  return "h1:" + createHash("sha256").update(line).digest("base64");
}

/**
 * hashZip returns the h1: checksum of a module zip, given its file path (read by range,
 * never whole), its bytes, or a source of them.
 * Every entry counts, under its name exactly as stored; an entry whose content does not
 * match its CRC-32 or size fails with a ZipEntryError, as with the go command. Where a name repeats, each
 * occurrence hashes the content of the last entry of that name, as the go command does.
 */
export async function hashZip(source: string | Uint8Array | ZipSource): Promise<string> {
  if (typeof source === "string") return withZipFile(source, hashZipBytes);
  if (!(source instanceof Uint8Array)) return hashZipBytes(source);
  return hashZipBytes(bufferSource(Buffer.from(source.buffer, source.byteOffset, source.byteLength)));
}

function hashZipBytes(zip: ZipBytes): string {
  const entries = readZipDirectory(zip);
  const digests = new Map<string, Uint8Array>();
  const reader = new EntryReader(zip);
  try {
    for (const e of entries) {
      let hash = createHash("sha256");
      reader.pieces(e, (piece, at) => (at === 0 ? (hash = createHash("sha256")) : hash).update(piece));
      digests.set(e.rawName.toString("latin1"), hash.digest());
    }
  } finally {
    reader.close();
  }
  return hash1(entries.map((e) => ({ name: e.rawName, sha256: digests.get(e.rawName.toString("latin1"))! })));
}
