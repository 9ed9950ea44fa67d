// The module graph of the main module: its roots (the requirements of its go.mod, with the
// go and toolchain pseudo-modules) and what they require, read according to pruning.
//
// Unpruned (main go < 1.17): every reachable module's go.mod is read. Pruned: the roots'
// go.mod files are read; the requirements of a module at go >= 1.17 join the graph without
// their own go.mod being read, while below any module at go < 1.17 everything is read.

import { Graph, key } from "../mvs/graph.js";
import { BuildListError } from "../mvs/mvs.js";
import { modCompare } from "../module/modcompare.js";
import { compareWithNone } from "../mvs/graph.js";
import type { ModuleVersion } from "../module/version.js";
import { ModSummary, Pruning, SummaryReader } from "./summary.js";

export class ModuleGraph {
  /** loaded: the modules ("path@version") whose requirements were read. */
  constructor(readonly graph: Graph, readonly pruning: Pruning, private readonly loaded: ReadonlyMap<string, unknown>) {}

  selected(path: string): string {
    return this.graph.selectedVersion(path);
  }

  /** buildList: the main module, then every selected module sorted by path. */
  buildList(): ModuleVersion[] {
    return this.graph.buildList();
  }

  /** wasLoaded reports whether m's go.mod was read into the graph. */
  wasLoaded(m: ModuleVersion): boolean {
    return this.loaded.has(key(m));
  }

  /** loadedModules lists the graph's module versions whose requirements were read. */
  loadedModules(): ModuleVersion[] {
    return [...this.loaded.keys()].map((k) => {
      const at = k.lastIndexOf("@");
      return { path: k.slice(0, at), version: k.slice(at + 1) };
    });
  }
}

/**
 * UnreadGraph stands for a graph that could not be read, where reading it may not be
 * needed: any use of it throws the error reading it gave (see RequirementsReader.readLazily).
 * partial is the graph as far as it could be read (the modules whose go.mod failed
 * requiring nothing), which the go command goes on with where it ignores the error.
 */
export class UnreadGraph extends ModuleGraph {
  constructor(readonly error: BuildListError, pruning: Pruning, readonly partial: ModuleGraph) {
    super(new Graph(compareWithNone(modCompare), []), pruning, new Map());
  }

  override selected(): string {
    throw this.error;
  }

  override buildList(): ModuleVersion[] {
    throw this.error;
  }

  override wasLoaded(): boolean {
    throw this.error;
  }

  override loadedModules(): ModuleVersion[] {
    throw this.error;
  }
}

/**
 * DeferredGraph is a pruned graph read when first needed, as the go command reads the
 * graph of a pruned main module's requirements only when their roots alone do not do:
 * load() reads it (once) and returns it, an UnreadGraph when a go.mod in it cannot be
 * read. Until then whether it is read tells what the go command would have read, and any
 * other use of it is a mistake of the caller (it throws).
 */
export class DeferredGraph extends ModuleGraph {
  private reading: Promise<ModuleGraph> | null = null;
  private value: ModuleGraph | null = null;

  constructor(private readonly readGraph: () => Promise<ModuleGraph>, pruning: Pruning) {
    super(new Graph(compareWithNone(modCompare), []), pruning, new Map());
  }

  /** isRead reports whether load has been called. */
  get isRead(): boolean {
    return this.reading !== null;
  }

  load(): Promise<ModuleGraph> {
    return (this.reading ??= this.readGraph().then((g) => (this.value = g)));
  }

  private current(): ModuleGraph {
    if (!this.value) throw new Error("internal error: a deferred module graph was used before it was read");
    return this.value;
  }

  override selected(path: string): string {
    return this.current().selected(path);
  }

  override buildList(): ModuleVersion[] {
    return this.current().buildList();
  }

  override wasLoaded(m: ModuleVersion): boolean {
    return this.current().wasLoaded(m);
  }

  override loadedModules(): ModuleVersion[] {
    return this.current().loadedModules();
  }
}

/**
 * rootsGraph stands for the graph of roots the go command never read: the main module
 * requiring the roots, each counting as read (the go command keeps the go.mod sums of the
 * roots of requirements whose graph it has not read).
 */
