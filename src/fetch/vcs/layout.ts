// Where a module lives in its repository at a version (cmd/go's codeRepo.findDir): the
// module directory's go.mod, or for a /vN path the vN subdirectory's, with go's errors
// when a go.mod declares another major version or a module below the root has none.

import { FetchError } from "../errors.js";
import { splitPathVersion } from "../../module/path.js";
import { major } from "../../module/semver.js";
import type { GitRepo } from "./git.js";

/** ModuleLayout is where a module path sits in its repository. */
export interface ModuleLayout {
  modulePath: string;
  /** The import path of the repository root. */
  codeRoot: string;
  /** The module's directory in the repository ("" for the root). */
  codeDir: string;
  /** The module path without its major-version suffix. */
  pathPrefix: string;
  /** "/v2", ".v2" (gopkg.in) or "". */
  pathMajor: string;
  /** "v2" or "": the major version of pseudo-versions. */
  pseudoMajor: string;
}

/** ModuleInRepo is what deciding a commit's version needs of a module's Repo. */
export interface ModuleInRepo {
  readonly modulePath: string;
  readonly layout: ModuleLayout;
  /** findDir checks where the module is at a version, throwing go's error when it is not there. */
  findDir(version: string): Promise<unknown>;
}

/** modulePathOf returns the path a go.mod's module line declares, or "". */
export function modulePathOf(data: Buffer | null): string {
  if (!data) return "";
  for (const line of data.toString("utf8").split("\n")) {
    const m = /^\s*module\s+("(?:[^"\\]|\\.)*"|`[^`]*`|\S+)/.exec(line);
    if (!m) continue;
    const p = m[1];
    if (p.startsWith('"')) {
      try {
        return JSON.parse(p) as string;
      } catch {
        return "";
      }
    }
    return p.startsWith("`") ? p.slice(1, -1) : p;
  }
  return "";
}

function isMajor(mpath: string, pathMajor: string): boolean {
  if (mpath === "") return false;
  const s = splitPathVersion(mpath);
  if (!s.ok) return false;
  if (pathMajor === "") {
    const m = s.pathMajor.slice(1).replace(/-unstable$/, "");
    return m === "" || m === "v0" || m === "v1";
  }
  if (s.pathMajor === "") return false;
  return pathMajor.slice(1) === s.pathMajor.slice(1);
}

const join = (...parts: string[]) => parts.filter(Boolean).join("/");

/** readAt reads a file at rev; a revision that cannot be read is go's "reading ROOT/FILE at revision REV: ...". */
async function readAt(l: ModuleLayout, git: GitRepo, rev: string, file: string): Promise<Buffer | null> {
  try {
    return await git.readFile(rev, file);
  } catch (err) {
    const inner = err as Error;
    const text = `reading ${l.codeRoot}/${file} at revision ${rev}: ${inner.message}`;
    // go formats the cause with %v: the result is no longer not-exist
    const cls = inner instanceof FetchError && !["not-found", "disabled"].includes(inner.errorClass) ? inner.errorClass : "invalid";
    throw new FetchError(text, cls, { cause: inner, hint: inner instanceof FetchError ? inner.hint : undefined });
  }
}

/** findModuleDir returns the revision, the module's directory and its go.mod (null when implicit). */
export async function findModuleDir(l: ModuleLayout, git: GitRepo, rev: string, version: string):
  Promise<{ rev: string; dir: string; goMod: Buffer | null }> {
  const file1 = join(l.codeDir, "go.mod");
  const gomod1 = await readAt(l, git, rev, file1);
  const mpath1 = modulePathOf(gomod1);
  const found1 = gomod1 !== null && (isMajor(mpath1, l.pathMajor) || (l.pathMajor === "" && mpath1.startsWith("gopkg.in/")));
  let file2 = "";
  if (l.pathMajor !== "" && l.codeRoot !== l.modulePath && !l.pathMajor.startsWith(".")) {
    const dir2 = join(l.codeDir, l.pathMajor.slice(1));
    file2 = join(dir2, "go.mod");
    const gomod2 = await readAt(l, git, rev, file2);
    const mpath2 = modulePathOf(gomod2);
    const found2 = gomod2 !== null && isMajor(mpath2, l.pathMajor);
    if (found1 && found2) {
      throw new FetchError(`${l.pathPrefix}/${file1} and ...${l.pathMajor}/go.mod both have ...${l.pathMajor} module paths at revision ${rev}`, "invalid");
    }
    if (found2) return { rev, dir: dir2, goMod: gomod2 };
    if (gomod2 !== null) {
      if (mpath2 === "") throw new FetchError(`${l.codeRoot}/${file2} is missing module path at revision ${rev}`, "invalid");
      throw new FetchError(`${l.codeRoot}/${file2} has non-...${l.pathMajor} module path "${mpath2}" at revision ${rev}`, "invalid");
    }
  }
  if (found1) return { rev, dir: l.codeDir, goMod: gomod1 };
  if (gomod1 !== null) {
    const suffix = file2 ? ` (and ...${l.pathMajor}/go.mod does not exist)` : "";
    if (mpath1 === "") throw new FetchError(`${file1} is missing module path${suffix} at revision ${rev}`, "invalid");
    if (l.pathMajor !== "") throw new FetchError(`${file1} has non-...${l.pathMajor} module path "${mpath1}"${suffix} at revision ${rev}`, "invalid");
    if (!splitPathVersion(mpath1).ok) throw new FetchError(`${file1} has malformed module path "${mpath1}"${suffix} at revision ${rev}`, "invalid");
    throw new FetchError(`${file1} has post-${major(version)} module path "${mpath1}"${suffix} at revision ${rev}`, "invalid");
  }
  if (l.codeDir === "" && (l.pathMajor === "" || l.pathMajor.startsWith("."))) return { rev, dir: "", goMod: null };
  if (file2) throw new FetchError(`missing ${l.pathPrefix}/go.mod and ...${l.pathMajor}/go.mod at revision ${rev}`, "invalid");
  throw new FetchError(`missing ${l.pathPrefix}/go.mod at revision ${rev}`, "invalid");
}
