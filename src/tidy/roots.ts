// The requirements tidy writes. For a pruned module graph (go >= 1.17): the modules that
// provide packages in "all", plus any other module whose package was loaded from a version
// the graph of those requirements would not select, plus modules needed to keep imports
// unambiguous. For an unpruned graph: a minimal set selecting the same versions.

import { DeferredGraph, loadGraph, readModGraph, ModuleGraph, rootsGraph, UnreadGraph } from "../load/modgraph.js";
import { TooNewError } from "../load/summary.js";
import { BuildListError, buildList, minimalRequirements, Reqs } from "../mvs/mvs.js";
import type { Package } from "../load/loader.js";
import { resolveImport, AmbiguousImportError, ResolverSource } from "../load/importer.js";
import type { SummaryReader } from "../load/summary.js";
import { modCompare } from "../module/modcompare.js";
import { compareModuleVersions, type ModuleVersion } from "../module/version.js";
import { resolverFor, TidyContext } from "./context.js";
import { TidyErrors } from "./errors.js";
import { settleGoRoot } from "./goversion.js";
import { rootVersion, type Requirements } from "./requirements.js";

/** The requirements tidyRoots leaves, and whether it could tidy them. */
export interface TidiedRoots {
  readonly rs: Requirements;
  /** False when -e went past a module graph error: rs are then the loaded ones. */
  readonly tidied: boolean;
  /**
   * The graph of rs where the go command has not read it yet (rs.graph then stands for it
   * by the roots): go's keepSums may still read it (see sumRequirements).
   */
  readonly unread?: DeferredGraph;
  /** Whether the go command has read the graph of rs (see tidyRoots). */
  readonly graphRead: boolean;
}

/**
 * tidyRoots trims the loaded requirements to the minimal ones that keep every loaded
 * package at its version (and, pruned, the graph-pruning invariants), as the go command's
 * tidyRoots. The go and toolchain roots they start from are settled by settleGoRoot.
 * The direct set is kept. tidied is false where -e went past a module graph error (the
 * requirements are the loaded ones then). graphRead: whether the go command has read the
 * graph of the requirements returned (a pruned graph's tidy roots always; an unpruned
 * one's not; loaded requirements where it had read them).
 */
export async function tidyRoots(ctx: TidyContext, loaded: { rs: Requirements; pkgs: Package[]; loadGo: string }): Promise<TidiedRoots> {
  const { rs } = loaded;
  try {
    return { rs: await tidyLoadedRoots(ctx, loaded), tidied: true, graphRead: loaded.rs.pruning === "pruned" };
  } catch (err) {
    // With -e a module graph error is logged and the requirements stay as loaded (the
    // graph as far as it could be read), as the go command's loader does.
    if (!(err instanceof BuildListError) || err.cause instanceof TooNewError || !ctx.options.allowErrors) throw err;
    ctx.options.log?.(`go: ${err.message}`);
    // A graph go has not read stays unread: what follows goes by the roots.
    if (rs.graph instanceof DeferredGraph && !rs.graph.isRead) return { rs: { ...rs, graph: rootsGraph(ctx.main.mod, rs.roots, rs.pruning) }, tidied: false, graphRead: false, unread: rs.graph };
    const graph = await loadGraph(rs.graph);
    return { rs: { ...rs, graph: graph instanceof UnreadGraph ? graph.partial : graph }, tidied: false, graphRead: true };
  }
}

/**
 * tidyRootsError is the module graph error tidying the loaded requirements meets, or null:
 * what the go command's loader meets first when it updates the requirements after loading
 * packages in tidy mode (its tidyRoots comes before updateRoots).
 */
export async function tidyRootsError(ctx: TidyContext, loaded: { rs: Requirements; pkgs: Package[]; loadGo: string }): Promise<BuildListError | null> {
  return tidyLoadedRoots(ctx, loaded).then(() => null, (err: unknown) => {
    if (err instanceof BuildListError && !(err.cause instanceof TooNewError)) return err;
    throw err;
  });
}

async function tidyLoadedRoots(ctx: TidyContext, loaded: { rs: Requirements; pkgs: Package[]; loadGo: string }): Promise<Requirements> {
  const { rs, pkgs, loadGo } = loaded;
  const { main, reader } = ctx;
  return settleGoRoot(main.file, rs, async (goRoot, toolchainRoot) => {
    if (rs.pruning === "pruned") {
      const resolver = (roots: ModuleVersion[], graph: ModuleGraph) => resolverFor(ctx, { roots, graph }, true, loadGo);
      const tidied = await tidyPrunedRoots({ main: main.mod, goRoot, toolchainRoot, pkgs, reader, resolverFor: resolver });
      return { pruning: rs.pruning, roots: tidied.roots, graph: tidied.graph, direct: rs.direct };
    }
    const roots = await tidyUnprunedRoots({ main: main.mod, goRoot, toolchainRoot, pkgs, direct: rs.direct, reader });
    return ctx.requirements.read(rs.pruning, roots, rs.direct);
  });
}

/**
 * rootsThenAdded lists roots, then the modules of next that are not among them, sorted: the
 * order in which the go command's updateUnprunedRoots reads the graph with the modules
 * found for missing imports (roots' requirements were all read before), so that an error
 * reading it is met in the same breadth-first order.
 */
export function rootsThenAdded(roots: readonly ModuleVersion[], next: readonly ModuleVersion[]): ModuleVersion[] {
  const added = next.filter((m) => !roots.some((r) => r.path === m.path && r.version === m.version));
  return [...roots, ...sortRoots(added)];
}

/**
 * foundVersions are the module versions a round's queries found, keyed "path@version":
 * every one of them, where the roots keep only the highest version of a path (go reads
 * the go.mod of each module version it adds to an unpruned graph).
 */
