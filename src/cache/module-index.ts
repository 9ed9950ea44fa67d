// The index of module-cache packages: for each module@version directory of the module
// cache (immutable once extracted, as the go command's modindex assumes), the scan of each
// package directory asked about and the isGoDir answers, kept in one parted cache entry
// per module version (kind "module", keyed by the module's directory): the isGoDir
// answers in its data, each package directory's scan a part of its own, named by the
// directory's path relative to the module's root ("" for the root). A later run answers
// from the entry, decoding only the packages it asks for, and reads no .go file of that
// module.

import { isAbsolute, join, relative, sep } from "node:path";
import type { GoFile, ScannedPackage } from "../scan/scanner.js";
import type { CacheStore, PartedEntry } from "./store.js";

/** The place of a directory inside the module cache: its module's root and its path below it. */
export interface ModulePlace {
  root: string;
  rel: string;
}

// A path element "." or "..", or an empty one: what path.join would not have left.
const unclean = /(^|\/)\.\.?(\/|$)|\/\/|\/$/;

/**
 * modulePlace finds the module version directory dir lies in (the first path element with
 * an "@" below the module cache root), or null for a directory outside the extracted
 * modules (another place, or the download cache cache/).
 */
export function modulePlace(moduleCache: string, dir: string): ModulePlace | null {
  if (!moduleCache) return null;
  // The common case, a clean path below the root, without resolving either.
  const prefix = moduleCache + sep;
  if (sep === "/" && dir.startsWith(prefix) && !unclean.test(moduleCache) && !unclean.test(dir.slice(prefix.length))) {
    const rel = dir.slice(prefix.length);
    if (rel === "cache" || rel.startsWith("cache/")) return null;
    const at = rel.indexOf("@");
    if (at < 0) return null;
    const end = rel.indexOf("/", at);
    return end < 0 ? { root: dir, rel: "" } : { root: dir.slice(0, prefix.length + end), rel: rel.slice(end + 1) };
  }
  // Nor for a clean absolute path elsewhere (a main module's directories), which could
  // only be below the root by a symbolic link, not followed here either.
  if (sep === "/" && dir !== moduleCache && dir.startsWith("/") && moduleCache.startsWith("/") && !unclean.test(moduleCache) && !unclean.test(dir)) return null;
  const rel = relative(moduleCache, dir);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return null;
  const elems = rel.split(sep);
  if (elems[0] === "cache") return null;
  const at = elems.findIndex((e) => e.includes("@"));
  if (at < 0) return null;
  return { root: join(moduleCache, ...elems.slice(0, at + 1)), rel: elems.slice(at + 1).join("/") };
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === "string");

function isGoFiles(v: unknown): v is GoFile[] {
  return Array.isArray(v) && v.every((f) => typeof f === "object" && f !== null && typeof (f as GoFile).name === "string" &&
    typeof (f as GoFile).packageName === "string" && isStrings((f as GoFile).imports));
}

/** isPackage tells whether a stored part has the shape of a directory's scan (or null: no Go files). */
/** isPackage tells whether a stored value has the shape of a scan (null: no Go files). */
export function isPackage(v: unknown): v is ScannedPackage | null {
  if (v === null) return true;
  const p = v as ScannedPackage;
  return typeof p === "object" && typeof p.dir === "string" && isStrings(p.names) && isGoFiles(p.goFiles) && isGoFiles(p.testGoFiles) &&
    isGoFiles(p.xTestGoFiles) && isStrings(p.imports) && isStrings(p.testImports) && isStrings(p.xTestImports) &&
    typeof p.cgo === "boolean" && (p.error === null || typeof p.error === "string");
}

/** goDirsOf is a copy of the isGoDir answers an entry holds (none: empty). */
function goDirsOf(e: PartedEntry | undefined): Record<string, boolean> {
  const out: Record<string, boolean> = Object.create(null) as Record<string, boolean>; // a directory may be named "__proto__"
  const d = (e?.data as { goDirs?: unknown } | undefined)?.goDirs;
  if (typeof d !== "object" || d === null) return out;
  for (const [k, v] of Object.entries(d)) if (typeof v === "boolean") out[k] = v;
  return out;
}

/** What a run knows of one module version: its stored entry, what it decoded of it, and what it added. */
interface ModuleEntry {
  stored: PartedEntry | undefined;
  goDirs: Record<string, boolean>;
  dirs: Map<string, ScannedPackage | null>;
  addedDirs: Map<string, string>;
  addedGoDirs: Record<string, boolean>;
}

/** ModuleIndex holds the entries of the modules a run asked about, and writes back those it added to. */
export class ModuleIndex {
  private readonly entries = new Map<string, ModuleEntry>();
  private readonly dirty = new Set<string>();

  constructor(private readonly store: CacheStore) {}

  private entry(root: string): ModuleEntry {
    let e = this.entries.get(root);
    if (!e) {
      const stored = this.store.getParts("module", root);
      e = { stored, goDirs: goDirsOf(stored), dirs: new Map(), addedDirs: new Map(), addedGoDirs: goDirsOf(undefined) };
      this.entries.set(root, e);
    }
    return e;
  }

  /** dir is the stored scan of a package directory (null: no Go files), or undefined when the index does not hold it. */
  dir(p: ModulePlace): ScannedPackage | null | undefined {
    const e = this.entry(p.root);
    if (e.dirs.has(p.rel)) return e.dirs.get(p.rel);
    const pkg = e.stored?.part(p.rel);
    if (pkg === undefined || !isPackage(pkg)) return undefined;
    e.dirs.set(p.rel, pkg);
    return pkg;
  }

  /** goDir is the stored isGoDir answer for a directory, or undefined. */
  goDir(p: ModulePlace): boolean | undefined {
    const e = this.entry(p.root);
    return Object.hasOwn(e.goDirs, p.rel) ? e.goDirs[p.rel] : undefined;
  }

  recordDir(p: ModulePlace, pkg: ScannedPackage | null): void {
    const e = this.entry(p.root);
    e.dirs.set(p.rel, pkg);
    e.addedDirs.set(p.rel, JSON.stringify(pkg));
    this.dirty.add(p.root);
  }

  recordGoDir(p: ModulePlace, has: boolean): void {
    const e = this.entry(p.root);
    e.goDirs[p.rel] = has;
    e.addedGoDirs[p.rel] = has;
    this.dirty.add(p.root);
  }

  /** flush writes the entries added to, merged with what another process wrote meanwhile. */
  flush(): void {
    for (const root of this.dirty) {
      const mine = this.entries.get(root)!;
      const theirs = this.store.getParts("module", root, true);
      const parts = new Map<string, string>();
      for (const from of [mine.stored, theirs]) {
        for (const name of from?.names() ?? []) parts.set(name, from!.text(name)!);
      }
      for (const [name, text] of mine.addedDirs) parts.set(name, text);
      const goDirs = Object.assign(goDirsOf(mine.stored), goDirsOf(theirs), mine.addedGoDirs);
      mine.stored = this.store.putParts("module", root, { goDirs }, parts);
      mine.addedDirs.clear();
      mine.addedGoDirs = goDirsOf(undefined);
    }
    this.dirty.clear();
  }
}
