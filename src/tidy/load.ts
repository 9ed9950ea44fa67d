// Loading the packages of "all": scan the main module, then load from its packages (and
// tools), add modules for imports no requirement provides, and load again until nothing
// changes, as the go command's loadFromRoots does.

import { findFetchError, isOffline } from "../fetch/errors.js";
import { ImportMissingError, resolveImport } from "../load/importer.js";
import { Loader, Package } from "../load/loader.js";
import { loadGraph, UnreadGraph } from "../load/modgraph.js";
import { Pruning, pruningFor, TooNewError } from "../load/summary.js";
import { compareGoVersions } from "../module/gover.js";
import { BuildListError } from "../mvs/mvs.js";
import { modCompare } from "../module/modcompare.js";
import type { ModuleVersion } from "../module/version.js";
import { scanModule } from "../scan/walk.js";
import { moduleIndexEnabled } from "../settings/resolve.js";
import { TidyContext, querierFor, resolverFor } from "./context.js";
import { TidyErrors, tooNewLine } from "./errors.js";
import { raiseLoadingGo, startingLoadGo } from "./goversion.js";
import { updateLoadedRequirements, updatePrunedRoots, rootSelected, type UpdatedRequirements } from "./pruned-roots.js";
import { followInitialRoots } from "./initial-roots.js";
import { Requirements, withDirect } from "./requirements.js";
import { foundVersions, rootsThenAdded, sortRoots, tidyRootsError } from "./roots.js";

/** The main module's packages as scanned, and the reporter of packages read after. */
export interface MainPackages {
  roots: { path: string; dir: string }[];
  onRead?: (p: Package, files: number) => void;
}

/** The outcome of loading: the packages, and the requirements they were loaded from. */
export interface Loaded {
  /** The requirements the packages were loaded from, with the direct set. */
  readonly rs: Requirements;
  /** The go version whose semantics loading followed. */
  readonly loadGo: string;
  readonly loader: Loader;
  readonly pkgs: Package[];
  /** Modules added for missing imports: module path -> the first import found in it. */
  readonly found: ReadonlyMap<string, string>;
  /**
   * The requirements loading started from as the go command holds them after reading
   * go.mod: its requirements, or, for a go.mod without a go line converted to a pruned
   * graph, every module of its build list (the -v "unused" lines are of these).
   */
  readonly initial: readonly ModuleVersion[];
}

/**
 * scanMainModule lists the main module's packages (honouring its ignore directives) and
 * reports the scan, then each package read, through options.progress.
 */
export async function scanMainModule(ctx: TidyContext): Promise<MainPackages> {
  const { options, main } = ctx;
  const stats = { directories: 0, files: 0 };
  const pkgs = await scanModule(ctx.scanner, main.root, main.path, { ignore: main.file.ignore.map((i) => i.path), stats, listings: ctx.options.listings });
  options.progress?.({ kind: "scanned", packages: pkgs.length, files: stats.files });
  let packagesRead = 0;
  let filesRead = stats.files;
  const onRead = options.progress && ((p: Package, files: number) => {
    packagesRead++;
    filesRead += files;
    options.progress!({ kind: "package", path: p.path, packages: packagesRead, files: filesRead });
  });
  return { roots: pkgs.map((p) => ({ path: p.importPath, dir: p.dir })), onRead };
}

/**
 * loadFromRoots loads the packages of "all" from the main module's requirements: each
 * round reads the requirements' graph, makes the tools' modules roots first (pruned),
 * loads every package, and queries for the modules of imports that nothing provides;
 * the modules found become roots for the next round. It ends when a round finds no
 * missing import, or no module for any. As in the go command, an import whose query
 * failed is queried again in every later round (its "finding module" line printed again;
 * the fetcher answers a repeated version list or latest query without a request), and
 * the last failure becomes the package's error.
 */
