// The index of module-cache packages: for each module@version directory of the module
// cache (immutable once extracted, as the go command's modindex assumes), the scan of each
// package directory asked about and the isGoDir answers, kept in one cache entry per
// module version (kind "module", keyed by the module's directory). A later run answers
// from the entry and reads no .go file of that module.

import { isAbsolute, join, relative, sep } from "node:path";
import type { ScannedPackage } from "../scan/scanner.js";
import type { CacheStore } from "./store.js";

/** ModuleIndexEntry: what is known of one module version's directories, by path relative to the module's root ("" for the root). */
export interface ModuleIndexEntry {
  dirs: Record<string, ScannedPackage | null>;
  goDirs: Record<string, boolean>;
}

/** The place of a directory inside the module cache: its module's root and its path below it. */
export interface ModulePlace {
  root: string;
  rel: string;
}

/**
 * modulePlace finds the module version directory dir lies in (the first path element with
 * an "@" below the module cache root), or null for a directory outside the extracted
 * modules (another place, or the download cache cache/).
 */
export function modulePlace(moduleCache: string, dir: string): ModulePlace | null {
  if (!moduleCache) return null;
  const rel = relative(moduleCache, dir);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  const elems = rel.split(sep);
  if (elems[0] === "cache") return null;
  const at = elems.findIndex((e) => e.includes("@"));
  if (at < 0) return null;
  return { root: join(moduleCache, ...elems.slice(0, at + 1)), rel: elems.slice(at + 1).join("/") };
}

function isEntry(v: unknown): v is ModuleIndexEntry {
  const e = v as ModuleIndexEntry | null;
  return typeof e === "object" && e !== null && typeof e.dirs === "object" && e.dirs !== null && typeof e.goDirs === "object" && e.goDirs !== null;
}

/** ModuleIndex holds the entries of the modules a run asked about, and writes back those it added to. */
export class ModuleIndex {
  private readonly entries = new Map<string, ModuleIndexEntry>();
  private readonly dirty = new Set<string>();

  constructor(private readonly store: CacheStore) {}

  /** entry returns the module's entry (read from the store once, empty when it has none). */
  entry(root: string): ModuleIndexEntry {
    let e = this.entries.get(root);
    if (!e) {
      const stored = this.store.get("module", root);
      // A copy: the store's entry is not changed by what this run adds.
      e = isEntry(stored) ? { dirs: { ...stored.dirs }, goDirs: { ...stored.goDirs } } : { dirs: {}, goDirs: {} };
      this.entries.set(root, e);
    }
    return e;
  }

  recordDir(p: ModulePlace, pkg: ScannedPackage | null): void {
    this.entry(p.root).dirs[p.rel] = pkg;
    this.dirty.add(p.root);
  }

  recordGoDir(p: ModulePlace, has: boolean): void {
    this.entry(p.root).goDirs[p.rel] = has;
    this.dirty.add(p.root);
  }

  /** flush writes the entries added to, merged with what another process wrote meanwhile. */
  flush(): void {
    for (const root of this.dirty) {
      const mine = this.entries.get(root)!;
      const stored = this.store.get("module", root, true);
      const theirs = isEntry(stored) ? stored : { dirs: {}, goDirs: {} };
      this.store.put("module", root, { dirs: { ...theirs.dirs, ...mine.dirs }, goDirs: { ...theirs.goDirs, ...mine.goDirs } });
    }
    this.dirty.clear();
  }
}
