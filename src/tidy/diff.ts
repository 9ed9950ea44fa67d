// Unified diffs as the go command prints them for `go mod tidy -diff` (its internal/diff
// package): an anchored diff, matching first the lines that occur exactly once in each
// file (in longest increasing order), then growing each match over equal neighbours;
// 3 lines of context, hunks merged when fewer than 6 equal lines separate them.

import { decodeBytes } from "../text/utf8.js";

interface Pair {
  x: number;
  y: number;
}

/** splitLines keeps line endings; a last line without one is marked as go marks it. */
function splitLines(s: string): string[] {
  if (s === "") return [];
  const parts = s.split(/(?<=\n)/);
  const last = parts.length - 1;
  if (!parts[last].endsWith("\n")) parts[last] += "\n\\ No newline at end of file\n";
  return parts;
}

/** anchors returns the matched unique lines in increasing order, framed by (0,0) and (len x, len y). */
function anchors(x: string[], y: string[]): Pair[] {
  // Count occurrences: only lines occurring exactly once on each side can anchor.
  const countX = new Map<string, number>();
  const countY = new Map<string, number>();
  for (const s of x) countX.set(s, Math.min(2, (countX.get(s) ?? 0) + 1));
  for (const s of y) countY.set(s, Math.min(2, (countY.get(s) ?? 0) + 1));
  const yIndex = new Map<string, number>();
  const yi: number[] = [];
  y.forEach((s, i) => {
    if (countX.get(s) === 1 && countY.get(s) === 1) {
      yIndex.set(s, yi.length);
      yi.push(i);
    }
  });
  const xi: number[] = [];
  const inv: number[] = [];
  x.forEach((s, i) => {
    const j = yIndex.get(s);
    if (j !== undefined) {
      xi.push(i);
      inv.push(j);
    }
  });
  // Longest increasing subsequence of inv (patience sorting).
  const n = xi.length;
  const tails: number[] = [];
  const length: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (tails[mid] >= inv[i]) hi = mid;
      else lo = mid + 1;
    }
    tails[lo] = inv[i];
    length[i] = lo + 1;
  }
  let k = tails.length;
  const seq: Pair[] = new Array(k + 2);
  seq[k + 1] = { x: x.length, y: y.length };
  let lastJ = n;
  for (let i = n - 1; i >= 0; i--) {
    if (length[i] === k && inv[i] < lastJ) {
      seq[k] = { x: xi[i], y: yi[inv[i]] };
      lastJ = inv[i];
      k--;
    }
  }
  seq[0] = { x: 0, y: 0 };
  return seq;
}

/** unifiedDiff returns go's diff of two texts, or "" when they are equal. */
export function unifiedDiff(oldName: string, oldText: string, newName: string, newText: string): string {
  if (oldText === newText) return "";
  const x = splitLines(oldText);
  const y = splitLines(newText);
  let out = `diff ${oldName} ${newName}\n--- ${oldName}\n+++ ${newName}\n`;
  const C = 3;
  let done: Pair = { x: 0, y: 0 };
  let chunk: Pair = { x: 0, y: 0 };
  let count: Pair = { x: 0, y: 0 };
  let ctext: string[] = [];
  for (const m of anchors(x, y)) {
    if (m.x < done.x) continue;
    const start = { ...m };
    while (start.x > done.x && start.y > done.y && x[start.x - 1] === y[start.y - 1]) {
      start.x--;
      start.y--;
    }
    const end = { ...m };
    while (end.x < x.length && end.y < y.length && x[end.x] === y[end.y]) {
      end.x++;
      end.y++;
    }
    for (const s of x.slice(done.x, start.x)) {
      ctext.push("-" + s);
      count.x++;
    }
    for (const s of y.slice(done.y, start.y)) {
      ctext.push("+" + s);
      count.y++;
    }
    if ((end.x < x.length || end.y < y.length) && (end.x - start.x < C || (ctext.length > 0 && end.x - start.x < 2 * C))) {
      for (const s of x.slice(start.x, end.x)) {
        ctext.push(" " + s);
        count.x++;
        count.y++;
      }
      done = end;
      continue;
    }
    if (ctext.length > 0) {
      const n = Math.min(end.x - start.x, C);
      for (const s of x.slice(start.x, start.x + n)) {
        ctext.push(" " + s);
        count.x++;
        count.y++;
      }
      done = { x: start.x + n, y: start.y + n };
      if (count.x > 0) chunk.x++;
      if (count.y > 0) chunk.y++;
      out += `@@ -${chunk.x},${count.x} +${chunk.y},${count.y} @@\n` + ctext.join("");
      count = { x: 0, y: 0 };
      ctext = [];
    }
    if (end.x >= x.length && end.y >= y.length) break;
    chunk = { x: end.x - C, y: end.y - C };
    for (const s of x.slice(chunk.x, end.x)) {
      ctext.push(" " + s);
      count.x++;
      count.y++;
    }
    done = end;
  }
  return out;
}

/**
 * tidyDiffOutput is what `go mod tidy -diff` prints: the go.mod diff, then the go.sum diff,
 * each followed by an empty line. The current go.mod is the parsed file printed back, so
 * formatting-only changes do not show (tidy without -diff does rewrite them).
 */
export function tidyDiffOutput(r: { currentGoMod: string; newGoMod: string; oldGoSum: Buffer | null; diffGoSum: string }): string {
  const modDiff = unifiedDiff("current/go.mod", r.currentGoMod, "tidy/go.mod", r.newGoMod);
  const sumDiff = unifiedDiff("current/go.sum", r.oldGoSum ? decodeBytes(r.oldGoSum) : "", "tidy/go.sum", r.diffGoSum);
  return (modDiff ? modDiff + "\n" : "") + (sumDiff ? sumDiff + "\n" : "");
}
