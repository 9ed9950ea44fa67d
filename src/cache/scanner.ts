// A Scanner layered over the tree-sitter one, answering from gotidy-ts's cache where it
// can: module-cache directories from the module index (module-index.ts), every other
// directory file by file from the scan cache of mutable directories (local-scan.ts).
// Its answers are those of the scanner below it: a cache entry only spares reading files
// whose contents it was taken from.

import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { candidateFiles, hasGoFile, scanDirectory } from "../scan/package.js";
import type { DirFiles, ScanDirOptions, ScannedPackage, Scanner } from "../scan/scanner.js";
import type { SourceScanner } from "../scan/source-scanner.js";
import { headerPrefix, type FileHeader } from "../scan/header.js";
import { decodeBytes } from "../text/utf8.js";
import type { FileStat } from "./file-stats.js";
import { FileRecord, isHeader, LocalDirEntry, prefixSum, readLocalDir, recordOf, sameStat } from "./local-scan.js";
import { LocalSnapshots } from "./local-snapshot.js";
import { ModuleIndex, modulePlace } from "./module-index.js";
import type { CacheStore } from "./store.js";

/** CacheMiss: a cache-only scanner was asked what its cache does not hold. */
export class CacheMiss extends Error {
  constructor(readonly path: string) {
    super(`not in the cache: ${path}`);
    this.name = "CacheMiss";
  }
}

export interface CachingScannerOptions {
  store: CacheStore;
  /** The module cache (GOMODCACHE): the module version directories below it are immutable. */
  moduleCache: string;
  /** The clock, in milliseconds (for the racy-timestamp rule). */
  now?: () => number;
  /** Stats of the main module's files taken a moment ago, used instead of taking them again (undefined: stat the file). */
  statOf?: (path: string) => FileStat | undefined;
  /** Module roots whose directories are kept in one snapshot entry each (local-snapshot.ts); the others each in their own. */
  roots?: readonly string[];
}

/**
 * CachingScanner is a Scanner whose cache entries are written by flush (and by close). A
 * directory outside the module cache is read once: a later call answers what the first
 * read (a scanner serves one command).
 */
export interface CachingScanner extends Scanner {
  flush(): void;
  /**
   * headerSum is, for a file of a directory outside the module cache that this scanner
   * answered, the sum of the text before its cut point its header was read from
   * (local-scan.ts's prefixSum), null when its header needed the whole file, or undefined
   * when it answered no such file.
   */
  headerSum(path: string): string | null | undefined;
}

/** sameStart is the header of a file's record when the file's text before its cut point is that the header was read from alone. */
function sameStart(r: FileRecord | undefined, text: string): { header: FileHeader; prefix: string } | null {
  if (!r?.prefix || !isHeader(r.header)) return null;
  const prefix = headerPrefix(text);
  return prefix !== null && prefixSum(prefix) === r.prefix ? { header: r.header, prefix: r.prefix } : null;
}

/** What readLocal reads and writes through: the caching scanner's own. */
interface LocalReading {
  store: CacheStore;
  now: () => number;
  statOf?: (path: string) => FileStat | undefined;
  /** Parses a file's header, with the sum of the prefix it was read from alone. */
  read: (path: string, text: string) => { header: FileHeader; prefix?: string };
  /** The sum of each file's prefix its header was read from (null: the whole file). */
  sums: Map<string, string | null>;
  /** The directories whose entries changed, written by flush. */
  pendingDirs: Map<string, LocalDirEntry>;
}

/**
 * readLocal reads a local directory through its scan cache entry, reading again only the
 * files whose stat changed; used: the stats its files were read by, in order.
 */
function readLocal(local: LocalReading, dir: string, scanOptions: ScanDirOptions, used?: FileStat[]): ScannedPackage | null {
  const old = readLocalDir(local.store, dir);
  const fresh: LocalDirEntry = { files: {} };
  let changed = false;
  const readAt = local.now();
  const readFileHeader = (path: string): FileHeader => {
    const name = basename(path);
    const st = local.statOf?.(path) ?? statSync(path);
    used?.push(st);
    const r = old.files[name];
    if (r && sameStat(r, st)) {
      fresh.files[name] = r;
      local.sums.set(path, r.prefix ?? null);
      return r.header;
    }
    const text = decodeBytes(readFileSync(path));
    const same = sameStart(r, text);
    const { header, prefix } = same ?? local.read(path, text);
    // A file too recent to be trusted by its stat keeps its old record when its header
    // is that record's: the record's sum still tells the next run that it need not parse.
    const rec = recordOf(st, header, readAt, prefix) ?? (same ? r! : null);
    if (rec) fresh.files[name] = rec;
    changed = true;
    local.sums.set(path, prefix ?? null);
    return header;
  };
  const pkg = scanDirectory(dir, readFileHeader, scanOptions);
  if (changed || Object.keys(old.files).length !== Object.keys(fresh.files).length) local.pendingDirs.set(dir, fresh);
  return pkg;
}

