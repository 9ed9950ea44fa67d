// Finding the module that provides an imported package, as the go command does: for each
// prefix of the import path (longest first), the module at that path (at its root version
// in a first pass over a pruned graph, at its selected version in the full graph) provides
// the package if the package's directory in that module holds a .go file. One module:
// resolved; several: ambiguous; none after the full graph: missing.

import { statSync } from "node:fs";
import { join } from "node:path";
import { isStandardImportPath, isStandardPackage } from "../scan/imports.js";
import { ModuleError } from "../module/errors.js";
import type { ModuleVersion } from "../module/version.js";

export class AmbiguousImportError extends Error {
  constructor(readonly importPath: string, readonly found: { mod: ModuleVersion; dir: string }[]) {
    super(`ambiguous import: found package ${importPath} in multiple modules:` +
      found.map((f) => `\n\t${f.mod.path}${f.mod.version ? " " + f.mod.version : ""} (${f.dir})`).join(""));
    this.name = "AmbiguousImportError";
  }
}

/**
 * ImportMissingError: no module provides an imported package; its cause, when there is
 * one, is the error of the query for a module that could (go's QueryErr).
 */
export class ImportMissingError extends Error {
  declare readonly cause?: Error;

  constructor(readonly importPath: string, readonly isStd: boolean, queryError: Error | null = null, goroot = "") {
    super(isStd
      ? `package ${importPath} is not in std (${join(goroot || "$GOROOT", "src", importPath)})`
      : queryError
        ? `cannot find module providing package ${importPath}: ${queryError.message}`
        : `cannot find module providing package ${importPath}`, queryError ? { cause: queryError } : undefined);
    this.name = "ImportMissingError";
  }
}

export interface Resolved {
  /** The providing module; path "" for the standard library. */
  mod: ModuleVersion;
  dir: string;
  /** The directory is in a local tree (the main module, a directory replacement), not the module cache. */
  local?: boolean;
  /** Other modules whose paths are prefixes of the import path (they could have provided it). */
  alternatives: ModuleVersion[];
}

export interface ResolverSource {
  mainPath: string;
  /** Version of a path among the roots ("" for the main module), or undefined. */
  rootVersion(path: string): string | undefined;
  /** Selected version in the full graph ("none" when absent). */
  selectedVersion(path: string): Promise<string>;
  /** Whether the first pass (roots only) applies: pruned graphs. */
  pruned: boolean;
  /** The directory of a module version, and whether it is a local tree (main module, directory replacement). */
  moduleDir(m: ModuleVersion): Promise<{ dir: string; local: boolean }>;
  /** Called for the resolved module (the go command reads its go.mod then). */
  checkResolved?(m: ModuleVersion): Promise<void>;
  /** Whether a directory holds a .go file (a Scanner's isGoDir): whether a module provides a package there. */
  isGoDir(dir: string): Promise<boolean>;
}

function hasGoModFile(dir: string): boolean {
  try {
    return statSync(join(dir, "go.mod")).isFile();
  } catch {
    return false;
  }
}

/**
 * dirInModule returns the package's directory in a module, and whether it holds Go files
 * (by isGoDir), or null when the module cannot hold it.
 */
export async function dirInModule(
  path: string, modPath: string, modDir: string, local: boolean, isGoDir: (dir: string) => Promise<boolean>,
): Promise<{ dir: string; hasGoFiles: boolean } | null> {
  let dir: string;
  if (path === modPath) dir = modDir;
  else if (path.startsWith(modPath + "/")) dir = join(modDir, ...path.slice(modPath.length + 1).split("/"));
  else return null;
  if (local) {
    // A nested module owns everything below its go.mod.
    for (let d = dir; d !== modDir && d.length > modDir.length; d = join(d, "..")) {
      if (hasGoModFile(d)) return { dir, hasGoFiles: false };
    }
  }
  return { dir, hasGoFiles: await isGoDir(dir) };
}

/** resolveImport finds the module providing path. */
export async function resolveImport(path: string, src: ResolverSource): Promise<Resolved> {
  const std = isStandardImportPath(path);
  if (std && isStandardPackage(path)) return { mod: { path: "", version: "" }, dir: "", alternatives: [] };
  for (const pass of src.pruned ? ["roots", "graph"] : ["graph"]) {
    const found: { mod: ModuleVersion; dir: string; local: boolean }[] = [];
    const alternatives: ModuleVersion[] = [];
    for (let prefix = path; prefix !== "."; prefix = parentPath(prefix)) {
      if (prefix === "go" || prefix === "toolchain") continue;
      const v = pass === "roots"
        ? (prefix === src.mainPath ? "" : src.rootVersion(prefix))
        : (prefix === src.mainPath ? "" : await src.selectedVersion(prefix));
      if (v === undefined || v === "none") continue;
      const m = { path: prefix, version: v };
      const { dir: root, local } = await src.moduleDir(m);
      const d = await dirInModule(path, m.path, root, local, (dir) => src.isGoDir(dir));
      if (d?.hasGoFiles) found.push({ mod: m, dir: d.dir, local });
      else alternatives.push(m);
    }
    if (found.length > 1) throw new AmbiguousImportError(path, found.reverse());
    if (found.length === 1) {
      if (found[0].mod.path !== src.mainPath) await src.checkResolved?.(found[0].mod);
      return { mod: found[0].mod, dir: found[0].dir, local: found[0].local, alternatives };
    }
  }
  throw new ImportMissingError(path, std);
}

function parentPath(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "." : p.slice(0, i);
}

export { ModuleError };