export async function loadFromRoots(ctx: TidyContext, scanned: MainPackages): Promise<Loaded> {
  let roots = startingRoots(ctx);
  let loadGo = startingLoadGo(ctx.go);
  // Whether the go command would have read the whole (pruned) graph of these roots.
  let graphRead = false;
  // The pruning of the requirements loading goes on with: go.mod's first, then that of
  // the requirements each round ended with (a conversion that failed keeps the old one,
  // which the next round tries to convert again, as the go command does every round).
  let pruning = startingPruning(ctx);
  let first = true;
  let initial: readonly ModuleVersion[] = ctx.main.required;
  const found = new Map<string, string>();
  const tools = new Set(ctx.main.tools);
  // The direct set the requirements carry: go.mod's until a round's roots were updated
  // from its packages, then the modules those packages import (go's updateRequirements).
  let direct: ReadonlySet<string> | null = null;
  for (;;) {
    let rs: Requirements;
    let convertRead: boolean;
    ({ rs, loadGo, graphRead: convertRead } = await loadRequirements(ctx, roots, loadGo, pruning));
    pruning = rs.pruning;
    graphRead ||= convertRead;
    if (first && !ctx.main.file.go && rs.pruning === "pruned") initial = rs.roots.filter((m) => m.path !== "go" && m.path !== "toolchain");
    if (first) followInitialRoots(ctx, rs);
    first = false;
    if (rs.pruning === "pruned" && ctx.main.tools.length > 0) {
      const withTools = await preloadTools(ctx, rs, loadGo);
      if (withTools) {
        ({ rs, graphRead } = await updatePrunedRoots(ctx, { rs, graphRead }, [], withTools));
        roots = [...rs.roots];
        continue;
      }
    }
    // A graph -e went past (unpruned, see loadRequirements) is looked in as far as its
    // roots go: a package they do not provide gets the graph's error.
    const unread = rs.pruning !== "pruned" && rs.graph instanceof UnreadGraph ? rs.graph : null;
    const resolver = resolverFor(ctx, rs, rs.pruning === "pruned" || unread !== null, loadGo);
    const tracked = { ...resolver, selectedVersion: (p: string) => ((graphRead = true), resolver.selectedVersion(p)) };
    const loader = new Loader({
      mainPath: ctx.main.path, roots: scanned.roots, tools: [...ctx.main.tools],
      goVersion: loadGo, resolver: tracked, scanner: ctx.scanner, onRead: scanned.onRead, moduleIndex: moduleIndexEnabled(ctx.options.settings.values),
    });
    const pkgs = await loader.load();
    stopIfTooNew(ctx, pkgs);
    if (rs.pruning === "pruned") {
      const updated: UpdatedRequirements | null = await updateLoadedRequirements(ctx, { rs, graphRead }, loader, pkgs, loadGo, tools).catch((err: unknown) => {
        // A module graph error met updating the roots: -e logs it, and loading stops there,
        // the requirements as they were (with the direct set of the last round whose roots
        // were updated, else go.mod's).
        if (!(err instanceof BuildListError) || err.cause instanceof TooNewError || !ctx.options.allowErrors) throw err;
        ctx.options.log?.(`go: ${err.message}`);
        return null;
      });
      if (updated === null) return { rs: withDirect(rs, direct ?? goModDirect(ctx)), loadGo, loader, pkgs, found, initial };
      ({ rs, graphRead } = updated);
      direct = directModules(ctx, loader, pkgs);
      roots = [...rs.roots];
      if (updated.changed) continue;
    }
    const done = () => ({ rs: withDirect(rs, directModules(ctx, loader, pkgs)), loadGo, loader, pkgs, found, initial });
    // Updating an unpruned graph's requirements meets an error: tidying them first (its
    // graph is of the modules providing packages), else the whole graph's when the roots
    // are updated. It is logged, and loading stops there (the go command's
    // updateRequirements, then its loop's break).
    if (unread) {
      const err = (await tidyRootsError(ctx, { rs, pkgs, loadGo })) ?? unread.error;
      ctx.options.log?.(`go: ${err.message}`);
      // The roots were never updated from the packages: the direct set stays go.mod's.
      return { rs: withDirect(rs, goModDirect(ctx)), loadGo, loader, pkgs, found, initial };
    }
    const missing = missingImports(loader);
    const addedBy = new Map<string, Package>();
    const next = missing.length === 0 ? null : await resolveMissingImports(ctx, rs, missing, found, addedBy);
    if (next === null) return done();
    try {
      if (rs.pruning === "pruned") ({ rs, graphRead } = await updatePrunedRoots(ctx, { rs, graphRead: true }, [], sortRoots(foundVersions(addedBy))));
      else await ctx.requirements.read(rs.pruning, rootsThenAdded(rs.roots, foundVersions(addedBy)));
    } catch (err) {
      addedModuleError(ctx, loader, err, addedBy);
      return done();
    }
    roots = rs.pruning === "pruned" ? [...rs.roots] : next;
  }
}

