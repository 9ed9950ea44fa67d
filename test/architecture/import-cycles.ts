// Import cycles between files, found with Tarjan's algorithm over the imports that
// source-facts.ts read, each reported as a path a reader can follow.

import type { SourceFacts } from "./source-facts.js";

/** importCycles finds each cycle of imports between files (one per strongly connected set of
 * files), reported as a path from its first file back to itself. */
export function importCycles(facts: readonly SourceFacts[]): string[][] {
  const edges = new Map(facts.map((f) => [f.file, [...new Set(f.imports.flatMap((i) => (i.to ? [i.to] : [])))].sort()]));
  const cycles: string[][] = [];
  for (const group of stronglyConnected(edges)) {
    const first = [...group].sort()[0];
    const self = edges.get(first)?.includes(first);
    if (group.size > 1 || self) cycles.push(pathBack(first, group, edges));
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** stronglyConnected is Tarjan's algorithm: the sets of files that reach each other. */
function stronglyConnected(edges: Map<string, string[]>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: Set<string>[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const group = new Set<string>();
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.add(w);
      } while (w !== v);
      groups.push(group);
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return groups;
}

/** pathBack is a shortest import path from start back to start within group (breadth first). */
function pathBack(start: string, group: Set<string>, edges: Map<string, string[]>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!group.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = prev.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
