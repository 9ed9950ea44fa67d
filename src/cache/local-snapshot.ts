// The scan cache's snapshot of a module's directories: one parted entry per module root
// (kind "dir", key "snapshot <root>"), a part per directory below the root that a run
// scanned, named by the directory's path. A part holds the directory's candidate Go files
// (name, size, modification and change times, inode: what local-scan.ts's records hold of
// a stat) and the package scanDirectory made of them. A directory whose candidate files
// are those names with those stats is that package again, so a run reads one entry for
// the whole module instead of each directory's own entry, and makes no package again of
// the records in it. A part is kept only when every one of its files was read past the
// racy window (local-scan.ts), so that a file changed since has another stat; any other
// difference (a file added, removed or changed, a part that does not decode) is no
// answer, and the directory is read as before: its own entry, then its changed files.

import { isPackage } from "./module-index.js";
import type { FileStat } from "./file-stats.js";
import { racyWindow } from "./local-scan.js";
import type { ScannedPackage } from "../scan/scanner.js";
import type { CacheStore, PartedEntry } from "./store.js";
import { sep } from "node:path";

type FileFacts = [name: string, size: number, mtimeMs: number, ctimeMs: number, ino: number];

interface SnapshotPart {
  files: FileFacts[];
  pkg: ScannedPackage | null;
}

const isFacts = (f: unknown): f is FileFacts =>
  Array.isArray(f) && f.length === 5 && typeof f[0] === "string" && f.slice(1).every((n) => typeof n === "number");

function decodePart(text: string | undefined, dir: string): SnapshotPart | undefined {
  if (text === undefined) return undefined;
  let v: SnapshotPart;
  try {
    v = JSON.parse(text) as SnapshotPart;
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null || !Array.isArray(v.files) || !v.files.every(isFacts) || !isPackage(v.pkg)) return undefined;
  return v.pkg === null || v.pkg.dir === dir ? v : undefined;
}

const sameFacts = (f: FileFacts, name: string, st: FileStat) =>
  f[0] === name && f[1] === st.size && f[2] === st.mtimeMs && f[3] === st.ctimeMs && f[4] === st.ino;

/** What a run holds of one root's snapshot: the stored entry, and the parts it found good or made. */
interface RootSnapshot {
  stored: PartedEntry | undefined;
  kept: Map<string, string>;
  added: boolean;
}

/** LocalSnapshots holds the snapshots of the module roots given (see the file comment) for one run. */
export class LocalSnapshots {
  private readonly roots: string[];
  private readonly snapshots = new Map<string, RootSnapshot>();

  constructor(private readonly store: CacheStore, roots: readonly string[]) {
    this.roots = [...roots].sort((a, b) => b.length - a.length); // the innermost root first
  }

  /** rootOf is the root dir is, or lies below, or undefined. */
  private rootOf(dir: string): string | undefined {
    return this.roots.find((r) => dir === r || dir.startsWith(r.endsWith(sep) ? r : r + sep));
  }

  private snapshot(root: string): RootSnapshot {
    let s = this.snapshots.get(root);
    if (!s) {
      s = { stored: this.store.getParts("dir", `snapshot ${root}`), kept: new Map(), added: false };
      this.snapshots.set(root, s);
    }
    return s;
  }

  /**
   * lookup is the package the snapshot holds for dir, when its candidate files (names,
   * sorted as scanDirectory sorts them) have the stats the snapshot holds of them (statOf:
   * a file's stat, undefined when it has none); else undefined.
   */
  lookup(dir: string, names: readonly string[], statOf: (name: string) => FileStat | undefined): ScannedPackage | null | undefined {
    const root = this.rootOf(dir);
    if (root === undefined) return undefined;
    const s = this.snapshot(root);
    const text = s.stored?.text(dir);
    const part = decodePart(text, dir);
    if (!part || part.files.length !== names.length) return undefined;
    for (let i = 0; i < names.length; i++) {
      const st = statOf(names[i]);
      if (!st || !sameFacts(part.files[i], names[i], st)) return undefined;
    }
    s.kept.set(dir, text!);
    return part.pkg;
  }

  /**
   * record keeps the package scanDirectory made of dir's candidate files (names, with the
   * stats it read them by) at readAt, when every file was past the racy window then.
   */
  record(dir: string, names: readonly string[], stats: readonly FileStat[], pkg: ScannedPackage | null, readAt: number): void {
    const root = this.rootOf(dir);
    if (root === undefined || stats.length !== names.length) return;
    if (stats.some((st) => Math.max(st.mtimeMs, st.ctimeMs) + racyWindow > readAt)) return;
    const files: FileFacts[] = names.map((n, i) => [n, stats[i].size, stats[i].mtimeMs, stats[i].ctimeMs, stats[i].ino]);
    const s = this.snapshot(root);
    s.kept.set(dir, JSON.stringify({ files, pkg } satisfies SnapshotPart));
    s.added = true;
  }

  /**
   * flush writes each snapshot a part was made for: the parts found good and those made
   * (a directory not scanned by this run, or found changed and not kept, is left out).
   */
  flush(): void {
    for (const [root, s] of this.snapshots) {
      if (!s.added) continue;
      s.stored = this.store.putParts("dir", `snapshot ${root}`, null, s.kept);
      s.added = false;
    }
  }
}