/**
 * addedModuleError reports a module graph error met adding the modules found for missing
 * imports: when it is about one of them, as an error of the package it was found for (the
 * go command's package stack, then the module's own error), else as the graph's error;
 * -e logs it and loading stops at it. Any other error stops the run.
 */
function addedModuleError(ctx: TidyContext, loader: Loader, err: unknown, addedBy: ReadonlyMap<string, Package>): void {
  if (!(err instanceof BuildListError) || err.cause instanceof TooNewError) throw err;
  const pkg = addedBy.get(`${err.module.path}@${err.module.version}`);
  if (!pkg && !ctx.options.allowErrors) throw err;
  const line = pkg ? `go: ${loader.stackText(pkg)}: ${err.cause.message}` : `go: ${err.message}`;
  if (!ctx.options.allowErrors) throw new TidyErrors([line], [err]);
  ctx.options.log?.(line);
}

/**
 * stopIfTooNew stops the run when a package could not load because its module needs a
 * newer Go (the highest such need is reported), as the go command does after each round.
 */
function stopIfTooNew(ctx: TidyContext, pkgs: Package[]): void {
  let max: TooNewError | null = null;
  for (const p of pkgs) {
    if (p.err instanceof TooNewError && !(max && compareGoVersions(p.err.goVersion, max.goVersion) <= 0)) max = p.err;
  }
  if (max) throw new TidyErrors([tooNewLine(ctx.options, max)], [max]);
}

/**
 * startingPruning is the pruning go.mod's requirements are read with first: that of its
 * own go version. A go.mod without a go line was written by Go 1.11 to 1.16, so its graph
 * is read unpruned (an error in it shows the whole requirement path from the main module)
 * and converted to the pruning of the go version tidy adds, as the go command does.
 */
function startingPruning(ctx: TidyContext): Pruning {
  return ctx.main.file.go ? pruningFor(ctx.go.declared) : "unpruned";
}

/**
 * startingRoots are go.mod's requirements with the go (and toolchain) lines as roots,
 * sorted by path as the go command keeps them: the graph is walked breadth first from
 * them in that order, which decides the first error of a graph with several.
 */
function startingRoots(ctx: TidyContext): ModuleVersion[] {
  const { file, required } = ctx.main;
  const roots = [...required, { path: "go", version: ctx.go.declared }];
  if (file.toolchain) roots.push({ path: "toolchain", version: file.toolchain.name });
  return sortRoots(roots);
}

/**
 * loadRequirements reads the graph of roots with the given pruning, raises the loading go
 * version to what the graph selects, and, if that version's pruning is another, converts
 * the requirements to it (as the go command's convertPruning; an unpruned graph that could
 * not be read stays unpruned, its error logged again).
 */
