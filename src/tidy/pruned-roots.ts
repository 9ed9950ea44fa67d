// Keeping a pruned graph's roots consistent while packages load, as the go command's
// updateRequirements and updatePrunedRoots do between two rounds of loading.
//
// The go command reads a pruned module graph lazily: packages are first looked up at the
// roots' own versions, and the whole graph is read only when that fails (or when roots
// are added). Between rounds, every module providing a package in "all" becomes a root,
// and tidying's own roots are added. When the graph has been read, each root is then
// raised to the version the graph selects; when it has not, a spot check stands in for
// it: only if some root providing a package requires a newer version of another root is
// the graph read and the roots raised. So a root below the graph's selection (raised only
// by the requirements of a go 1.16 dependency, say) is kept where the spot check passes.
//
// The requirements read while loading hold their graph unread (a DeferredGraph) until it
// is first needed; graphRead tracks whether the go command would have read it by now.

import type { Loader, Package } from "../load/loader.js";
import { loadGraph, UnreadGraph } from "../load/modgraph.js";
import { resolveImport } from "../load/importer.js";
import { modCompare } from "../module/modcompare.js";
import type { ModuleVersion } from "../module/version.js";
import { resolverFor, TidyContext } from "./context.js";
import { initialRootsOf } from "./initial-roots.js";
import type { Requirements } from "./requirements.js";
import { sameRoots, sortRoots, tidyPrunedRoots } from "./roots.js";

/** A pruned graph's requirements during loading, and whether go would have read its graph. */
export interface LoadingRequirements {
  readonly rs: Requirements;
  readonly graphRead: boolean;
}

/** The outcome of updating the requirements after a round: the new ones, and whether to load again. */
export interface UpdatedRequirements extends LoadingRequirements {
  readonly changed: boolean;
}

/** rootSelected is the highest version of path among the roots (undefined: not a root). */
export function rootSelected(roots: readonly ModuleVersion[], path: string): string | undefined {
  let v: string | undefined;
  for (const r of roots) {
    if (r.path === path && (v === undefined || modCompare(path, v, r.version) < 0)) v = r.version;
  }
  return v;
}

/**
 * rootVersions is rootSelected for every path of the roots at once (a lookup for each of
 * thousands of packages, where a scan of the roots for each was most of a round's work).
 */
function rootVersions(roots: readonly ModuleVersion[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of roots) {
    const v = out.get(r.path);
    if (v === undefined || modCompare(r.path, v, r.version) < 0) out.set(r.path, r.version);
  }
  return out;
}

/**
 * updateLoadedRequirements is the go command's updateRequirements for a pruned graph after
 * a round of loading: the roots tidying needs are added (updatePrunedRoots), and the round
 * must be repeated when that changes the go root, or changes the version of a module a
 * package was loaded from, or lets a package that failed resolve.
 */
export async function updateLoadedRequirements(ctx: TidyContext, current: LoadingRequirements, loader: Loader,
  pkgs: Package[], loadGo: string, tools: ReadonlySet<string>): Promise<UpdatedRequirements> {
  const { rs } = current;
  const resolver = (roots: ModuleVersion[], graph: Requirements["graph"]) => resolverFor(ctx, { roots, graph }, true, loadGo);
  const tidied = await tidyPrunedRoots({
    main: ctx.main.mod, goRoot: rootSelected(rs.roots, "go")!, toolchainRoot: rootSelected(rs.roots, "toolchain") ?? null,
    pkgs, reader: ctx.reader, resolverFor: resolver,
  });
  const providing = pkgs.filter((p) => external(ctx, p) && (p.inAll || tools.has(p.path)));
  const next = await updatePrunedRoots(ctx, current, providing, tidied.roots);
  if (sameRoots(next.rs.roots, rs.roots)) return { ...next, changed: false };
  if (rootSelected(next.rs.roots, "go") !== rootSelected(rs.roots, "go")) return { ...next, changed: true };
  // The go command reads the new roots' graph to see whether the change matters.
  const graph = await loadGraph(next.rs.graph);
  for (const p of pkgs) {
    if (external(ctx, p) && graph.selected(p.mod.path) !== p.mod.version) return { rs: next.rs, graphRead: true, changed: true };
  }
  for (const n of loader.order()) {
    if ("of" in n || !n.err) continue;
    const resolved = await resolveImport(n.path, resolverFor(ctx, next.rs, true, loadGo)).then(() => true, () => false);
    if (resolved) return { rs: next.rs, graphRead: true, changed: true };
  }
  return { rs: next.rs, graphRead: true, changed: false };
}

