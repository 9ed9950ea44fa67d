// Module zips in one pass: from the bytes of a zip (in memory, or its file read by range),
// each entry is inflated once, checked against its CRC-32 and size (archive/zip's "zip:
// checksum error", "zip: not a valid zip file", "unexpected EOF"), hashed for its h1:
// checksum and, when it is one of the checked files (ziprules.ts), written into a fresh
// directory, read-only. The caller renames that directory into place once everything
// passed, so no reader ever sees part of a module.

import { chmodSync, mkdirSync, statSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import type { ModuleZipFile } from "./ziprules.js";
import { hash1 } from "../modfile/hash.js";
import { entryContent, type ZipBytes, ZipDirEntry } from "../modfile/zipread.js";

export { maxGoMod, maxLICENSE, maxZipFile, pathClean } from "./ziprules.js";

export interface UnpackOptions {
  /** Compute the zip's h1: checksum (every entry, under its stored name). */
  hash: boolean;
  /** The files to write, and the directory (which must not exist) to write them into. */
  extract?: { files: readonly ModuleZipFile[]; dir: string };
}

/** How many file writes of one zip are in flight at once (each holds its content). */
const writeWindow = 32;

/**
 * A directory being filled: the directories made so far, so that each is made once, and
 * the file writes in flight. Files are written through the thread pool, a window of them
 * at a time, so that creating thousands of files (the slow part on most disks) overlaps
 * with the rest of the work instead of stopping the event loop.
 */
class Tree {
  readonly dirs: string[] = [];
  private readonly made = new Set<string>();
  private pending: Promise<void>[] = [];

  constructor(readonly root: string) {
    mkdirSync(dirname(root), { recursive: true });
    mkdirSync(root);
    this.made.add(root);
    this.dirs.push(root);
  }

  /** write starts writing a file; it waits only when the window is full. */
  async write(name: string, content: Buffer): Promise<void> {
    const dst = join(this.root, ...name.split("/"));
    this.makeDir(dirname(dst));
    this.pending.push(writeFile(dst, content, { flag: "wx", mode: 0o444 }));
    if (this.pending.length >= writeWindow) await this.flush();
  }

  /** flush waits for the writes in flight (all of them, so that a failure is never left unobserved). */
  async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const results = await Promise.allSettled(batch);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private makeDir(d: string): void {
    if (this.made.has(d)) return;
    this.makeDir(dirname(d));
    mkdirSync(d);
    this.made.add(d);
    this.dirs.push(d);
  }

  /** seal removes write permission from every directory made, deepest first. */
  seal(): void {
    for (const d of [...this.dirs].reverse()) chmodSync(d, (statSync(d).mode & 0o777) & ~0o222);
  }
}

/**
 * unpackModuleZip makes the one pass over zip (whose entries readZipDirectory listed):
 * it returns the h1: checksum when asked for (else null), and writes the files of extract.
 * It throws the first entry's content error (or write error), once no write is in
 * flight; what it wrote is then the caller's to remove.
 * Where a name repeats, each occurrence hashes the content of the last entry of that
 * name, as the go command does.
 */
export async function unpackModuleZip(zip: ZipBytes, entries: readonly ZipDirEntry[], options: UnpackOptions, readOnly = true): Promise<string | null> {
  const toWrite = new Map<ZipDirEntry, string>(options.extract?.files.map((f) => [f.entry, f.name]) ?? []);
  const tree = options.extract ? new Tree(options.extract.dir) : null;
  const digests = new Map<string, Buffer>();
  try {
    for (const e of entries) {
      const name = toWrite.get(e);
      if (!options.hash && name === undefined) continue;
      const content = entryContent(zip, e);
      if (options.hash) digests.set(e.rawName.toString("latin1"), createHash("sha256").update(content).digest());
      if (name !== undefined) await tree!.write(name, content);
    }
    await tree?.flush();
  } catch (err) {
    await tree?.flush().catch(() => undefined);
    throw err;
  }
  if (tree && readOnly) tree.seal();
  if (!options.hash) return null;
  return hash1(entries.map((e) => ({ name: e.rawName, sha256: digests.get(e.rawName.toString("latin1"))! })));
}
