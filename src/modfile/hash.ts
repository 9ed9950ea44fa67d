// The "h1:" checksums of go.sum (golang.org/x/mod/sumdb/dirhash Hash1).
//
// For a list of files: a line "<sha256 hex>  <name>\n" per file, in byte order of the
// names, and "h1:" + base64 of the SHA-256 of those lines. A go.mod checksum hashes one
// file named "go.mod"; a module zip checksum hashes every entry of the zip under its
// stored name.

import { createHash } from "node:crypto";
import yauzl from "yauzl";
import { encodeText } from "../text/utf8.js";
import { entryCheck } from "./zipentry.js";

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

function sha256(data: Uint8Array): Uint8Array {
  return createHash("sha256").update(data).digest();
}

/** hashGoMod returns the h1: checksum that go.sum records for a go.mod file's content. */
export function hashGoMod(content: string | Uint8Array): string {
  const bytes = typeof content === "string" ? encodeText(content) : content;
  return hash1([{ name: "go.mod", sha256: sha256(bytes) }]);
}

function openZip(source: string | Uint8Array): Promise<yauzl.ZipFile> {
  const options: yauzl.Options = { lazyEntries: true, autoClose: true, decodeStrings: false, validateEntrySizes: false };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(err ?? new Error("cannot open zip")) : resolve(zip));
    if (typeof source === "string") yauzl.open(source, options, done);
    else yauzl.fromBuffer(Buffer.from(source.buffer, source.byteOffset, source.byteLength), options, done);
  });
}

function digestEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) return reject(err ?? new Error("cannot read zip entry"));
      const h = createHash("sha256");
      const checked = stream.pipe(entryCheck(entry));
      stream.on("error", (e) => checked.destroy(e));
      checked.on("data", (chunk: Buffer) => h.update(chunk));
      checked.on("error", reject);
      checked.on("end", () => resolve(h.digest()));
    });
  });
}

/**
 * hashZip returns the h1: checksum of a module zip, given its file path or its bytes.
 * Every entry counts, under its name exactly as stored; an entry whose content does not
 * match its CRC-32 or size fails with a ZipEntryError, as with the go command. Where a name repeats, each
 * occurrence hashes the content of the last entry of that name, as the go command does.
 */
export async function hashZip(source: string | Uint8Array): Promise<string> {
  const zip = await openZip(source);
  const names: Buffer[] = [];
  const digests = new Map<string, Uint8Array>();
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      const name = entry.fileName as unknown as Buffer;
      names.push(name);
      digestEntry(zip, entry).then((d) => {
        digests.set(name.toString("latin1"), d);
        zip.readEntry();
      }, reject);
    });
    zip.readEntry();
  });
  return hash1(names.map((name) => ({ name, sha256: digests.get(name.toString("latin1"))! })));
}
