// A module zip built from a repository tree, with golang.org/x/mod/zip's Create rules:
// files of nested modules, vendored packages, symbolic links and other irregular files,
// and .hg_archival.txt are left out; a malformed or colliding path, a go.mod of another
// case, or a size limit passed is an error ("create zip: ..."). The entries keep the
// order of the tree and are named "<module>@<version>/<file>".

import { FetchError } from "../errors.js";
import { maxGoMod, maxLICENSE, maxZipFile, pathClean } from "../zipfile.js";
import { writeZip } from "../zipwriter.js";
import { parseGoModFile } from "../../modfile/rules.js";
import { compareGoVersions, goLang } from "../../module/gover.js";
import { checkFilePath } from "../../module/path.js";

/** TreeFile is one entry of a tree: a path relative to the module root. */
export interface TreeFile {
  path: string;
  kind: "file" | "symlink" | "other";
  data: Buffer;
}

/** goLangOf returns the language version of a go.mod's go line ("1.24"), or "" without one. */
function goLangOf(data: Buffer): string {
  try {
    const f = parseGoModFile("go.mod", data.toString("utf8"), { lax: true });
    return f.go ? goLang(f.go.version) : "";
  } catch {
    return "";
  }
}

/** isVendoredPackage is x/mod/zip's rule for files of vendored packages, which depends on the go version. */
function isVendoredPackage(name: string, lang: string): boolean {
  const from124 = lang !== "" && compareGoVersions(lang, "1.24") >= 0;
  if (from124 && name === "vendor/modules.txt") return true;
  let i: number;
  if (name.startsWith("vendor/")) {
    i = "vendor/".length;
  } else {
    const j = name.indexOf("/vendor/");
    if (j < 0) return false;
    i = from124 ? j + "/vendor/".length : "/vendor/".length;
  }
  return name.slice(i).includes("/");
}

function parentDir(p: string): string {
  const i = p.lastIndexOf("/");
  return i < 0 ? "" : p.slice(0, i + 1);
}

/** selectFiles applies Create's checks, returning the files that go in the zip. */
export function selectFiles(files: TreeFile[]): TreeFile[] {
  const haveGoMod = new Set<string>();
  let lang = "";
  for (const f of files) {
    const base = f.path.slice(f.path.lastIndexOf("/") + 1);
    if (base.toLowerCase() !== "go.mod" || f.kind !== "file") continue;
    haveGoMod.add(parentDir(f.path));
    if (f.path === "go.mod") lang = goLangOf(f.data);
  }
  const inSubmodule = (p: string) => {
    for (let dir = parentDir(p); dir !== ""; dir = parentDir(dir.slice(0, -1))) if (haveGoMod.has(dir)) return true;
    return false;
  };
  const problems: string[] = [];
  const seen = new Set<string>();
  const fail = (p: string, why: string) => {
    if (seen.has(p)) return;
    seen.add(p);
    problems.push(`${p}: ${why}`);
  };
  const folded = new Map<string, { path: string; isDir: boolean }>();
  const collision = (p: string, isDir: boolean): string | null => {
    const key = p.toUpperCase().toLowerCase();
    const other = folded.get(key);
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`;
      if (other.isDir !== isDir) return `entry ${JSON.stringify(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${JSON.stringify(p)}`;
    } else {
      folded.set(key, { path: p, isDir });
    }
    const i = p.lastIndexOf("/");
    return i > 0 ? collision(p.slice(0, i), true) : null;
  };
  const valid: TreeFile[] = [];
  let budget = maxZipFile;
  let sizeError = "";
  for (const f of files) {
    const p = f.path;
    if (p !== pathClean(p)) { fail(p, "file path is not clean"); continue; }
    if (p.startsWith("/")) { fail(p, "file path is not relative"); continue; }
    if (isVendoredPackage(p, lang) || inSubmodule(p) || p === ".hg_archival.txt") continue;
    try {
      checkFilePath(p);
    } catch (err) {
      fail(p, (err as Error).message);
      continue;
    }
    if (p.toLowerCase() === "go.mod" && p !== "go.mod") { fail(p, "go.mod files must have lowercase names"); continue; }
    const c = collision(p, false);
    if (c) { fail(p, c); continue; }
    if (f.kind !== "file") continue;
    const size = f.data.length;
    if (size <= budget) budget -= size;
    else if (!sizeError) sizeError = `module source tree too large (max size is ${maxZipFile} bytes)`;
    if (p === "go.mod" && size > maxGoMod) { fail(p, `go.mod file too large (max size is ${maxGoMod} bytes)`); continue; }
    if (p === "LICENSE" && size > maxLICENSE) { fail(p, `LICENSE file too large (max size is ${maxLICENSE} bytes)`); continue; }
    valid.push(f);
  }
  if (sizeError) throw new FetchError(`create zip: ${sizeError}`, "zip");
  if (problems.length > 0) throw new FetchError(`create zip: ${problems.join("\n")}`, "zip");
  return valid;
}

/** createModuleZip returns the module zip of path@version made of files (selected by selectFiles). */
export function createModuleZip(path: string, version: string, files: TreeFile[]): Buffer {
  const prefix = `${path}@${version}/`;
  return writeZip(selectFiles(files).map((f) => ({ name: prefix + f.path, data: f.data })));
}
