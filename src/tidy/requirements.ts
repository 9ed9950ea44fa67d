// The requirements of the main module as one value: its roots, the pruning they are read
// with, the module graph they give, and which modules the main module imports directly.
// A phase that changes the requirements builds a new value; none edits one in place.

import { DeferredGraph, expandGraph, ModuleGraph, readModGraph, readPartialModGraph, UnreadGraph } from "../load/modgraph.js";
import type { Pruning, SummaryReader } from "../load/summary.js";
import type { ModuleVersion } from "../module/version.js";

/**
 * Requirements is one consistent state of the main module's requirements. Its graph is
 * the graph of exactly its roots (with its pruning); direct is empty until packages have
 * been loaded. It is never changed: phases make a new one.
 */
export interface Requirements {
  readonly pruning: Pruning;
  /** The requirements of the main module, with the go and toolchain pseudo-modules. */
  readonly roots: readonly ModuleVersion[];
  readonly graph: ModuleGraph;
  /** Paths of the modules providing packages imported by the main module's packages or tests. */
  readonly direct: ReadonlySet<string>;
}

/** rootVersion returns the version of path among rs's roots, or undefined. */
export function rootVersion(rs: Requirements, path: string): string | undefined {
  return rs.roots.find((m) => m.path === path)?.version;
}

/** withDirect returns rs with the given direct set. */
export function withDirect(rs: Requirements, direct: ReadonlySet<string>): Requirements {
  return { ...rs, direct };
}

/** RequirementsReader reads the module graphs of one main module. */
export class RequirementsReader {
  constructor(readonly main: ModuleVersion, readonly reader: SummaryReader) {}

  /** read returns the requirements of exactly these roots, reading their graph. */
  async read(pruning: Pruning, roots: readonly ModuleVersion[], direct: ReadonlySet<string> = new Set()): Promise<Requirements> {
    const copy = [...roots];
    return { pruning, roots: copy, graph: await readModGraph(this.main, copy, pruning, this.reader), direct };
  }

  /**
   * readLazily is read as the go command reads requirements while packages load. A pruned
   * graph is read when first needed (a DeferredGraph: see loadGraph), as the go command
   * reads it only when the roots alone do not do. An unpruned graph is read now; a go.mod
   * in it that cannot be read is an error only where the graph is used (UnreadGraph).
   */
  async readLazily(pruning: Pruning, roots: readonly ModuleVersion[], direct: ReadonlySet<string> = new Set()): Promise<Requirements> {
    const copy = [...roots];
    const partial = async () => {
      const { graph, error } = await readPartialModGraph(this.main, copy, pruning, this.reader);
      return error ? new UnreadGraph(error, pruning, graph) : graph;
    };
    return { pruning, roots: copy, graph: pruning === "pruned" ? new DeferredGraph(partial, pruning) : await partial(), direct };
  }

  /**
   * expand returns the requirements of these roots as the go command uses them before
   * loading packages: with a pruned graph, each root is raised to its selected version
   * (reading again) until the roots are consistent; an unpruned graph is read as is.
   */
  async expand(pruning: Pruning, roots: readonly ModuleVersion[]): Promise<Requirements> {
    if (pruning !== "pruned") return this.read(pruning, roots);
    const expanded = await expandGraph(this.main, [...roots], pruning, this.reader);
    return { pruning, roots: expanded.roots, graph: expanded.graph, direct: new Set() };
  }
}
