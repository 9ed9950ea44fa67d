// The checks the go command makes of a module zip before using it (golang.org/x/mod/zip):
// every entry must lie under "<module>@<version>/", have a clean, valid file path, and not
// collide (case-insensitively) with another; go.mod may only be at the root; sizes are
// bounded. So no entry can be written outside its module directory. Names are compared
// as Go's strings.EqualFold compares them (foldKey).

import { ZipError } from "./errors.js";
import { checkFilePath } from "../module/path.js";
import { InvalidPathError } from "../module/errors.js";
import type { ZipDirEntry } from "../modfile/zipread.js";
import { decodeBytes } from "../text/utf8.js";
import { foldKey } from "../text/unicode.js";

export const maxZipFile = 500 << 20;
export const maxGoMod = 16 << 20;
export const maxLICENSE = 16 << 20;

/** A file of a module zip that passed the checks. */
export interface ModuleZipFile {
  /** The name inside the module directory ("dir/file.go"). */
  name: string;
  entry: ZipDirEntry;
}

/** pathClean is Go's path.Clean: the shortest equivalent slash path. */
export function pathClean(p: string): string {
  if (p === "") return ".";
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const elem of p.split("/")) {
    if (elem === "" || elem === ".") continue;
    if (elem === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(elem);
  }
  const joined = out.join("/");
  if (rooted) return "/" + joined;
  return joined === "" ? "." : joined;
}

class CollisionChecker {
  private readonly seen = new Map<string, { path: string; isDir: boolean }>();

  check(p: string, isDir: boolean): string | null {
    const key = foldKey(p);
    const other = this.seen.get(key);
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`;
      if (other.isDir !== isDir) return `entry ${JSON.stringify(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${JSON.stringify(p)}`;
    } else {
      this.seen.set(key, { path: p, isDir });
    }
    const slash = p.lastIndexOf("/");
    return slash > 0 ? this.check(p.slice(0, slash), true) : null;
  }
}

/** checkZipPrefix is the go command's first check of a downloaded zip: every entry under "<module>@<version>/". */
export function checkZipPrefix(entries: readonly ZipDirEntry[], path: string, version: string): void {
  const prefix = `${path}@${version}/`;
  for (const e of entries) {
    const name = decodeBytes(e.rawName);
    if (!name.startsWith(prefix)) throw new ZipError(`zip for ${path}@${version} has unexpected file ${name}`);
  }
}

/** nameProblem is what is wrong with one entry's name inside the module ("" for the module directory itself: skipped). */
function nameProblem(name: string, isDir: boolean, collisions: CollisionChecker): string | null {
  if (pathClean(name) !== name) return "file path is not clean";
  try {
    checkFilePath(name);
  } catch (err) {
    return err instanceof InvalidPathError ? err.message : String(err);
  }
  const collision = collisions.check(name, isDir);
  if (collision) return collision;
  if (isDir) return null;
  const base = name.slice(name.lastIndexOf("/") + 1);
  if (base.toLowerCase() === "go.mod") {
    if (base !== name) return "go.mod file not in module root directory";
    if (name !== "go.mod") return "go.mod files must have lowercase names";
  }
  return null;
}

/**
 * moduleZipFiles checks a module zip's entries and returns its files, or throws a
 * ZipError with the go command's text (one line per bad entry: "NAME: reason").
 */
export function moduleZipFiles(entries: readonly ZipDirEntry[], path: string, version: string, zipSize: number): ModuleZipFile[] {
  if (zipSize > maxZipFile) {
    throw new ZipError(`module zip file is too large (${zipSize} bytes; limit is ${maxZipFile} bytes)`);
  }
  const prefix = `${path}@${version}/`;
  const problems: string[] = [];
  const collisions = new CollisionChecker();
  const files: ModuleZipFile[] = [];
  let total = 0;
  let sizeError: string | null = null;
  for (const e of entries) {
    // Undecodable bytes stay recognisable (see decodeBytes), so the file path check
    // rejects them as "invalid UTF-8" as the go command does.
    const fullName = decodeBytes(e.rawName);
    if (!fullName.startsWith(prefix)) {
      problems.push(`${fullName}: path does not have prefix ${JSON.stringify(prefix)}`);
      continue;
    }
    let name = fullName.slice(prefix.length);
    if (name === "") continue;
    const isDir = name.endsWith("/");
    if (isDir) name = name.slice(0, -1);
    const problem = nameProblem(name, isDir, collisions);
    if (problem) {
      problems.push(`${fullName}: ${problem}`);
      continue;
    }
    if (isDir) continue;
    const size = e.uncompressedSize;
    if (maxZipFile - total >= size) total += size;
    else sizeError ??= `total uncompressed size of module contents too large (max size is ${maxZipFile} bytes)`;
    if (name === "go.mod" && size > maxGoMod) {
      problems.push(`${fullName}: go.mod file too large (max size is ${maxGoMod} bytes)`);
      continue;
    }
    if (name === "LICENSE" && size > maxLICENSE) {
      problems.push(`${fullName}: LICENSE file too large (max size is ${maxLICENSE} bytes)`);
      continue;
    }
    files.push({ name, entry: e });
  }
  if (sizeError || problems.length > 0) throw new ZipError(sizeError ?? problems.join("\n"));
  return files;
}
