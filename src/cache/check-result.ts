// The result cache of --check: a module found tidy is tidy again as long as nothing tidy
// reads has changed, so a later --check answers from the cache without loading the Go
// parser, the module graph or the network client.
//
// A result is stored under two keys (see checkKeys), each the SHA-256 of:
//   - the store's tag: the gotidy-ts version and the cache schema version;
//   - the module root's absolute path;
//   - the bytes of go.mod and go.sum (absent: empty);
//   - every resolved setting (GOFLAGS, GOPROXY, GOPRIVATE, GONOPROXY, GONOSUMDB, GOSUMDB,
//     GOINSECURE, GOWORK, GOTOOLCHAIN, GOMODCACHE, GOROOT, ... and the environment-only
//     ones) and the command line's -e, -go, -compat, --offline and -q;
//   - the main module as tidy walks it (the ignore directives applied): for the first key,
//     the size, times and inode of every .go file (nothing but a walk and stats); for the
//     second, each package's import path, package names, imports, test imports, external
//     test imports, cgo use and error, read from the scan cache (a file not in it, or
//     changed since, means no key: the run goes the long way and refreshes the cache;
//     but a file changed after its cut point only, as by an edit of a function body, has
//     the header its record holds: src/cache/local-scan.ts), which an edit that changes
//     no import leaves as it was;
//   - for each directory replacement in go.mod: its go.mod bytes and the size,
//     modification time, change time and inode of every .go file tidy's walk would see
//     (any edit there changes the key: tidy may read any of its packages).
// A run may store its key only when it concluded tidy and printed nothing, and no file
// of the key was modified within the racy window of the time the key was taken; its stat
// key only when the stat key taken before the run is the same (no file changed while it
// ran: a run longer than the racy window would otherwise store its answer under the stats
// of files it never read).
// An entry holds the answer (tidy), the requirements the run found unused (its -v
// "unused" lines) and, when the run made no request and took everything from the module
// cache, the module-cache files it read: while they are all there, a full run would read
// them again and neither download nor request anything, so the modes whose output shows
// downloads and requests (-v, -x, --json) may be answered from the entry too.
// The import key is found without reading the scan cache's entry of every directory when
// the files are those it was last taken from, or differ only after their cut points
// (key-files.ts): after an edit of a function body, only the files that changed are read.
// What the keys take from go.mod besides its bytes (the module path, the ignore
// directives, the directory replacements) is kept in the store under the hash of its text,
// so that a key is taken without parsing a go.mod seen before.
// What is not in the key is the module cache: its module versions never change, and one
// that was removed is downloaded again by a full run (with --offline, where that would be
// an error, the cache still answers "tidy").

import { createHash } from "node:crypto";
import { readFileSync, statSync, type Dirent } from "node:fs";
import { join, resolve, sep } from "node:path";
import { isDirectoryPath, parseGoModFile } from "../modfile/index.js";
import type { ScanDirOptions, ScannedPackage, Scanner } from "../scan/scanner.js";
import { scanModule } from "../scan/walk.js";
import { type FileStat, StatList } from "./file-stats.js";
import { keyFromFiles, recordKeyFiles } from "./key-files.js";
import { racyWindow } from "./local-scan.js";
import { CacheMiss, type CachingScanner, cachingScanner } from "./scanner.js";
import type { CacheStore } from "./store.js";

/** What of a --check run, besides the files, its result depends on. */
export interface CheckInputs {
  root: string;
  settings: Record<string, string>;
  flags: { allowErrors: boolean; goVersion?: string; compatVersion?: string; offline: boolean; quiet: boolean };
  moduleCache: string;
  /** The directories the walk that found the module listed, for the stat key's walk (see scanModule). */
  listings?: ReadonlyMap<string, Dirent[]>;
  /** A walk of the module's files taken a moment ago (its listings and stats), taken again otherwise. */
  walk?: ModuleWalk;
}

/**
 * ModuleWalk is what the stat key's walk of a module saw: each directory's listing, and
 * each .go file's stat, taken by takenAt (the clock its racy-window rule was applied at).
 */
export interface ModuleWalk {
  root: string;
  listings: ReadonlyMap<string, Dirent[]>;
  statOf(path: string): FileStat | undefined;
  takenAt: number;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function readOr(path: string, fallback: string | null): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return fallback;
  }
}

/** What a walk of statLister saw: each directory's listing. */
interface Seen {
  listings: Map<string, Dirent[]>;
}

/**
 * statLister is a Scanner for the walk alone: it adds each .go file's stat to out and
 * reports no package; with seen, it keeps the listings.
 */
function statLister(out: StatList, seen?: Seen, statOf?: (path: string) => FileStat | undefined): Scanner {
  return {
    async scanDir(dir: string, options?: ScanDirOptions): Promise<ScannedPackage | null> {
      const prefix = dir.endsWith(sep) ? dir : dir + sep;
      const entries = options?.entries ?? ([] as Dirent[]);
      seen?.listings.set(dir, entries);
      for (const e of entries) {
        if (!e.name.endsWith(".go")) continue;
        const path = prefix + e.name;
        const st = statOf?.(path) ?? statSync(path, { throwIfNoEntry: false });
        if (st) out.add(path, st);
      }
      return null;
    },
    isGoDir: async () => false,
    close: () => undefined,
  };
}

