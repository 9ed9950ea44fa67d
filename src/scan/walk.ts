// The packages of a main module, found as go mod tidy walks its directory tree:
// directories named testdata or starting with "." or "_" are skipped with everything
// below them, as are directories the ignore directive names and nested modules (a
// subdirectory holding a go.mod file); vendor directories are packages themselves but
// are not entered; symbolic links to directories are not followed. Each directory is
// read by the scanner passed in.

import { readdirSync, statSync, Dirent } from "node:fs";
import { join, normalize, sep } from "node:path";
import { IgnorePatterns } from "./ignore.js";
import type { ScannedPackage, Scanner } from "./scanner.js";
import { compareBytes } from "../text/unicode.js";

export interface ModulePackage extends ScannedPackage {
  importPath: string;
}

export interface WalkOptions {
  /** ignore directives of the module's go.mod. */
  ignore?: string[];
  /** Called for each directory skipped by an ignore directive (the go command's -x line). */
  onIgnored?: (dir: string) => void;
  /** Counters updated during the walk. */
  stats?: ScanStats;
  /** Directories listed a moment ago (by the walk that found the module), read instead of listing them again. */
  listings?: ReadonlyMap<string, Dirent[]>;
}

export interface ScanStats {
  directories: number;
  /** .go files whose header was read. */
  files: number;
}

/** hasGoMod reports whether a directory listing holds a go.mod file (following a symbolic link). */
function hasGoMod(dir: string, entries: Dirent[]): boolean {
  const e = entries.find((x) => x.name === "go.mod");
  if (!e) return false;
  if (e.isFile()) return true;
  if (!e.isSymbolicLink()) return false;
  try {
    return statSync(join(dir, "go.mod")).isFile();
  } catch {
    return false;
  }
}

/**
 * scanModule returns the packages of the module rooted at root with path modulePath,
 * sorted by import path, each directory read by scanner.
 */
export async function scanModule(scanner: Scanner, root: string, modulePath: string, options: WalkOptions = {}): Promise<ModulePackage[]> {
  const ignore = new IgnorePatterns(options.ignore ?? []);
  const found: ModulePackage[] = [];
  const visit = async (dir: string, rel: string) => {
    let entries: Dirent[] | undefined = options.listings?.get(dir);
    try {
      entries ??= readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    // A subdirectory with its own go.mod is another module.
    if (rel !== "" && hasGoMod(dir, entries)) return;
    if (options.stats) options.stats.directories++;
    const pkg = await scanner.scanDir(dir, { entries, stats: options.stats });
    if (pkg) found.push({ ...pkg, importPath: rel ? `${modulePath}/${rel}` : modulePath });
    const elem = rel.slice(rel.lastIndexOf("/") + 1);
    if (elem === "vendor") return;
    // join(dir, name), without normalizing what is normal already (below the root, every
    // directory is a join's result, and a listed name is never "." or "..").
    const base = rel === "" ? normalize(dir) : dir;
    const prefix = base === "." ? "" : base.endsWith(sep) ? base : base + sep;
    for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => compareBytes(a.name, b.name))) {
      const name = e.name;
      if (name.startsWith(".") || name.startsWith("_") || name === "testdata") continue;
      const childRel = rel ? `${rel}/${name}` : name;
      const child = prefix + name;
      if (ignore.ignores(childRel)) {
        options.onIgnored?.(child);
        continue;
      }
      await visit(child, childRel);
    }
  };
  await visit(root, "");
  return found.sort((a, b) => compareBytes(a.importPath, b.importPath));
}
