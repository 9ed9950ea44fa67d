// The requirements the go command's -v "unused" lines are taken from. It reads them from
// the roots go.mod gave (initialRS) after loading, but those share their storage with the
// first updates of the roots: go.mod's roots are made with room for every require line
// and two more (go, toolchain), and an update that appends the roots it adds within that
// room and sorts them sorts the initial roots' storage too. So the initial roots it reads
// then are the first entries of that sorted list (the later ones went out of view).
// InitialRoots follows that storage as updatePrunedRoots adds roots.

import { pruningFor } from "../load/summary.js";
import type { ModuleVersion } from "../module/version.js";
import type { TidyContext } from "./context.js";
import type { Requirements } from "./requirements.js";
import { sameRoots, sortRoots } from "./roots.js";

/** The initial roots followed for a run, where the go command prints "unused" lines from them. */
export const initialRootsOf = new WeakMap<TidyContext, InitialRoots>();

/**
 * followInitialRoots starts following the roots go.mod gave, first read as rs, where the
 * go command's are the ones it made from go.mod: a pruned graph of go.mod's own go line
 * (a conversion from an unpruned one makes new roots), with no -go, and no path required
 * twice (go would have replaced them first).
 */
export function followInitialRoots(ctx: TidyContext, rs: Requirements): void {
  const { file } = ctx.main;
  if (!file.go || pruningFor(file.go.version) !== "pruned" || rs.pruning !== "pruned" || ctx.go.requested !== undefined) return;
  const paths = file.require.map((r) => r.mod.path);
  if (new Set(paths).size !== paths.length) return;
  initialRootsOf.set(ctx, new InitialRoots(rs.roots, file.require.length + 2));
}

export class InitialRoots {
  /** The shared storage, as far as written. */
  private storage: ModuleVersion[];
  /** The roots whose go counterpart still uses the storage (null once none does). */
  private sharing: readonly ModuleVersion[] | null;
  /** Roots an update is making in the storage, until it settles. */
  private pending: ModuleVersion[] | null = null;

  /** The initial roots' own length: how much of the storage they see. */
  private readonly length: number;

  /** roots: go.mod's, as first read (sorted, with go and toolchain); room: their storage's size. */
  constructor(roots: readonly ModuleVersion[], private readonly room: number) {
    this.storage = [...roots];
    this.sharing = roots;
    this.length = roots.length;
  }

  /**
   * appending: an update of the roots from appends the roots appended (one per package,
   * as the go command appends them, and the added modules above their roots), then sorts.
   */
  appending(from: readonly ModuleVersion[], appended: readonly ModuleVersion[]): void {
    this.pending = null;
    if (!this.sharing || !sameRoots(from, this.sharing) || appended.length === 0) return;
    if (from.length + appended.length > this.room) {
      this.sharing = null; // the update made new storage
      return;
    }
    this.pending = sortRoots([...this.storage.slice(0, from.length), ...appended]);
    this.storage = [...this.pending, ...this.storage.slice(this.pending.length)];
  }

  /** settled: the update returned result; the storage stays in use where it returned the roots it sorted there. */
  settled(from: readonly ModuleVersion[], result: readonly ModuleVersion[]): void {
    if (!this.sharing || !sameRoots(from, this.sharing)) return;
    if (this.pending) this.sharing = sameRoots(this.pending, result) ? result : null;
    else if (!sameRoots(from, result)) this.sharing = null;
    this.pending = null;
  }

  /** view lists the initial roots as the go command sees them now (without go and toolchain). */
  view(): ModuleVersion[] {
    return this.storage.slice(0, this.length).filter((m) => m.path !== "go" && m.path !== "toolchain");
  }
}
