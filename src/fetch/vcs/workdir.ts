// The go command's clones under $GOMODCACHE/cache/vcs: one bare repository per remote,
// named for the SHA-256 of "git3:<remote URL>", with "<dir>.info" holding that key and
// "<dir>.lock" locked (flock, shared with the go command) while the clone changes. A
// clone made by the go command is reused as it is, and the go command reuses ours.

import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withLock } from "../lock.js";
import { FetchError } from "../errors.js";

/** The work directory type of git clones (cmd/go's gitWorkDirType). */
export const gitWorkDirType = "git3";

export interface WorkDir {
  dir: string;
  lockFile: string;
  /** created is true when the directory was made empty just now (the clone must be initialized). */
  created: boolean;
}

/** workDirPath returns where the clone of remote lives under gomodcache. */
export function workDirPath(gomodcache: string, typ: string, remote: string): string {
  const key = `${typ}:${remote}`;
  return join(gomodcache, "cache", "vcs", createHash("sha256").update(key).digest("hex"));
}

/**
 * openWorkDir finds or creates the work directory of remote, as the go command does:
 * an existing directory with a matching .info is reused; anything else is started over.
 * init runs, under the lock, when the directory is new.
 */
export async function openWorkDir(gomodcache: string, typ: string, remote: string,
  trace: ((line: string) => void) | undefined, init: (dir: string) => Promise<void>): Promise<WorkDir> {
  if (!gomodcache) throw new FetchError("neither GOPATH nor GOMODCACHE are set", "invalid");
  const key = `${typ}:${remote}`;
  const dir = workDirPath(gomodcache, typ, remote);
  const lockFile = dir + ".lock";
  trace?.(`mkdir -p ${join(dir, "..")} # ${typ} ${remote}`);
  mkdirSync(join(dir, ".."), { recursive: true });
  trace?.(`# lock ${lockFile}`);
  return withLock(lockFile, async () => {
    let have: string | null = null;
    try {
      have = readFileSync(dir + ".info", "utf8");
    } catch {
      have = null;
    }
    if (have !== null && isDir(dir)) {
      if (have.replace(/\n$/, "") !== key) {
        throw new FetchError(`${dir}.info exists with wrong content (have ${JSON.stringify(have.replace(/\n$/, ""))} want ${JSON.stringify(key)})`, "invalid");
      }
      trace?.(`# ${dir} for ${typ} ${remote}`);
      if (existsSync(join(dir, "objects"))) return { dir, lockFile, created: false };
      await init(dir);
      return { dir, lockFile, created: true };
    }
    trace?.(`mkdir -p ${dir} # ${typ} ${remote}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(dir + ".info", key);
    try {
      await init(dir);
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    return { dir, lockFile, created: true };
  });
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * ensureGitAttributes turns off export-subst and export-ignore in a clone (info/attributes
 * ends with "* -export-subst -export-ignore"), as the go command does before git archive,
 * so that a module zip does not depend on them.
 */
export function ensureGitAttributes(dir: string): void {
  const attr = "\n* -export-subst -export-ignore\n";
  const file = join(dir, "info", "attributes");
  mkdirSync(join(dir, "info"), { recursive: true });
  let have = "";
  try {
    have = readFileSync(file, "utf8");
  } catch {
    have = "";
  }
  if (!have.endsWith(attr)) appendFileSync(file, attr);
}