function external(ctx: TidyContext, p: Package): boolean {
  return p.mod.path !== "" && p.mod.path !== ctx.main.path;
}

/**
 * updatePrunedRoots adds the modules of the providing packages and the modules in add (when
 * above their roots) as roots; then, where go would read the graph (roots were added, it
 * was read already, or the spot check fails), raises every root to its selected version
 * until none moves. Roots a spot check vouches for are kept as they are.
 */
export async function updatePrunedRoots(ctx: TidyContext, current: LoadingRequirements, providing: Package[],
  add: readonly ModuleVersion[]): Promise<LoadingRequirements> {
  let { rs, graphRead } = current;
  const from = rs.roots;
  const fromVersions = rootVersions(from);
  const initial = initialRootsOf.get(ctx);
  initial?.appending(from, [...providing.filter((p) => !fromVersions.has(p.mod.path)).map((p) => p.mod),
    ...add.filter((m) => { const v = fromVersions.get(m.path); return v === undefined || modCompare(m.path, v, m.version) < 0; })]);
  let roots = [...rs.roots];
  let upgraded = false;
  const spotCheck = new Map<string, ModuleVersion>();
  const inRoots = new Set(roots.map((r) => `${r.path}@${r.version}`));
  for (const p of providing) {
    const key = `${p.mod.path}@${p.mod.version}`;
    if (fromVersions.has(p.mod.path)) spotCheck.set(key, p.mod);
    else if (!inRoots.has(key)) {
      roots.push(p.mod);
      inRoots.add(key);
      upgraded = true;
    }
  }
  for (const m of add) {
    const v = fromVersions.get(m.path);
    if (v === undefined || modCompare(m.path, v, m.version) < 0) {
      roots.push(m);
      upgraded = true;
    }
  }
  if (upgraded) sortRoots(roots);
  for (;;) {
    let raise = false;
    // The graph roots are raised to: a graph go has read already is used as far as it
    // could be read (its error was the packages'), one it reads now must read whole.
    let graph = rs.graph;
    if (upgraded) {
      rs = await ctx.requirements.read("pruned", roots, rs.direct);
      graph = rs.graph;
      graphRead = raise = true;
    } else if (graphRead) {
      graph = await loadGraph(rs.graph);
      if (graph instanceof UnreadGraph) graph = graph.partial;
      raise = true;
    } else if (!(await spotCheckRoots(ctx, rs.roots, [...spotCheck.values()]))) {
      // Read now: a go.mod in it that cannot be read is the error (UnreadGraph's).
      graph = await loadGraph(rs.graph);
      graphRead = raise = true;
    }
    roots = [];
    upgraded = false;
    const seen = new Set<string>([ctx.main.path]);
    const versions = raise ? null : rootVersions(rs.roots);
    for (const m of rs.roots) {
      if (seen.has(m.path)) continue;
      seen.add(m.path);
      const v = versions ? versions.get(m.path)! : graph.selected(m.path);
      roots.push({ path: m.path, version: v });
      if (v !== m.version) upgraded = true;
    }
    if (!upgraded) break;
  }
  initial?.settled(from, roots);
  if (sameRoots(roots, rs.roots)) return { rs, graphRead };
  return { rs: await ctx.requirements.readLazily("pruned", roots, rs.direct), graphRead: false };
}

/**
 * spotCheckRoots reports whether no module in mods requires a newer version of a root
 * than the roots hold (a go.mod that cannot be read fails the check).
 */
async function spotCheckRoots(ctx: TidyContext, roots: readonly ModuleVersion[], mods: ModuleVersion[]): Promise<boolean> {
  const versions = rootVersions(roots);
  const results = await Promise.all(mods.map(async (m) => {
    const summary = await ctx.reader.summary(m).catch(() => null);
    if (!summary) return false;
    return summary.require.every((r) => {
      const v = versions.get(r.path);
      return v === undefined || modCompare(r.path, v, r.version) >= 0;
    });
  }));
  return results.every(Boolean);
}
