// Module zips in one pass: from the bytes of a zip (in memory, or its file read by range),
// each entry is inflated once, checked against its CRC-32 and size (archive/zip's "zip:
// checksum error", "zip: not a valid zip file", "unexpected EOF"), hashed for its h1:
// checksum and, when it is one of the checked files (ziprules.ts), written into a fresh
// directory, read-only. The caller renames that directory into place once everything
// passed, so no reader ever sees part of a module.

import { chmodSync, close, closeSync, mkdir, mkdirSync, open, statSync, writeSync } from "node:fs";
import { createHash, type Hash } from "node:crypto";
import { dirname, join } from "node:path";
import type { ModuleZipFile } from "./ziprules.js";
import { hash1 } from "../modfile/hash.js";
import { EntryReader, type ZipBytes, ZipDirEntry } from "../modfile/zipread.js";

export { maxGoMod, maxLICENSE, maxZipFile, pathClean } from "./ziprules.js";

export interface UnpackOptions {
  /** Compute the zip's h1: checksum (every entry, under its stored name). */
  hash: boolean;
  /** The files to write, and the directory (which must not exist) to write them into. */
  extract?: { files: readonly ModuleZipFile[]; dir: string };
}

/** How long one pass works before it lets the event loop run (downloads, scanning) for a moment. */
const sliceMs = 20;

/** How many files are created ahead of the one being written. */
const openAhead = 64;

const mkdirAsync = (d: string) => new Promise<void>((resolve, reject) => mkdir(d, (err) => (err ? reject(err) : resolve())));
const createAsync = (f: string) => new Promise<number>((resolve, reject) => open(f, "wx", 0o444, (err, fd) => (err ? reject(err) : resolve(fd))));

/**
 * A directory being filled with files in a known order. Creating files and directories
 * is most of the cost of extracting a module on most file systems, and needs no content:
 * the directories and the next files are created ahead, through the thread pool (several
 * at once), while this thread inflates; each file's content is then written into its open
 * file as it is inflated, a piece at a time from the reader's buffer, and the file closed
 * through the thread pool. No content waits in memory for its turn, and no buffer holds a
 * long file whole.
 */
class Tree {
  readonly dirs: string[] = [];
  private readonly made = new Map<string, Promise<void>>();
  private readonly opened = new Map<string, Promise<number>>();
  private readonly closing: Promise<void>[] = [];
  private next = 0;

  constructor(readonly root: string, private readonly names: readonly string[]) {
    mkdirSync(dirname(root), { recursive: true });
    mkdirSync(root);
    this.made.set(root, Promise.resolve());
    this.dirs.push(root);
  }

  /** open returns the open file of name (one of names, taken in their order), for written to close. */
  async open(name: string): Promise<number> {
    this.openNext();
    const fd = await this.opened.get(name);
    this.opened.delete(name);
    if (fd === undefined) throw new Error(`internal error: ${name} written out of order`);
    return fd;
  }

  /** written closes a file open returned, through the thread pool (finish waits for it). */
  written(fd: number): void {
    this.closing.push(new Promise((resolve, reject) => close(fd, (err) => (err ? reject(err) : resolve()))));
  }

  /** finish waits for every file to be closed, throwing the first failure. */
  async finish(): Promise<void> {
    const results = await Promise.allSettled(this.closing);
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  /** abandon closes whatever was created ahead or is being closed, after a failure. */
  async abandon(): Promise<void> {
    for (const p of this.opened.values()) {
      try {
        closeSync(await p);
      } catch {
        // its failure is not the one reported
      }
    }
    this.opened.clear();
    await Promise.allSettled([...this.closing, ...this.made.values()]);
  }

  private openNext(): void {
    while (this.next < this.names.length && this.opened.size < openAhead) {
      const name = this.names[this.next++];
      const dst = join(this.root, ...name.split("/"));
      const fd = this.makeDir(dirname(dst)).then(() => createAsync(dst));
      fd.catch(() => undefined); // observed when its file is written, or by abandon
      this.opened.set(name, fd);
    }
  }

  private makeDir(d: string): Promise<void> {
    let made = this.made.get(d);
    if (!made) {
      made = this.makeDir(dirname(d)).then(() => mkdirAsync(d));
      made.catch(() => undefined); // observed through the files below it
      this.made.set(d, made);
      this.dirs.push(d);
    }
    return made;
  }

  /**
   * seal removes write permission from every directory made, deepest first. They were all
   * made with the same mode (mkdir's default less the umask), so the root's tells it.
   */
  seal(): void {
    const mode = (statSync(this.root).mode & 0o777) & ~0o222;
    for (const d of [...this.dirs].reverse()) chmodSync(d, mode);
  }
}

/**
 * unpackModuleZip makes the one pass over zip (whose entries readZipDirectory listed):
 * it returns the h1: checksum when asked for (else null), and writes the files of extract.
 * It throws the first entry's content error (or write error); what it wrote is then the
 * caller's to remove. It works in slices of a few milliseconds, letting the event loop
 * run between them (the zip's other readers and writers must wait for it to settle).
 * Where a name repeats, each occurrence hashes the content of the last entry of that
 * name, as the go command does.
 */
export async function unpackModuleZip(zip: ZipBytes, entries: readonly ZipDirEntry[], options: UnpackOptions, readOnly = true): Promise<string | null> {
  const toWrite = new Map<ZipDirEntry, string>(options.extract?.files.map((f) => [f.entry, f.name]) ?? []);
  const order = entries.filter((e) => toWrite.has(e)).map((e) => toWrite.get(e)!);
  const tree = options.extract ? new Tree(options.extract.dir, order) : null;
  const digests = new Map<string, Buffer>();
  const reader = new EntryReader(zip);
  try {
    let sliceStart = performance.now();
    for (const e of entries) {
      const name = toWrite.get(e);
      if (!options.hash && name === undefined) continue;
      const fd = name !== undefined ? await tree!.open(name) : null;
      let hash: Hash | null = options.hash ? createHash("sha256") : null;
      try {
        // Each piece is hashed and written before the reader reuses its buffer for the next;
        // content given again from offset 0 is hashed afresh and written over the file.
        reader.pieces(e, (piece, at) => {
          if (hash && at === 0) hash = createHash("sha256");
          hash?.update(piece);
          if (fd !== null) for (let done = 0; done < piece.length;) done += writeSync(fd, piece, done, piece.length - done, at + done);
        });
      } finally {
        if (fd !== null) tree!.written(fd);
      }
      if (hash) digests.set(e.rawName.toString("latin1"), hash.digest());
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
    await tree?.finish();
  } catch (err) {
    await tree?.abandon();
    throw err;
  } finally {
    reader.close();
  }
  if (tree && readOnly) tree.seal();
  if (!options.hash) return null;
  return hash1(entries.map((e) => ({ name: e.rawName, sha256: digests.get(e.rawName.toString("latin1"))! })));
}
