// A module read from its zip in the module cache instead of from an extracted tree: the
// listings and files a tidy run asks about, under the paths extraction would give them
// (<module cache>/<escaped path>@<version>/...). The go command extracts a module's zip
// when a command first needs the directory; a module whose zip this process has just
// downloaded, checked entry by entry and verified is read from it, and left for the go
// command to extract when it needs it (a zip with its .ziphash and no directory is a
// state the go command completes itself).

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { sep } from "node:path";
import type { ModuleZipFile } from "./ziprules.js";
import { EntryReader, type ZipDirEntry } from "../modfile/zipread.js";
import { Inflater } from "../modfile/inflate-into.js";
import { giveScratch, takeScratch } from "../modfile/scratch.js";
import type { ZipSource } from "../modfile/zipsource.js";
import type { DirEntry, DirFiles } from "../scan/scanner.js";

/**
 * A listing entry of the tree: a file, with where its zip entry's content lies and how it
 * is stored, or a directory (method -1). The fields are copied out of the zip entry, so
 * that a tree of many files holds one small object per file.
 */
class TreeEntry implements DirEntry {
  readonly method: number = -1;
  readonly flags: number = 0;
  readonly crc32: number = 0;
  readonly compressedSize: number = 0;
  readonly uncompressedSize: number = 0;
  readonly localOffset: number = 0;

  constructor(readonly name: string, e: ZipDirEntry | null) {
    if (!e) return;
    ({ method: this.method, flags: this.flags, crc32: this.crc32, compressedSize: this.compressedSize, uncompressedSize: this.uncompressedSize, localOffset: this.localOffset } = e);
  }

  /** entry is the zip entry of a file, whose stored name is rawName. */
  entry(rawName: Buffer): ZipDirEntry {
    const { method, flags, crc32, compressedSize, uncompressedSize, localOffset } = this;
    return { rawName, method, flags, crc32, compressedSize, uncompressedSize, localOffset };
  }

  isFile(): boolean {
    return this.method >= 0;
  }
  isDirectory(): boolean {
    return this.method < 0;
  }
  isSymbolicLink(): boolean {
    return false;
  }
}

/**
 * ExactSource reads a file by range, exactly the bytes asked for (an entry's header, then
 * its data), into one buffer it reuses (a scratch buffer, see scratch.ts): what read
 * returns is valid until its next call or close. close releases the buffer and the file.
 */
class ExactSource implements ZipSource {
  readonly inMemory = false;
  readonly size: number;
  private buffer: Buffer | null = null;

  private constructor(private readonly fd: number) {
    this.size = fstatSync(fd).size;
  }

  /** open opens file for reading (its errors are the file system's). */
  static open(file: string): ExactSource {
    const fd = openSync(file, "r");
    try {
      return new ExactSource(fd);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  read(start: number, end: number): Buffer {
    end = Math.min(end, this.size);
    if (start >= end) return Buffer.alloc(0);
    const length = end - start;
    if (!this.buffer || this.buffer.length < length) {
      giveScratch(this.buffer);
      this.buffer = null;
      this.buffer = takeScratch(Math.max(length, 64 << 10));
    }
    const buf = this.buffer;
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, start + done);
      if (n === 0) break;
      done += n;
    }
    return buf.subarray(0, done);
  }

  close(): void {
    giveScratch(this.buffer);
    this.buffer = null;
    closeSync(this.fd);
  }
}

/**
 * The engine every tree inflates its entries with, one read after another (a read runs
 * to its end on this thread): not one engine, and its buffers, for each file read.
 */
const treeInflater = new Inflater();

/**
 * ModuleZipTree is the tree of a module zip whose entries passed the module zip rules
 * (moduleZipFiles): its directories are those holding a file of the module, and it holds
 * the files keep accepts (by their name inside the module). read inflates a file's entry
 * from the zip file again, checked against its CRC-32 and size, into a scratch buffer
 * (modfile/scratch.ts) that the next reader takes: one buffer for every file read, not
 * one per file.
 */
export class ModuleZipTree implements DirFiles {
  private readonly dirs = new Map<string, TreeEntry[]>();
  private readonly prefix: string;

  /** zipPrefix is the start of every entry's stored name ("<module>@<version>/"). */
  constructor(readonly root: string, readonly zipFile: string, private readonly zipPrefix: string, files: readonly ModuleZipFile[], keep: (name: string) => boolean) {
    this.prefix = root + sep;
    this.dirs.set("", []);
    for (const f of files) {
      const slash = f.name.lastIndexOf("/");
      const dir = slash < 0 ? "" : f.name.slice(0, slash);
      const listing = this.dirFor(dir);
      if (keep(f.name)) listing.push(new TreeEntry(f.name.slice(slash + 1), f.entry));
    }
  }

  list(dir: string): readonly TreeEntry[] | null {
    const rel = this.rel(dir);
    return rel === null ? null : this.dirs.get(rel) ?? null;
  }

  read(path: string): Buffer {
    return this.reading(path, (reader, entry) => reader.content(entry));
  }

  /**
   * readStart is the first bytes of a file: the entry is inflated and checked whole, a
   * piece at a time (EntryReader.pieces), and only its start kept. The scanner asks for the
   * start of every Go file, and a module's longest files (generated code of several
   * megabytes) would otherwise each take a buffer as long as themselves.
   */
  readStart(path: string, bytes: number): Buffer {
    return this.reading(path, (reader, entry) => {
      if (entry.uncompressedSize <= bytes) return reader.content(entry);
      const start = Buffer.allocUnsafe(bytes);
      let filled = 0;
      reader.pieces(entry, (piece, at) => {
        if (at === 0) filled = 0; // read again from the start (see pieces)
        if (at >= bytes) return;
        filled = at + piece.copy(start, at, 0, Math.min(piece.length, bytes - at));
      });
      return start.subarray(0, filled);
    });
  }

  /** reading finds a file's entry and gives it, with a reader of the zip, to read. */
  private reading(path: string, read: (reader: EntryReader, entry: ZipDirEntry) => Buffer): Buffer {
    const rel = this.rel(path);
    const slash = rel === null ? -1 : rel.lastIndexOf("/");
    const file = rel === null ? undefined : this.dirs.get(slash < 0 ? "" : rel.slice(0, slash))?.find((e) => e.name === rel.slice(slash + 1));
    if (!file?.isFile()) {
      const err: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, open '${path}'`);
      err.code = "ENOENT";
      throw err;
    }
    const src = ExactSource.open(this.zipFile);
    const reader = new EntryReader(src, treeInflater);
    try {
      // Every name passed the module zip rules, valid UTF-8 among them: its bytes are those stored.
      return read(reader, file.entry(Buffer.from(this.zipPrefix + rel, "utf8")));
    } finally {
      reader.close();
      src.close();
    }
  }

  /** rel is path's slash-separated place below the root ("" for the root), or null outside it. */
  private rel(path: string): string | null {
    if (path === this.root) return "";
    if (!path.startsWith(this.prefix)) return null;
    const rel = path.slice(this.prefix.length);
    return sep === "/" ? rel : rel.split(sep).join("/");
  }

  /** dirFor is a directory's listing, made (with its parents') when new. */
  private dirFor(dir: string): TreeEntry[] {
    let listing = this.dirs.get(dir);
    if (listing) return listing;
    listing = [];
    this.dirs.set(dir, listing);
    const slash = dir.lastIndexOf("/");
    this.dirFor(slash < 0 ? "" : dir.slice(0, slash)).push(new TreeEntry(dir.slice(slash + 1), null));
    return listing;
  }
}