function packageFacts(p: ScannedPackage & { importPath: string }) {
  return [p.importPath, p.names, p.imports, p.testImports, p.xTestImports, p.cgo, p.error];
}

/** The parts of both keys besides the main module's packages, or null when go.mod cannot be read or a file is too recent. */
interface Common {
  parts: unknown[];
  /** The digest of parts. */
  digest: string;
  ignore: string[];
  modulePath: string;
}

/** What the keys take from go.mod besides its bytes: the module path, the ignore directives, the directory replacements ([new, old] paths). */
interface GoModFacts {
  modulePath: string;
  ignore: string[];
  replaced: [string, string][];
}

const isFacts = (v: unknown): v is GoModFacts => {
  const f = v as GoModFacts | null;
  return typeof f === "object" && f !== null && typeof f.modulePath === "string" && isStrings(f.ignore) &&
    Array.isArray(f.replaced) && f.replaced.every((r) => isStrings(r) && r.length === 2);
};

/**
 * goModFacts reads the facts of a go.mod's text, or null when it does not parse. They are
 * kept in the store under the text's hash (the parse depends on nothing else), so that a
 * key is taken without parsing a go.mod seen before.
 */
function goModFacts(store: CacheStore, file: string, text: string): GoModFacts | null {
  const key = `go.mod ${createHash("sha256").update(text).digest("hex")}`;
  const stored = store.get("check", key);
  if (isFacts(stored)) return stored;
  let parsed;
  try {
    parsed = parseGoModFile(file, text, { lax: false });
  } catch {
    return null;
  }
  const facts: GoModFacts = {
    modulePath: parsed.module?.mod.path ?? "",
    ignore: parsed.ignore.map((i) => i.path),
    replaced: parsed.replace.filter((r) => r.new.version === "" && isDirectoryPath(r.new.path)).map((r) => [r.new.path, r.old.path]),
  };
  store.put("check", key, facts);
  return facts;
}

const digest = (parts: unknown[]) => createHash("sha256").update(JSON.stringify(parts)).digest("hex");

async function commonParts(store: CacheStore, inputs: CheckInputs, now: number): Promise<Common | null> {
  const goMod = readOr(join(inputs.root, "go.mod"), null);
  if (goMod === null) return null;
  const facts = goModFacts(store, join(inputs.root, "go.mod"), goMod);
  if (!facts) return null;
  let newest = 0;
  const replaced: unknown[] = [];
  for (const [newPath, oldPath] of facts.replaced) {
    const dir = resolve(inputs.root, newPath);
    const stats = new StatList();
    await scanModule(statLister(stats), dir, oldPath);
    newest = Math.max(newest, stats.newest);
    replaced.push([newPath, readOr(join(dir, "go.mod"), null), stats.digest()]);
  }
  if (newest + racyWindow > now) return null;
  const parts = [
    store.tag, inputs.root, goMod, readOr(join(inputs.root, "go.sum"), ""), Object.entries(inputs.settings).sort(),
    inputs.flags.allowErrors, inputs.flags.goVersion ?? "", inputs.flags.compatVersion ?? "", inputs.flags.offline, inputs.flags.quiet, replaced,
  ];
  return { parts, digest: digest(parts), ignore: facts.ignore, modulePath: facts.modulePath };
}

/** The keys of a --check run: by the main module's file stats (quick), and by its packages' imports. */
export interface CheckKeys {
  /** The module path go.mod declares. */
  modulePath: string;
  byStat: string | null;
  /** With scanner (a caching scanner over a parser), changed files are parsed instead of making the key null. */
  byImports: (scanner?: CachingScanner) => Promise<string | null>;
  /** The walk the stat key was taken from. */
  walk: ModuleWalk;
  /** The digest of the keys' parts besides the main module's files (go.mod, go.sum, the settings and flags, the directory replacements). */
  common: string;
  /**
   * The import key the first look-up with a scanner took, from the walk's listings and
   * what that scanner read (so the key of what a run given the same scanner and listings
   * reads), or undefined when there was none such.
   */
  scanned?: string | null;
}

/** commonDigest is the digest of the parts of a module's keys besides its files (CheckKeys.common), or null (see checkKeys). */
export async function commonDigest(store: CacheStore, inputs: CheckInputs, now = Date.now()): Promise<string | null> {
  return (await commonParts(store, inputs, now))?.digest ?? null;
}

/**
 * checkKeys computes the keys of a --check run (see the file comment), or null when go.mod
 * cannot be read or parsed or a file of a directory replacement is too recent. byStat,
 * which reads no cache entry, holds the stat of every main-module .go file instead of its
 * packages (null when one is too recent); byImports is null when a main-module file is
 * not in the scan cache.
 */
