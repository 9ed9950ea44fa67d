// What an import path is to go mod tidy: the standard library, a package to find in a
// module, one the loader drops ("C" and the old appengine paths), or an error worded as
// the go command words it.

import { stdPackageList } from "./std-packages.js";
import { checkImportPath } from "../module/path.js";
import { InvalidPathError } from "../module/errors.js";
import { quote } from "../text/quote.js";

let stdSet: Set<string> | null = null;

/** isStandardPackage reports whether the Go 1.26 toolchain has a standard-library package at path. */
export function isStandardPackage(path: string): boolean {
  stdSet ??= new Set(stdPackageList.split("\n"));
  return stdSet.has(path);
}

/** isStandardImportPath reports whether path looks like the standard library's (no dot in its first element). */
export function isStandardImportPath(path: string): boolean {
  const slash = path.indexOf("/");
  const first = slash < 0 ? path : path.slice(0, slash);
  return !first.includes(".");
}

/** isDroppedImport reports whether the loader ignores an import ("C", appengine). */
export function isDroppedImport(path: string): boolean {
  return path === "C" || path === "appengine" || path.startsWith("appengine/") ||
    path === "appengine_internal" || path.startsWith("appengine_internal/");
}

function isLocalPath(path: string): boolean {
  return path === "." || path === ".." || path.startsWith("./") || path.startsWith("../");
}

/**
 * importPathError returns the go command's error for an import path that cannot be
 * loaded at all, or null for a path worth resolving. The message follows the path in
 * go's output ("example.com/m imports\n\t<path>: <message>").
 */
export function importPathError(path: string): string | null {
  let known = pathErrors.get(path);
  if (known === undefined) {
    known = pathError(path);
    if (pathErrors.size >= 65536) pathErrors.clear();
    pathErrors.set(path, known);
  }
  return known;
}

/** importPathError's answers, by path: a run asks about each package's path several times (each round, each go.sum pass). */
const pathErrors = new Map<string, string | null>();

function pathError(path: string): string | null {
  if (path.includes("@")) return `import path ${quote(path)} should not have @version`;
  if (isLocalPath(path)) return `${quote(path)} is relative, but relative import paths are not supported in module mode`;
  if (path.startsWith("/")) return `${quote(path)} is not a package path; see 'go help packages'`;
  if (path === "all" || path === "std" || path === "cmd" || path === "tool" || path === "work") {
    return `${quote(path)} is not an importable package; see 'go help packages'`;
  }
  try {
    checkImportPath(path);
  } catch (e) {
    if (e instanceof InvalidPathError) return e.message;
    throw e;
  }
  return null;
}