async function loadRequirements(ctx: TidyContext, roots: readonly ModuleVersion[], loadGo: string, pruning: Pruning): Promise<{ rs: Requirements; loadGo: string; graphRead: boolean }> {
  // A go.mod without a go line is converted before loading, where a graph error ends the
  // run even with -e (the go command's loadModFile).
  const fatal = !ctx.main.file.go && pruningFor(loadGo) !== pruning;
  let rs = pruning === "pruned" ? await ctx.requirements.readLazily(pruning, roots) : await readUnpruned(ctx, roots, pruning, fatal);
  const unread = rs.pruning !== "pruned" && rs.graph instanceof UnreadGraph;
  const rootGo = pruning === "pruned" || unread;
  const raised = raiseLoadingGo(ctx.go, loadGo, rootGo ? rootSelected(rs.roots, "go")! : rs.graph.selected("go"));
  if (pruningFor(raised) === rs.pruning) return { rs, loadGo: raised, graphRead: false };
  // -e went past the graph's error (readUnpruned): converting needs the graph, so the go
  // command meets the error again, logs it, and loads with the unpruned requirements.
  if (unread) {
    ctx.options.log?.(`go: ${(rs.graph as UnreadGraph).error.message}`);
    return { rs, loadGo: raised, graphRead: false };
  }
  // A pruned graph whose go.mod files cannot all be read cannot be converted to unpruned
  // (the go command converts from the pruned graph's build list): -e logs its error, and
  // loading goes on with the pruned requirements. (Converting reads a pruned graph not
  // read yet.)
  const graph = await loadGraph(rs.graph);
  if (graph instanceof UnreadGraph) {
    const err = graph.error;
    if (!ctx.options.allowErrors || err.cause instanceof TooNewError) throw err;
    ctx.options.log?.(`go: ${err.message}`);
    return { rs, loadGo: raised, graphRead: true };
  }
  if (pruningFor(raised) !== "pruned") {
    // The go command converts to unpruned from the pruned graph's build list, every module
    // of it required by the main module (so a go.mod of it that cannot be read is named
    // without a requirement path): -e logs the error, and loading goes on pruned.
    const err = await ctx.requirements.read("unpruned", graph.buildList().filter((m) => m.path !== ctx.main.path)).then(() => null, (e: unknown) => e);
    if (err !== null) {
      if (!(err instanceof BuildListError) || !ctx.options.allowErrors || err.cause instanceof TooNewError) throw err;
      ctx.options.log?.(`go: ${err.message}`);
      return { rs, loadGo: raised, graphRead: true };
    }
  }
  // An unpruned graph becomes pruned with every module of its build list as a root.
  rs = pruningFor(raised) === "pruned"
    ? await ctx.requirements.read("pruned", graph.buildList().filter((m) => m.path !== ctx.main.path))
    : await ctx.requirements.expand(pruningFor(raised), rs.roots);
  return { rs, loadGo: raised, graphRead: false };
}

/**
 * readUnpruned reads an unpruned graph whole, as the go command does before loading. With
 * -e a go.mod in it that cannot be read is logged and loading goes on from the roots (an
 * UnreadGraph); without, or when fatal, it ends the run.
 */
async function readUnpruned(ctx: TidyContext, roots: readonly ModuleVersion[], pruning: Pruning, fatal: boolean): Promise<Requirements> {
  const rs = await ctx.requirements.readLazily(pruning, roots);
  if (!(rs.graph instanceof UnreadGraph)) return rs;
  const err = rs.graph.error;
  if (!ctx.options.allowErrors || fatal || err.cause instanceof TooNewError) throw err;
  ctx.options.log?.(`go: ${err.message}`);
  return rs;
}

/**
 * preloadTools locates the modules of the tool packages, which are root packages outside
 * the main module, before loading anything else (as the go command's preloadRootModules,
 * with a pruned graph): each tool is resolved in rs, or else queried for, without a
 * "found" line. It returns the roots with the modules found, or null if that adds none.
 */
async function preloadTools(ctx: TidyContext, rs: Requirements, loadGo: string): Promise<ModuleVersion[] | null> {
  const resolver = resolverFor(ctx, rs, true, loadGo);
  const mods = await Promise.all(ctx.main.tools.map(async (tool) => {
    try {
      return (await resolveImport(tool, resolver)).mod;
    } catch (err) {
      if (!(err instanceof ImportMissingError) || err.isStd) return null;
      // A missing import was looked for in the whole graph: it has been read.
      return querierFor(ctx, await loadGraph(rs.graph)).queryImport(tool).catch(() => null);
    }
  }));
  let roots: ModuleVersion[] | null = null;
  for (const m of mods) {
    if (!m || m.path === "" || m.path === ctx.main.path) continue;
    roots = addRoot(roots ?? rs.roots, m) ?? roots;
  }
  return roots;
}

/**
 * missingImports lists the packages no module provides (the standard library's aside).
 * One whose query failed in an earlier round is listed again, as the go command lists it.
 */
function missingImports(loader: Loader): Package[] {
  const missing: Package[] = [];
  for (const n of loader.order()) {
    if ("of" in n || !(n.err instanceof ImportMissingError) || n.err.isStd) continue;
    missing.push(n);
  }
  return missing;
}

/**
 * resolveMissingImports queries for a module providing each missing package, logging
 * "go: found" lines and recording in found the first import each module was found for.
 * A module needing a newer Go stops the run (the highest such need is reported). A failed
 * query becomes the package's error. It returns the roots with
 * the modules found, or null when no query found one.
 */
