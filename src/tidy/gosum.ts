// The tidied go.sum: which checksums tidy keeps (as the go command's keepSums), and the
// go.sum written from them and from the sums verified during the run.

import type { Package } from "../load/loader.js";
import { type DeferredGraph, loadGraph, type ModuleGraph, UnreadGraph } from "../load/modgraph.js";
import type { Replacements } from "../load/summary.js";
import { formatGoSum, GoSum } from "../modfile/gosum.js";
import { compareGoVersions, goVersions } from "../module/gover.js";
import type { ModuleVersion } from "../module/version.js";
import { importPathError } from "../scan/imports.js";
import type { TidyContext } from "./context.js";
import type { Loaded } from "./load.js";
import type { Requirements } from "./requirements.js";

/** The go.sum tidy writes, and the one -diff compares with. */
export interface BuiltGoSum {
  newGoSum: string;
  diffGoSum: string;
}

/**
 * buildGoSum writes the go.sum of the tidied requirements rs, for go line go: the sums
 * keepSums lists, with those of the -compat graph (zip sums only) when it was checked.
 * For -diff, with compat above 1.16, the go command also keeps the sums of every module
 * in the build list. Each kept sum comes from the old go.sum or from those verified.
 */
export function buildGoSum(ctx: TidyContext, loaded: Loaded, rs: Requirements,
  v: { go: string; compat: string; compatGraph: ModuleGraph | null }): BuiltGoSum {
  const { main } = ctx;
  const keepMain = keepSums(main.path, loaded.pkgs, rs.roots, rs.graph, rs.pruning === "pruned", main.replacements, v.go);
  const keep = new Set(keepMain);
  if (v.compatGraph) {
    for (const k of keepSums(main.path, loaded.pkgs, rs.roots, v.compatGraph, v.compatGraph.pruning === "pruned", main.replacements, v.compat, true)) keep.add(k);
  }
  // -diff, for compat above 1.16, keeps again by the main requirements' sums and those of
  // every module in their build list; as the go command applies it to a go.sum already
  // trimmed to keep, it only decides among the sums verified during the run.
  let diffNew: Set<string> | undefined;
  if (compareGoVersions(v.compat, "1.16") > 0) {
    diffNew = new Set(keepMain);
    const withGoMod = compareGoVersions(v.go, goVersions.tidyGoModSum) >= 0;
    for (const m of rs.graph.buildList()) {
      if (m.version === "" || m.path === "go" || m.path === "toolchain") continue;
      const r = main.replacements.replacement(m) ?? m;
      if (r.version === "") continue;
      diffNew.add(`${r.path} ${r.version}`);
      if (withGoMod) diffNew.add(`${r.path} ${r.version}/go.mod`);
    }
  }
  return { newGoSum: renderGoSum(ctx, keep), diffGoSum: renderGoSum(ctx, keep, diffNew) };
}

/**
 * renderGoSum prints the sums of the keys in keys: the old go.sum's, then those verified
 * (a verified sum the old go.sum lacks only where newKeys, if given, holds its key too).
 */
function renderGoSum(ctx: TidyContext, keys: Set<string>, newKeys?: Set<string>): string {
  const { goSum } = ctx.main;
  const out = new GoSum();
  const old = new Set<string>();
  for (const [k, hs] of goSum.byKey()) {
    if (!keys.has(k)) continue;
    for (const h of hs) {
      out.addKey(k, h);
      old.add(`${k} ${h}`);
    }
  }
  for (const [k, hs] of ctx.verifier.verified) {
    if (!keys.has(k)) continue;
    for (const h of hs) if (!newKeys || newKeys.has(k) || old.has(`${k} ${h}`)) out.addKey(k, h);
  }
  return formatGoSum(out);
}

/**
 * sumRequirements returns the requirements whose sums tidy keeps: rs, or, where -e left
 * their graph unread (unread), rs with that graph read when the go command reads it before
 * keeping sums: for -v's "unused" lines, or in keepSums itself, for a package that no root
 * provides at its version (one that failed to load has no module) — reading it there
 * ignores its errors, as the go command does, going on with the graph as far as it could
 * be read.
 */
export async function sumRequirements(ctx: TidyContext, pkgs: Package[], rs: Requirements, unread: DeferredGraph | undefined): Promise<Requirements> {
  if (!unread || !(ctx.options.verbose || keepSumsReadsGraph(ctx.main.path, pkgs, rs.roots))) return rs;
  const graph = await loadGraph(unread);
  return { ...rs, graph: graph instanceof UnreadGraph ? graph.partial : graph };
}

/** keepSumsReadsGraph reports whether keepSums needs a pruned graph beyond its roots. */
function keepSumsReadsGraph(mainPath: string, pkgs: Package[], roots: readonly ModuleVersion[]): boolean {
  const rootMap = new Map(roots.map((m) => [m.path, m.version]));
  return pkgs.some((p) => {
    if ((p.mod.path === "" && !p.err) || importPathError(p.path)) return false;
    const v = p.mod.path === mainPath ? "" : rootMap.get(p.mod.path);
    return p.mod.path === "" || v !== p.mod.version;
  });
}

/**
 * keepSums lists the go.sum keys ("path version" and "path version/go.mod") needed to load
 * the same packages again: the zip sums of the modules providing each package and of every
 * module that could (its path a prefix of the package's; only among the roots when the
 * providing module is a root of a pruned graph), the go.mod sum of each providing module
 * from go 1.21 (unless zipSumsOnly), and the go.mod sums of every module graph read.
 */
export function keepSums(mainPath: string, pkgs: Package[], roots: readonly ModuleVersion[], graph: ModuleGraph, pruned: boolean,
  replacements: Replacements, goVersion: string, zipSumsOnly = false): Set<string> {
  const keep = new Set<string>();
  const resolved = (m: ModuleVersion) => replacements.replacement(m) ?? m;
  const add = (m: ModuleVersion, goMod: boolean) => {
    const r = resolved(m);
    if (r.version === "") return; // directory replacements have no checksums
    keep.add(`${r.path} ${r.version}${goMod ? "/go.mod" : ""}`);
  };
  const keepPkgGoMod = !zipSumsOnly && compareGoVersions(goVersion, goVersions.tidyGoModSum) >= 0;
  const rootMap = new Map(roots.map((m) => [m.path, m.version]));
  const rootVersion = (path: string) => (path === mainPath ? "" : rootMap.get(path));
  for (const p of pkgs) {
    if (p.mod.path === "" && !p.err) continue; // the standard library
    if (importPathError(p.path)) continue;
    if (keepPkgGoMod && p.mod.path !== "") add(p.mod, true);
    const prefixes: string[] = [];
    for (let q = p.path; q !== "."; q = q.includes("/") ? q.slice(0, q.lastIndexOf("/")) : ".") prefixes.push(q);
    if (pruned && p.mod.path !== "" && rootVersion(p.mod.path) === p.mod.version) {
      for (const q of prefixes) {
        const v = rootVersion(q);
        if (v !== undefined && v !== "none") add({ path: q, version: v }, false);
      }
      continue;
    }
    for (const q of prefixes) {
      const v = q === mainPath ? "" : graph.selected(q);
      if (v !== "none") add({ path: q, version: v }, false);
    }
  }
  for (const m of graph.loadedModules()) {
    if (m.path === "go" || m.path === "toolchain") continue;
    add(m, true);
  }
  return keep;
}
