// Module zips: the checks the go command makes before using one (golang.org/x/mod/zip),
// and extraction. Every entry must lie under "<module>@<version>/", have a clean, valid
// file path, and not collide (case-insensitively) with another; go.mod may only be at the
// root; sizes are bounded. So no entry can be written outside its module directory.
// Names are compared as Go's strings.EqualFold compares them (foldKey), and each file's
// content is checked against its CRC-32 and size while it is extracted.

import { createWriteStream, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import yauzl from "yauzl";
import { ZipError } from "./errors.js";
import { checkFilePath } from "../module/path.js";
import { InvalidPathError } from "../module/errors.js";
import { entryCheck } from "../modfile/zipentry.js";
import { decodeBytes } from "../text/utf8.js";
import { foldKey } from "../text/unicode.js";

export const maxZipFile = 500 << 20;
export const maxGoMod = 16 << 20;
export const maxLICENSE = 16 << 20;

export interface ZipEntryInfo {
  /** The name inside the module directory ("dir/file.go"). */
  name: string;
  size: number;
  entry: yauzl.Entry;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false }, (err, zip) =>
      err || !zip ? reject(err ?? new Error("cannot open zip")) : resolve(zip));
  });
}

function readEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on("entry", (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on("end", () => resolve(out));
    zip.on("error", reject);
    zip.readEntry();
  });
}

/** pathClean is Go's path.Clean: the shortest equivalent slash path. */
export function pathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const elem of p.split("/")) {
    if (elem === "" || elem === ".") continue;
    if (elem === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(elem);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

function cleanPath(p: string): boolean {
  return pathClean(p) === p;
}

class CollisionChecker {
  private readonly seen = new Map<string, { path: string; isDir: boolean }>();

  check(p: string, isDir: boolean): string | null {
    const key = foldKey(p);
    const other = this.seen.get(key);
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`;
      if (other.isDir !== isDir) return `entry ${JSON.stringify(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${JSON.stringify(p)}`;
    } else {
      this.seen.set(key, { path: p, isDir });
    }
    const slash = p.lastIndexOf("/");
    return slash > 0 ? this.check(p.slice(0, slash), true) : null;
  }
}

/**
 * checkModuleZip opens a module zip and returns its files, or throws a ZipError with
 * the go command's text (one line per bad entry: "NAME: reason").
 */
export async function checkModuleZip(zipPath: string, path: string, version: string, zipSize: number):
  Promise<{ zip: yauzl.ZipFile; files: ZipEntryInfo[] }> {
  if (zipSize > maxZipFile) {
    throw new ZipError(`module zip file is too large (${zipSize} bytes; limit is ${maxZipFile} bytes)`);
  }
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZip(zipPath);
    entries = await readEntries(zip);
  } catch (err) {
    throw new ZipError(`zip: not a valid zip file (${(err as Error).message})`, { cause: err });
  }
  const prefix = `${path}@${version}/`;
  const problems: string[] = [];
  const collisions = new CollisionChecker();
  const files: ZipEntryInfo[] = [];
  let total = 0;
  let sizeError: string | null = null;
  for (const e of entries) {
    const raw = e.fileName as unknown as Buffer;
    // Undecodable bytes stay recognisable (see decodeBytes), so the file path check
    // rejects them as "invalid UTF-8" as the go command does.
    const fullName = decodeBytes(raw);
    if (!fullName.startsWith(prefix)) {
      problems.push(`${fullName}: path does not have prefix ${JSON.stringify(prefix)}`);
      continue;
    }
    let name = fullName.slice(prefix.length);
    if (name === "") continue;
    const isDir = name.endsWith("/");
    if (isDir) name = name.slice(0, -1);
    if (!cleanPath(name)) {
      problems.push(`${fullName}: file path is not clean`);
      continue;
    }
    try {
      checkFilePath(name);
    } catch (err) {
      problems.push(`${fullName}: ${err instanceof InvalidPathError ? err.message : String(err)}`);
      continue;
    }
    const collision = collisions.check(name, isDir);
    if (collision) {
      problems.push(`${fullName}: ${collision}`);
      continue;
    }
    if (isDir) continue;
    const base = name.slice(name.lastIndexOf("/") + 1);
    if (base.toLowerCase() === "go.mod") {
      if (base !== name) {
        problems.push(`${fullName}: go.mod file not in module root directory`);
        continue;
      }
      if (name !== "go.mod") {
        problems.push(`${fullName}: go.mod files must have lowercase names`);
        continue;
      }
    }
    const size = e.uncompressedSize;
    if (maxZipFile - total >= size) total += size;
    else sizeError ??= `total uncompressed size of module contents too large (max size is ${maxZipFile} bytes)`;
    if (name === "go.mod" && size > maxGoMod) {
      problems.push(`${fullName}: go.mod file too large (max size is ${maxGoMod} bytes)`);
      continue;
    }
    if (name === "LICENSE" && size > maxLICENSE) {
      problems.push(`${fullName}: LICENSE file too large (max size is ${maxLICENSE} bytes)`);
      continue;
    }
    files.push({ name, size, entry: e });
  }
  if (sizeError || problems.length > 0) {
    zip.close();
    throw new ZipError(sizeError ?? problems.join("\n"));
  }
  return { zip, files };
}

/**
 * extractModuleZip writes the checked files into dir (which must be empty), read-only.
 * Each file's content is checked against its CRC-32 and size as it is written; a mismatch
 * throws a ZipEntryError ("zip: checksum error"), and the caller removes dir.
 */
export async function extractModuleZip(zip: yauzl.ZipFile, files: ZipEntryInfo[], dir: string): Promise<void> {
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of files) {
      const dst = join(dir, ...f.name.split("/"));
      mkdirSync(dirname(dst), { recursive: true });
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
        zip.openReadStream(f.entry, (err, s) => (err || !s ? reject(err ?? new Error("cannot read entry")) : resolve(s))));
      await pipeline(stream, entryCheck(f.entry), createWriteStream(dst, { flags: "wx", mode: 0o444 }));
    }
  } finally {
    zip.close();
  }
}

/** zipEntryNames lists the names of a zip's entries. */
export async function zipEntryNames(path: string): Promise<string[]> {
  const zip = await openZip(path);
  try {
    return (await readEntries(zip)).map((e) => decodeBytes(e.fileName as unknown as Buffer));
  } finally {
    zip.close();
  }
}