export async function checkKeys(store: CacheStore, inputs: CheckInputs, now = Date.now()): Promise<CheckKeys | null> {
  // A walk taken a moment ago stands for this one, at the time it was taken.
  const earlier = inputs.walk?.root === inputs.root ? inputs.walk : undefined;
  if (earlier) now = earlier.takenAt;
  const common = await commonParts(store, inputs, now);
  if (!common) return null;
  const stats = new StatList();
  const seen: Seen = { listings: new Map() };
  await scanModule(statLister(stats, seen, earlier ? (p) => earlier.statOf(p) : undefined), inputs.root, common.modulePath, {
    ignore: common.ignore, listings: earlier?.listings ?? inputs.listings,
  });
  const byStat = stats.newest + racyWindow > now ? null : digest(["stat", ...common.parts, stats.digest()]);
  // The first look-up by imports takes what the stat key's walk saw a moment ago (a file
  // changed since is one the stat key does not answer for either); later ones look again.
  let fresh: Seen | null = seen;
  const byImports = async (given?: CachingScanner) => {
    const before = fresh;
    fresh = null;
    if (before && !given) {
      let edited = false;
      const key = keyFromFiles(store, inputs.root, common.digest, stats, now, () => (edited = true));
      if (key) return key;
      // A header edited since the entry was taken: the scan cache, which the runs that
      // take the entry also fill, holds the old header as well, so the cache alone cannot
      // give the key and reading every directory's entry to find that out is spared (on
      // k8s.io/client-go, about 100 ms). A tidy run (which fills the scan cache and takes
      // no key) between the edit and the --check is the exception: the full run then
      // answers what this look-up might have.
      if (edited) return null;
    }
    // The cache alone: its records of files read again (their stats changed, their
    // headers not) are written back, so that the next run does not read them again.
    const own = given ? null : cachingScanner(null, { store, moduleCache: inputs.moduleCache, statOf: before ? (p) => stats.statOf(p) : undefined, roots: [inputs.root] });
    const scanner = given ?? own!;
    let key: string;
    try {
      const packages = await scanModule(scanner, inputs.root, common.modulePath, { ignore: common.ignore, listings: before?.listings });
      own?.flush();
      key = digest(["imports", ...common.parts, packages.map(packageFacts)]);
    } catch (e) {
      if (e instanceof CacheMiss) return null;
      throw e;
    }
    if (before) recordKeyFiles(store, inputs.root, common.digest, stats, now, key, (p) => scanner.headerSum(p));
    if (before && given) keys.scanned = key;
    return key;
  };
  const walk: ModuleWalk = { root: inputs.root, listings: seen.listings, statOf: (p) => stats.statOf(p), takenAt: now };
  const keys: CheckKeys = { modulePath: common.modulePath, byStat, byImports, walk, common: common.digest };
  return keys;
}

/** A module-cache file a run read: the module, its version, and which file ("info", "mod", "zip", "dir": the extracted tree). */
export type ModuleCacheFile = [module: string, version: string, file: string];

/** What a --check run that concluded tidy stored. */
export interface CheckAnswer {
  /** The requirements it found unused, sorted (null in an entry of an earlier run that did not keep them). */
  unused: string[] | null;
  /** The module-cache files it read, when it made no request and downloaded nothing (else null). */
  moduleFiles: ModuleCacheFile[] | null;
}

/** storedAnswer is the answer stored under this key, or null when no run with this key concluded tidy. */
export function storedAnswer(store: CacheStore, key: string | null): CheckAnswer | null {
  if (key === null) return null;
  const data = store.get("check", key) as { tidy?: unknown; unused?: unknown; moduleFiles?: unknown } | undefined;
  if (data?.tidy !== true) return null;
  const files = data.moduleFiles;
  const moduleFiles = Array.isArray(files) && files.every((f) => isStrings(f) && f.length === 3) ? (files as ModuleCacheFile[]) : null;
  return { unused: isStrings(data.unused) ? data.unused : null, moduleFiles };
}

/** recordAnswer stores that the run with this key concluded tidy, with what it found. */
export function recordAnswer(store: CacheStore, key: string, answer: CheckAnswer): void {
  store.put("check", key, { tidy: true, unused: answer.unused, moduleFiles: answer.moduleFiles });
}

/**
 * lookupAnswer is the answer stored for a module's keys, and the key it was stored under,
 * or null. Without scanner, by the stat key first, else by the import key from the scan
 * cache alone; with a caching scanner over the parser (after a miss without one), by the
 * import key only, the files changed since they were cached parsed (and the scan cache
 * flushed). An answer found by the import key is stored under the stat key too, so that
 * the next run with the same files finds it by their stats.
 */
export async function lookupAnswer(store: CacheStore, keys: CheckKeys, scanner?: CachingScanner): Promise<{ answer: CheckAnswer; key: string } | null> {
  if (!scanner) {
    const byStat = storedAnswer(store, keys.byStat);
    if (byStat) return { answer: byStat, key: keys.byStat! };
  }
  const key = await keys.byImports(scanner);
  scanner?.flush();
  const answer = storedAnswer(store, key);
  if (!answer || !key) return null;
  if (keys.byStat) recordAnswer(store, keys.byStat, answer);
  return { answer, key };
}
