import { statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

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

/** shortPath returns the path relative to the working directory when that is shorter, as go prints paths. */
export function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && Buffer.byteLength(rel) < Buffer.byteLength(path) ? rel : path;
}