export function rootsGraph(main: ModuleVersion, roots: readonly ModuleVersion[], pruning: Pruning): ModuleGraph {
  const graph = new Graph(compareWithNone(modCompare), [main]);
  graph.require(main, [...roots]);
  return new ModuleGraph(graph, pruning, new Map(roots.filter((m) => m.version !== "none").map((m) => [key(m), null])));
}

/** loadGraph returns graph itself, or, for a DeferredGraph, the graph it reads. */
export function loadGraph(graph: ModuleGraph): Promise<ModuleGraph> {
  return graph instanceof DeferredGraph ? graph.load() : Promise.resolve(graph);
}

/**
 * readModGraph loads the graph of main (version "") with the given roots. Errors reading a
 * go.mod are reported with the chain of requirements that led to it.
 */
export async function readModGraph(main: ModuleVersion, roots: ModuleVersion[], pruning: Pruning, reader: SummaryReader, width = 16): Promise<ModuleGraph> {
  const { graph, error } = await readPartialModGraph(main, roots, pruning, reader, width);
  if (error) throw error;
  return graph;
}

/**
 * readPartialModGraph is readModGraph returning the graph as far as it could be read
 * together with the error (the first on a breadth-first walk from the roots), if any.
 */
export async function readPartialModGraph(main: ModuleVersion, roots: ModuleVersion[], pruning: Pruning, reader: SummaryReader, width = 16):
  Promise<{ graph: ModuleGraph; error: BuildListError | null }> {
  const graph = new Graph(compareWithNone(modCompare), [main]);
  graph.require(main, roots);
  const loaded = new Map<string, ModSummary>();
  const errors = new Map<string, Error>();
  // By path, then version: the prunings each module version was queued with (a bit
  // each), so that the many requirements met again make no new string.
  const started = new Map<string, Map<string, number>>();
  const requiredSet = new Set<string>();
  const queue: { m: ModuleVersion; pruning: Pruning }[] = [];
  const enqueue = (m: ModuleVersion, p: Pruning) => {
    if (m.version === "none") return;
    let versions = started.get(m.path);
    if (!versions) started.set(m.path, (versions = new Map()));
    const bit = p === "pruned" ? 1 : 2;
    const seen = versions.get(m.version) ?? 0;
    if (seen & bit) return;
    versions.set(m.version, seen | bit);
    queue.push({ m, pruning: p });
  };
  for (const r of roots) enqueue(r, pruning);
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) return resolve();
      while (active < width && queue.length > 0) {
        const { m, pruning: p } = queue.shift()!;
        active++;
        reader.summary(m).then((s) => {
          const k = key(m);
          if (!requiredSet.has(k)) {
            requiredSet.add(k);
            graph.require(m, s.require);
            loaded.set(k, s);
          }
          const next: Pruning = p === "unpruned" ? "unpruned" : s.pruning;
          for (const r of s.require) {
            if (p !== "pruned" || s.pruning === "unpruned") enqueue(r, next);
          }
        }, (err: unknown) => {
          errors.set(key(m), err instanceof Error ? err : new Error(String(err)));
        }).finally(() => {
          active--;
          pump();
        });
      }
    };
    pump();
  });
  let error: BuildListError | null = null;
  if (errors.size > 0) {
    const chain = graph.findPath((m) => errors.has(key(m)));
    if (chain) error = new BuildListError(errors.get(key(chain[chain.length - 1]))!, chain);
  }
  return { graph: new ModuleGraph(graph, pruning, loaded), error };
}

/**
 * expandGraph loads the graph and, while some root is not the selected version of its
 * path, raises the roots to their selected versions and loads again (which in a pruned
 * graph may bring in requirements that were pruned out), as the go command does before
 * listing or using the whole graph. It returns the consistent roots and their graph.
 */
export async function expandGraph(main: ModuleVersion, roots: ModuleVersion[], pruning: Pruning, reader: SummaryReader):
  Promise<{ roots: ModuleVersion[]; graph: ModuleGraph }> {
  let current = roots;
  for (;;) {
    const graph = await readModGraph(main, current, pruning, reader);
    const raised = current.map((r) => ({ path: r.path, version: graph.selected(r.path) }));
    if (raised.every((r, i) => r.version === current[i].version)) return { roots: current, graph };
    current = raised;
  }
}
