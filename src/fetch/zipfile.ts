// Module zips in one pass: from the bytes of a zip (in memory, or its file read by range),
// each entry is inflated once, checked against its CRC-32 and size (archive/zip's "zip:
// checksum error", "zip: not a valid zip file", "unexpected EOF"), hashed for its h1:
// checksum and, when it is one of the checked files (ziprules.ts), written into a fresh
// directory, read-only. The caller renames that directory into place once everything
// passed, so no reader ever sees part of a module.

import { chmodSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
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

/**
 * A directory being filled: the directories made so far, so that each is made once. Each
 * file is written whole as soon as its content is read (open, write, close), so that a
 * file's content is released at once and no file waits in memory for its turn.
 */
class Tree {
  readonly dirs: string[] = [];
  private readonly made = new Set<string>();

  constructor(readonly root: string) {
    mkdirSync(dirname(root), { recursive: true });
    mkdirSync(root);
    this.made.add(root);
    this.dirs.push(root);
  }

  /** write writes a file. */
  write(name: string, content: Buffer): void {
    const dst = join(this.root, ...name.split("/"));
    this.makeDir(dirname(dst));
    writeFileSync(dst, content, { flag: "wx", mode: 0o444 });
  }

  private makeDir(d: string): void {
    if (this.made.has(d)) return;
    this.makeDir(dirname(d));
    mkdirSync(d);
    this.made.add(d);
    this.dirs.push(d);
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
  const tree = options.extract ? new Tree(options.extract.dir) : null;
  const digests = new Map<string, Buffer>();
  const reader = new EntryReader(zip);
  try {
    let sliceStart = performance.now();
    for (const e of entries) {
      const name = toWrite.get(e);
      if (!options.hash && name === undefined) continue;
      const content = reader.content(e);
      if (options.hash) digests.set(e.rawName.toString("latin1"), createHash("sha256").update(content).digest());
      if (name !== undefined) tree!.write(name, content);
      if (performance.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = performance.now();
      }
    }
  } finally {
    reader.close();
  }
  if (tree && readOnly) tree.seal();
  if (!options.hash) return null;
  return hash1(entries.map((e) => ({ name: e.rawName, sha256: digests.get(e.rawName.toString("latin1"))! })));
}
