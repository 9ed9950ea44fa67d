// The requirements tidy writes for a pruned module graph (go >= 1.17): the modules that
// provide packages in "all", plus any other module whose package was loaded from a version
// the graph of those requirements would not select, plus modules needed to keep imports
// unambiguous.

import { readModGraph, ModuleGraph } from "../load/modgraph.js";
import type { Package } from "../load/loader.js";
import { resolveImport, AmbiguousImportError, ResolverSource } from "../load/importer.js";
import type { SummaryReader } from "../load/summary.js";
import { modCompare } from "../module/modcompare.js";
import { compareModuleVersions, type ModuleVersion } from "../module/version.js";

function sortRoots(roots: ModuleVersion[]): ModuleVersion[] {
  return roots.sort((a, b) => (a.path === b.path ? modCompare(a.path, a.version, b.version) : compareModuleVersions(a, b)));
}

export interface PrunedRootsInput {
  main: ModuleVersion;
  /** The go and toolchain roots before tidying. */
  goRoot: string;
  toolchainRoot: string | null;
  pkgs: Package[];
  reader: SummaryReader;
  /** Resolution against a given set of roots, for the ambiguity check. */
  resolverFor(roots: ModuleVersion[], graph: ModuleGraph): ResolverSource;
}

export async function tidyPrunedRoots(input: PrunedRootsInput): Promise<{ roots: ModuleVersion[]; graph: ModuleGraph }> {
  const { main, pkgs, reader } = input;
  const isRoot = new Set<string>([main.path]);
  let roots: ModuleVersion[] = [{ path: "go", version: input.goRoot }];
  isRoot.add("go");
  if (input.toolchainRoot) {
    roots.push({ path: "toolchain", version: input.toolchainRoot });
    isRoot.add("toolchain");
  }
  const external = (p: Package) => p.mod.path !== "" && p.mod.path !== main.path;
  let queue: (Package | { test: NonNullable<Package["test"]> })[] = [];
  const queued = new Set<unknown>();
  for (const p of pkgs) {
    if (!p.inAll) continue;
    if (external(p) && !isRoot.has(p.mod.path)) {
      roots.push(p.mod);
      isRoot.add(p.mod.path);
    }
    queue.push(p);
    queued.add(p);
  }
  roots = sortRoots(roots);
  let graph = await readModGraph(main, roots, "pruned", reader);
  while (queue.length > 0) {
    const prev = queue;
    queue = [];
    let added = false;
    for (const item of prev) {
      const isTest = !("path" in item);
      const pkgMod = isTest ? item.test.of.mod : item.mod;
      const imports = isTest ? item.test.imports : item.imports;
      if (pkgMod.path === "") continue;
      for (const dep of imports) {
        if (!queued.has(dep)) {
          queued.add(dep);
          queue.push(dep);
        }
      }
      if (!isTest && item.test && !queued.has(item.test)) {
        queued.add(item.test);
        queue.push({ test: item.test });
      }
      if (!isTest && !isRoot.has(pkgMod.path) && modCompare(pkgMod.path, graph.selected(pkgMod.path), pkgMod.version) < 0) {
        roots.push(pkgMod);
        isRoot.add(pkgMod.path);
        added = true;
      }
    }
    if (added) {
      roots = sortRoots(roots);
      graph = await readModGraph(main, roots, "pruned", reader);
    }
  }
  // Keep imports unambiguous with only these roots.
  for (;;) {
    const disambiguate: ModuleVersion[] = [];
    for (const p of pkgs) {
      if (!external(p) || isRoot.has(p.mod.path)) continue;
      try {
        await resolveImport(p.path, { ...input.resolverFor(roots, graph), checkResolved: undefined });
      } catch (err) {
        if (err instanceof AmbiguousImportError && !disambiguate.some((m) => m.path === p.mod.path)) disambiguate.push(p.mod);
      }
    }
    if (disambiguate.length === 0) break;
    for (const m of disambiguate) {
      roots.push(m);
      isRoot.add(m.path);
    }
    roots = sortRoots(roots);
    graph = await readModGraph(main, roots, "pruned", reader);
  }
  return { roots, graph };
}
