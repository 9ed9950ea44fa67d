// Directories as the command line finds and names them.

import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { shortPath } from "../text/paths.js";

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

/** displayPath is a directory as the output names it: relative to cwd when shorter ("." for cwd itself). */
export function displayPath(dir: string, cwd: string): string {
  return shortPath(resolve(cwd, dir), cwd);
}