/**
 * cachingScanner returns a scanner answering through the cache, and through inner where
 * the cache has no answer; with inner null, such a question rejects with CacheMiss
 * (a cache-only scanner, which reads no file's contents). close flushes and closes inner.
 */
export function cachingScanner(inner: SourceScanner | null, options: CachingScannerOptions): CachingScanner {
  const { store, moduleCache } = options;
  const now = options.now ?? Date.now;
  const index = new ModuleIndex(store);
  const pendingDirs = new Map<string, LocalDirEntry>();
  const sums = new Map<string, string | null>();
  const need = (path: string): SourceScanner => {
    if (!inner) throw new CacheMiss(path);
    return inner;
  };

  /** read parses a file's header, with the sum of the prefix it was read from alone. */
  const read = (path: string, text: string): { header: FileHeader; prefix?: string } => {
    const r = need(path).readHeaderAndPrefix(text);
    return { header: r.header, prefix: r.prefix === null ? undefined : prefixSum(r.prefix) };
  };

  // What each local directory held when first read, with the number of headers read
  // (for the callers' counters): a run asks again (the result cache's look-up by imports,
  // then tidy's walk), and reads each directory once, as the go command does.
  const scannedLocal = new Map<string, { pkg: ScannedPackage | null; files: number }>();
  const scanLocal = (dir: string, scanOptions?: ScanDirOptions): ScannedPackage | null => {
    let known = scannedLocal.get(dir);
    if (!known) {
      known = snapshotted(dir, scanOptions?.entries);
      scannedLocal.set(dir, known);
    }
    if (scanOptions?.stats) scanOptions.stats.files += known.files;
    return known.pkg;
  };

  const reading: LocalReading = { store, now, statOf: options.statOf, read, sums, pendingDirs };
  const snapshots = options.roots?.length ? new LocalSnapshots(store, options.roots) : null;
  const statOf = (path: string) => options.statOf?.(path) ?? statSync(path, { throwIfNoEntry: false });
  /** snapshotted is a local directory's package from its module's snapshot, else read (and kept in the snapshot). */
  const snapshotted = (dir: string, entries?: Dirent[]): { pkg: ScannedPackage | null; files: number } => {
    const counter = { files: 0 };
    if (!snapshots) return { pkg: readLocal(reading, dir, { entries, stats: counter }), files: counter.files };
    const listed = entries ?? readdirSync(dir, { withFileTypes: true });
    const names = candidateFiles(dir, { entries: listed }).map((e) => e.name);
    const known = snapshots.lookup(dir, names, (name) => statOf(join(dir, name)));
    if (known !== undefined) return { pkg: known, files: names.length };
    const used: FileStat[] = [];
    const readAt = now();
    const pkg = readLocal(reading, dir, { entries: listed, stats: counter }, used);
    snapshots.record(dir, names, used, pkg, readAt);
    return { pkg, files: counter.files };
  };

  return {
    async scanDir(dir: string, scanOptions?: ScanDirOptions): Promise<ScannedPackage | null> {
      const found = modulePlace(moduleCache, dir);
      if (!found) return scanLocal(dir, scanOptions);
      // A directory read as go's import reader reads it (go's module index off) is another part.
      const place = scanOptions?.indexed ? found : { ...found, rel: `${found.rel}\0import reader` };
      const known = index.dir(place);
      if (known !== undefined) return known;
      const pkg = await need(dir).scanDir(dir, scanOptions);
      index.recordDir(place, pkg);
      return pkg;
    },
    async isGoDir(dir: string, goDirOptions?: { files?: DirFiles }): Promise<boolean> {
      const place = modulePlace(moduleCache, dir);
      if (!place) return hasGoFile(dir, goDirOptions?.files); // a listing: nothing to cache
      const known = index.goDir(place);
      if (known !== undefined) return known;
      const has = await need(dir).isGoDir(dir, goDirOptions);
      index.recordGoDir(place, has);
      return has;
    },
    // A cache-only scanner reads no file at all.
    readsDirFiles: inner === null || inner.readsDirFiles === true,
    headerSum: (path: string) => sums.get(path),
    flush(): void {
      index.flush();
      snapshots?.flush();
      for (const [dir, entry] of pendingDirs) store.put("dir", dir, entry);
      pendingDirs.clear();
    },
    close(): void {
      this.flush();
      inner?.close();
    },
  };
}
