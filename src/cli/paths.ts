import { statSync } from "node:fs";
import { dirname, join } from "node:path";

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