export function foundVersions(addedBy: ReadonlyMap<string, unknown>): ModuleVersion[] {
  return [...addedBy.keys()].map((k) => ({ path: k.slice(0, k.lastIndexOf("@")), version: k.slice(k.lastIndexOf("@") + 1) }));
}

/** sameRoots reports whether a and b list the same module versions in the same order. */
export function sameRoots(a: readonly ModuleVersion[], b: readonly ModuleVersion[]): boolean {
  return a.length === b.length && a.every((m, i) => m.path === b[i].path && m.version === b[i].version);
}

/** sortRoots orders roots by path, then version (go's ModSort). */
export function sortRoots(roots: ModuleVersion[]): ModuleVersion[] {
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

/** tidyPrunedRoots computes the roots of a pruned graph at a go root (see the file comment). */
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
    const resolver = { ...input.resolverFor(roots, graph), checkResolved: undefined };
    for (const p of pkgs) {
      if (!external(p) || isRoot.has(p.mod.path)) continue;
      try {
        await resolveImport(p.path, resolver);
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

/**
 * tidyUnprunedRoots computes the requirements for an unpruned graph (go < 1.17): every
 * module providing a loaded package is kept, then reduced to a minimal set that selects
 * the same versions, keeping the direct ones. A module that could lexically have provided
 * a package ("alternative") must not end up lower than it was.
 */
export async function tidyUnprunedRoots(input: {
  main: ModuleVersion;
  goRoot: string;
  toolchainRoot: string | null;
  pkgs: Package[];
  direct: ReadonlySet<string>;
  reader: SummaryReader;
}): Promise<ModuleVersion[]> {
  const { main, pkgs, direct, reader } = input;
  const keep: ModuleVersion[] = [{ path: "go", version: input.goRoot }];
  const kept = new Set<string>(["go"]);
  if (input.toolchainRoot) {
    keep.push({ path: "toolchain", version: input.toolchainRoot });
    kept.add("toolchain");
  }
  const rootPaths: string[] = [];
  const altMods = new Map<string, string>();
  for (const p of pkgs) {
    if (p.mod.path === "" || p.mod.path === main.path) continue;
    if (!kept.has(p.mod.path)) {
      keep.push(p.mod);
      kept.add(p.mod.path);
      if (direct.has(p.mod.path) && !rootPaths.includes(p.mod.path)) rootPaths.push(p.mod.path);
    }
    for (const a of p.alternatives) altMods.set(a.path, a.version);
  }
  const reqsFor = (roots: ModuleVersion[]): Reqs => ({
    compare: modCompare,
    required: async (m) => (m.path === main.path && m.version === "" ? roots : (await reader.summary(m)).require),
  });
  let min = await minimalRequirements(main, rootPaths, reqsFor(keep));
  const list = await buildList([main], reqsFor(keep));
  let keptAlt = false;
  for (const m of list) {
    const v = altMods.get(m.path);
    if (v !== undefined && modCompare(m.path, m.version, v) < 0) {
      keep.push({ path: m.path, version: v });
      keptAlt = true;
    }
  }
  if (keptAlt) min = await minimalRequirements(main, rootPaths, reqsFor(keep));
  // The go (and toolchain) lines are written from these roots: keep them.
  if (!min.some((m) => m.path === "go")) min.push({ path: "go", version: input.goRoot });
  if (input.toolchainRoot && !min.some((m) => m.path === "toolchain")) min.push({ path: "toolchain", version: input.toolchainRoot });
  return min;
}

/**
 * logRootsNotLoaded is the go command's check, after tidying a pruned graph, that every
 * tidied root is a root loading ended with at that version (loading adds them as it goes):
 * where -e went past an error that stopped loading from adding the roots it needed, each
 * missing one is logged as go's "internal error" (the go root is not checked under -go,
 * which sets it). Without -e loading ends the run first, so this logs only with -e.
 */
export function logRootsNotLoaded(ctx: TidyContext, loaded: Requirements, tidied: Requirements): void {
  if (!ctx.options.allowErrors || loaded.pruning !== "pruned") return;
  for (const m of tidied.roots) {
    if (m.path === "go" && ctx.options.goVersion) continue;
    const v = rootVersion(loaded, m.path);
    if (v === m.version) continue;
    ctx.options.log?.(`go: internal error: a requirement on ${m.path}@${m.version} is needed but was not added during package loading (selected ${v ?? ""})`);
  }
}

/**
 * checkMultiplePaths reports a module version that replaces two module paths, or one
 * module path and serves as itself too, among the tidied requirements (their graph's build
 * list where the go command has read that graph, graphRead; else their roots), as the go
 * command's checkMultiplePaths: an error, which -e logs.
 */
export function checkMultiplePaths(ctx: TidyContext, rs: Requirements, graphRead: boolean): void {
  const mods = graphRead ? rs.graph.buildList().filter((m) => m.version !== "" || m.path !== ctx.main.path) : rs.roots;
  const firstPath = new Map<string, string>();
  const lines: string[] = [];
  for (const m of mods) {
    if (m.path === "go" || m.path === "toolchain") continue;
    const src = ctx.main.replacements.replacement(m) ?? m;
    const key = `${src.path}@${src.version}`;
    const prev = firstPath.get(key);
    if (prev === undefined) firstPath.set(key, m.path);
    else if (prev !== m.path) lines.push(`go: ${key} used for two different module paths (${prev} and ${m.path})`);
  }
  if (lines.length === 0) return;
  if (!ctx.options.allowErrors) throw new TidyErrors(lines);
  for (const l of lines) ctx.options.log?.(l);
}
