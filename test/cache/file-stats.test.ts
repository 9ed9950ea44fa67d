// StatList (src/cache/file-stats.ts): the stat key's list of files. Its digest must change
// with any path, any of the four numbers of any file, and the order; its paths digest with
// the paths alone.

import { describe, expect, it } from "vitest";
import { StatList, type FileStat } from "../../src/cache/file-stats.js";

const statOf = (i: number): FileStat => ({ size: 100 + i, mtimeMs: 1_700_000_000_000.25 + i, ctimeMs: 1_700_000_000_500.5 + i, ino: 9000 + i });

/** listOf is the list of n files, f0.go ... (change: a function of the index and stat that may alter it). */
function listOf(n: number, change: (i: number, st: FileStat) => [string, FileStat] = (i, st) => [`/m/f${i}.go`, st]): StatList {
  const list = new StatList();
  for (let i = 0; i < n; i++) list.add(...change(i, statOf(i)));
  return list;
}

describe("StatList", () => {
  it("keeps every file's stat in walk order, past its first capacity", () => {
    const list = listOf(1000);
    expect(list.length).toBe(1000);
    expect(list.statAt(999)).toEqual(statOf(999));
    expect(list.statOf("/m/f517.go")).toEqual(statOf(517));
    expect(list.statOf("/m/none.go")).toBeUndefined();
    expect(list.newest).toBe(statOf(999).ctimeMs);
    expect(list.values().length).toBe(4000);
  });

  it("has a digest that changes with each path, each number and the order, and a paths digest with the paths alone", () => {
    const base = listOf(600);
    const changes: ((i: number, st: FileStat) => [string, FileStat])[] = [
      (i, st) => [i === 599 ? "/m/g599.go" : `/m/f${i}.go`, st],
      (i, st) => [`/m/f${i}.go`, i === 300 ? { ...st, size: st.size + 1 } : st],
      (i, st) => [`/m/f${i}.go`, i === 0 ? { ...st, mtimeMs: st.mtimeMs + 0.001 } : st],
      (i, st) => [`/m/f${i}.go`, i === 1 ? { ...st, ctimeMs: st.ctimeMs + 1 } : st],
      (i, st) => [`/m/f${i}.go`, i === 2 ? { ...st, ino: st.ino + 1 } : st],
      // two files' places swapped
      (i, st) => (i === 3 ? ["/m/f4.go", statOf(4)] : i === 4 ? ["/m/f3.go", statOf(3)] : [`/m/f${i}.go`, st]),
    ];
    for (const [n, change] of changes.entries()) {
      const other = listOf(600, change);
      expect([n, other.digest()]).not.toEqual([n, base.digest()]);
      expect([n, other.pathsDigest() === base.pathsDigest()]).toEqual([n, n >= 1 && n <= 4]);
    }
    expect(listOf(600).digest()).toBe(base.digest());
    expect(listOf(599).digest()).not.toBe(base.digest());
    // paths that join to the same text are still told apart
    const a = new StatList();
    a.add("/m/a", statOf(0));
    a.add("/m/b.go", statOf(1));
    const b = new StatList();
    b.add("/m/a\0/m/b.go", statOf(0));
    expect(b.pathsDigest()).not.toBe(a.pathsDigest());
  });
});