async function resolveMissingImports(ctx: TidyContext, rs: Requirements, missing: Package[],
  found: Map<string, string>, addedBy: Map<string, Package>): Promise<ModuleVersion[] | null> {
  // A missing import was looked for in the whole graph: it has been read.
  const querier = querierFor(ctx, await loadGraph(rs.graph));
  const results = await Promise.all(missing.map((p) => querier.queryImport(p.path).then(
    (mod) => ({ p, mod, err: null as Error | null }),
    (err: Error) => ({ p, mod: null as ModuleVersion | null, err }),
  )));
  let tooNew: { p: Package; err: TooNewError } | null = null;
  for (const r of results) {
    if (r.err instanceof TooNewError && !(tooNew && compareGoVersions(r.err.goVersion, tooNew.err.goVersion) <= 0)) tooNew = { p: r.p, err: r.err };
  }
  if (tooNew) {
    throw new TidyErrors([`go: toolchain upgrade needed to resolve ${tooNew.p.path}`, tooNewLine(ctx.options, tooNew.err)], [tooNew.err]);
  }
  let roots: readonly ModuleVersion[] = rs.roots;
  let added = false;
  for (const r of results) {
    if (r.mod) {
      ctx.options.log?.(`go: found ${r.p.path} in ${r.mod.path} ${r.mod.version}`);
      if (!found.has(r.mod.path)) found.set(r.mod.path, r.p.path);
      if (!addedBy.has(`${r.mod.path}@${r.mod.version}`)) addedBy.set(`${r.mod.path}@${r.mod.version}`, r.p);
      roots = addRoot(roots, r.mod) ?? roots;
      added = true;
    } else {
      r.p.err = r.err;
    }
  }
  return added ? [...roots] : null;
}

/** addRoot returns roots with m, replacing a lower version of its path; null if m adds nothing. */
function addRoot(roots: readonly ModuleVersion[], m: ModuleVersion): ModuleVersion[] | null {
  const i = roots.findIndex((r) => r.path === m.path);
  if (i < 0) return [...roots, m];
  if (modCompare(m.path, roots[i].version, m.version) >= 0) return null;
  return roots.map((r, j) => (j === i ? m : r));
}

/** goModDirect is the direct set go.mod gives: paths required without "// indirect", at versions not excluded. */
function goModDirect(ctx: TidyContext): Set<string> {
  const kept = ctx.main.file.require.filter((r) => !r.indirect && !ctx.main.excluded.has(`${r.mod.path}@${r.mod.version}`));
  return new Set(kept.map((r) => r.mod.path));
}

/** directModules lists the modules providing packages imported by the main module's packages or tests. */
function directModules(ctx: TidyContext, loader: Loader, pkgs: Package[]): Set<string> {
  const direct = new Set<string>();
  for (const p of pkgs) {
    if (!loader.isMain(p)) continue;
    for (const d of [...p.imports, ...(p.test?.imports ?? [])]) {
      if (d.mod.path !== "" && d.mod.path !== ctx.main.path) direct.add(d.mod.path);
    }
  }
  return direct;
}

/**
 * checkPackageErrors reports what loading left wrong: a warning when "all" matched no
 * packages, then every package error (the standard library's missing packages aside).
 * They stop the run, unless -e lets it go on (logging them); offline, a package only the
 * network could locate stops the run even with -e, saying what is missing.
 */
export function checkPackageErrors(ctx: TidyContext, loaded: Loaded): void {
  const { options } = ctx;
  // As the go command warns for any pattern that matches nothing.
  if (!loaded.pkgs.some((p) => p.inAll)) (options.warn ?? options.log)?.(`go: warning: "all" matched no packages`);
  const errors: string[] = [];
  const causes: Error[] = [];
  for (const n of loaded.loader.order()) {
    if ("of" in n || !n.err) continue;
    if (n.err instanceof ImportMissingError && n.err.isStd) continue; // tidy says nothing about these
    errors.push(`go: ${loaded.loader.stackText(n)}: ${n.err.message}`);
    causes.push(n.err);
  }
  if (errors.length === 0) return;
  const offline = options.offline && causes.some((c) => findFetchError(c, isOffline) !== null);
  if (!options.allowErrors || offline) throw new TidyErrors(errors, causes);
  for (const e of errors) options.log?.(e);
}
