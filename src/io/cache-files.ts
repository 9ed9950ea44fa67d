// The file operations of gotidy-ts's own cache directory besides replacing an entry
// (atomic.ts): marking an entry used, removing one, and emptying the directory.

import { rmSync, unlinkSync, utimesSync } from "node:fs";

/** touchFile sets a file's modification time to now; a file that is gone is left alone. */
export function touchFile(file: string): void {
  try {
    const now = new Date();
    utimesSync(file, now, now);
  } catch {
    // removed by a concurrent trim or clean: nothing to mark
  }
}

/** removeFile removes a file; one already gone counts as removed. */
export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
}

/** removeTree removes a directory and everything below it; one already gone counts as removed. */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
