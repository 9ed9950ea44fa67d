// Directories as the command line finds and names them.

import { statSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { errnoText, shortPath } from "../text/paths.js";

/** findModuleRoot walks up from dir to the first directory holding a regular file go.mod. */
export function findModuleRoot(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if (statSync(join(d, "go.mod")).isFile()) return d;
    } catch {
      // keep walking up
    }
    if (dirname(d) === d) return null;
  }
}

/** missingDir is go's text for a directory argument (against cwd) that is not one, or null when it is. */
export function missingDir(dir: string, cwd: string): string | null {
  try {
    return statSync(resolve(cwd, dir)).isDirectory() ? null : errnoText("ENOTDIR");
  } catch (e) {
    return errnoText(e as NodeJS.ErrnoException);
  }
}

/** displayPath is a directory as the output names it: relative to cwd when shorter ("." for cwd itself). */
export function displayPath(dir: string, cwd: string): string {
  return shortPath(resolve(cwd, dir), cwd);
}

/**
 * ignoredGoMod is the go command's warning when it will not take a go.mod as the main
 * module's: one in the system temporary directory itself (os.TempDir: TMPDIR, else /tmp),
 * or any go.mod at the root of the first GOPATH entry, wherever the module is. null when
 * neither applies.
 */
export function ignoredGoMod(root: string, gopath: string, tmpdir: string | undefined): string | null {
  const temp = tmpdir || "/tmp";
  if (resolve(root) === resolve(temp)) return `go: warning: ignoring go.mod in system temp root ${temp}`;
  const first = gopath.split(delimiter)[0];
  if (!first) return null;
  try {
    statSync(join(first, "go.mod"));
    return `go: warning: ignoring go.mod in $GOPATH ${first}`;
  } catch {
    return null;
  }
}
