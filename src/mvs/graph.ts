// A module requirement graph: roots, the requirements read so far for each module
// version, and for each path the selected (highest reachable) version. Versions are
// compared by a function of the path, so the go and toolchain pseudo-modules can use Go's
// release order.

import type { ModuleVersion } from "../module/version.js";
import { compareBytes } from "../text/unicode.js";

export type VersionCompare = (path: string, a: string, b: string) => number;

/** "none" is below every version; "" (the main module) is above every version. */
export function compareWithNone(cmp: VersionCompare): VersionCompare {
  return (path, a, b) => {
    if (a === b) return 0;
    if (a === "none") return -1;
    if (b === "none") return 1;
    if (a === "") return 1;
    if (b === "") return -1;
    return cmp(path, a, b);
  };
}

export function key(m: ModuleVersion): string {
  return `${m.path}@${m.version}`;
}

export class Graph {
  private readonly required = new Map<string, ModuleVersion[]>();
  /** Every module version reached so far: the versions of each path (no string is made per requirement). */
  private readonly reached = new Map<string, Set<string>>();
  private readonly selected = new Map<string, string>();

  constructor(private readonly cmp: VersionCompare, readonly roots: ModuleVersion[]) {
    for (const m of roots) {
      this.reach(m);
      this.raise(m);
    }
  }

  private reach(m: ModuleVersion): void {
    const versions = this.reached.get(m.path);
    if (versions) versions.add(m.version);
    else this.reached.set(m.path, new Set([m.version]));
  }

  private raise(m: ModuleVersion): void {
    if (this.cmp(m.path, this.selectedVersion(m.path), m.version) < 0) this.selected.set(m.path, m.version);
  }

  /** require records the requirements of a reached module version (once). */
  require(m: ModuleVersion, reqs: ModuleVersion[]): void {
    const k = key(m);
    if (!this.reached.get(m.path)?.has(m.version)) throw new Error(`${k} is not reachable from any root`);
    if (this.required.has(k)) throw new Error(`requirements of ${k} have already been set`);
    this.required.set(k, reqs);
    for (const dep of reqs) {
      this.reach(dep);
      this.raise(dep);
    }
  }

  requiredBy(m: ModuleVersion): ModuleVersion[] | undefined {
    return this.required.get(key(m));
  }

  /** selectedVersion is the highest version of path reached, or "none". */
  selectedVersion(path: string): string {
    return this.selected.get(path) ?? "none";
  }

  /** buildList: the roots' paths at their selected versions, then every other path, sorted. */
  buildList(): ModuleVersion[] {
    const seen = new Set<string>();
    const list: ModuleVersion[] = [];
    for (const r of this.roots) {
      if (seen.has(r.path)) continue;
      seen.add(r.path);
      const v = this.selectedVersion(r.path);
      if (v !== "none") list.push({ path: r.path, version: v });
    }
    const rest: ModuleVersion[] = [];
    for (const [path, version] of this.selected) if (!seen.has(path)) rest.push({ path, version });
    rest.sort((a, b) => compareBytes(a.path, b.path) || this.cmp(a.path, a.version, b.version));
    return [...list, ...rest];
  }

  /** walkBreadthFirst visits every reachable module version (not "none") once, roots first. */
  walkBreadthFirst(f: (m: ModuleVersion) => void): void {
    const queue = this.roots.filter((m) => m.version !== "none");
    const enqueued = new Set(queue.map(key));
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i];
      f(m);
      for (const r of this.requiredBy(m) ?? []) {
        if (r.version !== "none" && !enqueued.has(key(r))) {
          enqueued.add(key(r));
          queue.push(r);
        }
      }
    }
  }

  /** findPath returns the shortest requirement path from a root to a module matching f, or null. */
  findPath(f: (m: ModuleVersion) => boolean): ModuleVersion[] | null {
    const parent = new Map<string, ModuleVersion | null>();
    const queue = [...this.roots];
    for (const m of this.roots) if (!parent.has(key(m))) parent.set(key(m), null);
    for (let i = 0; i < queue.length; i++) {
      const m = queue[i];
      if (f(m)) {
        const path = [m];
        for (let p = parent.get(key(m)); p; p = parent.get(key(p))) path.unshift(p);
        return path;
      }
      for (const r of this.requiredBy(m) ?? []) {
        if (!parent.has(key(r))) {
          parent.set(key(r), m);
          queue.push(r);
        }
      }
    }
    return null;
  }
}
