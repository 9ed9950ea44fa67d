// -compat: whether the go versions before graph pruning (go < 1.17) would load every
// package from the same module versions as this run, as the go command's
// checkTidyCompatibility.

import { ImportMissingError, resolveImport } from "../load/importer.js";
import type { Package } from "../load/loader.js";
import { loadGraph, UnreadGraph, type ModuleGraph } from "../load/modgraph.js";
import { pruningFor } from "../load/summary.js";
import type { ModuleVersion } from "../module/version.js";
import { resolverFor, TidyContext } from "./context.js";
import { TidyErrors } from "./errors.js";
import { previousGoLang } from "./goversion.js";
import type { Loaded } from "./load.js";
import type { Requirements } from "./requirements.js";

/** What the compatibility check found: the lines to print, and which advice they call for. */
interface CompatProblems {
  lines: string[];
  suggestUpgrade: boolean;
  suggestE: boolean;
}

/**
 * checkTidyCompatibility reads the unpruned graph that go compat would use for the tidied
 * requirements rs, when rs is pruned and compat is below 1.17, and re-resolves every
 * loaded package in it. A package it would load from a different module version, fail to
 * load, or load where this run could not is an error, printed with the go command's advice
 * (twice, as it does); with -e the errors are logged instead. It returns the compat graph,
 * whose sums go.sum keeps (with -e, of a graph that could not be read, as far as it was
 * read), or null when there is none.
 */
export async function checkTidyCompatibility(ctx: TidyContext, loaded: Loaded, rs: Requirements, go: string, compat: string): Promise<ModuleGraph | null> {
  const compatPruning = pruningFor(compat);
  if (compatPruning === rs.pruning) return null;
  const { options } = ctx;
  const suggest = (upgrade: boolean, eFlag: boolean) => compatSuggestions({ goVersion: go, declaredGo: ctx.go.declared, compat, upgrade, eFlag });
  // The compat graph is read whole, pruned too (it is the other way round only where -e
  // went past a failed -go below 1.17: requirements of its pruning, a go root above it).
  const graph = await loadGraph((await ctx.requirements.readLazily(compatPruning, rs.roots)).graph);
  if (graph instanceof UnreadGraph) {
    const line = `go: error loading go ${compat} module graph: ${graph.error.message}`;
    if (!options.allowErrors) throw new TidyErrors([line, suggest(false, false), line]);
    options.log?.(line);
    // The sums of the go.mod files read before the error are kept all the same.
    return graph.partial;
  }
  const found = await compatProblems(ctx, loaded, { roots: rs.roots, graph }, compat, compatPruning === "pruned");
  if (found.lines.length === 0) {
    checkRootsSelected(rs, graph, go, compat);
    return graph;
  }
  if (options.allowErrors) {
    for (const l of found.lines) options.log?.(l);
    return graph;
  }
  // The go command prints the errors, its advice, and the errors again as it exits.
  const printed = found.lines.map((l) => l.replace(/\n$/, ""));
  throw new TidyErrors([...printed, suggest(found.suggestUpgrade, found.suggestE), ...printed]);
}

/**
 * checkRootsSelected: with every package loaded alike, each root should be selected by the
 * compat graph too. The go command checks that and ends the run with an internal error
 * (even with -e) when a root is not, such as a go root that a dependency's dependency,
 * pruned out of the graph at the go line's version, raises in the unpruned one.
 */
function checkRootsSelected(rs: Requirements, graph: ModuleGraph, go: string, compat: string): void {
  for (const m of rs.roots) {
    const v = graph.selected(m.path);
    if (v === m.version) continue;
    throw new TidyErrors(["", `go: internal error: failed to diagnose selected-version mismatch for module ${m.path}: go ${go} selects ${m.version}, but go ${compat} selects ${v}\n\tPlease report this at https://golang.org/issue.`]);
  }
}

/** compatProblems resolves each loaded package in the compat graph and compares. */
async function compatProblems(ctx: TidyContext, loaded: Loaded, rs: { roots: readonly ModuleVersion[]; graph: ModuleGraph }, compat: string,
  pruned: boolean): Promise<CompatProblems> {
  const { loader } = loaded;
  // In the go command's order of loaded packages (breadth first from the roots, as their
  // import stacks), which is the order of the errors.
  const pkgs = loader.order().filter((n): n is Package => !("of" in n));
  const resolver = resolverFor(ctx, rs, pruned, loaded.loadGo);
  const out: CompatProblems = { lines: [], suggestUpgrade: false, suggestE: false };
  const at = (m: ModuleVersion) => `${m.path}@${m.version}`;
  const rootsInconsistent = () => rs.roots.some((m) => rs.graph.selected(m.path) !== m.version);
  const results = await Promise.all(pkgs.map(async (p: Package) => {
    if (p.mod.path === "" && !p.err) return null;
    try {
      return { mod: (await resolveImport(p.path, resolver)).mod, err: null as Error | null };
    } catch (err) {
      return { mod: { path: "", version: "" }, err: err as Error };
    }
  }));
  for (const [i, p] of pkgs.entries()) {
    const r = results[i];
    if (!r || (r.mod.path === p.mod.path && r.mod.version === p.mod.version)) continue;
    if (r.err) {
      const where = r.err instanceof ImportMissingError ? ` in ${p.mod.path}@${rs.graph.selected(p.mod.path)}` : `:\n\t${r.err.message}`;
      out.lines.push(`go: ${loader.stackText(p)} loaded from ${at(p.mod)},\n\tbut go ${compat} would fail to locate it${where}`);
      out.suggestE = true;
      if (!out.suggestUpgrade && rootsInconsistent()) out.suggestUpgrade = true;
    } else if (p.err) {
      out.suggestUpgrade = true;
      out.lines.push(`go: ${p.path} failed to load from any module,\n\tbut go ${compat} would load it from ${at(r.mod)}`);
    } else {
      out.suggestUpgrade = true;
      out.lines.push(`go: ${loader.stackText(p)} loaded from ${at(p.mod)},\n\tbut go ${compat} would select ${r.mod.version}\n`);
    }
  }
  return out;
}

/** compatSuggestions is the advice the go command prints after -compat errors. */
function compatSuggestions(s: { goVersion: string; declaredGo: string; compat: string; upgrade: boolean; eFlag: boolean }): string {
  const goFlag = s.goVersion !== s.declaredGo ? ` -go=${s.goVersion}` : "";
  const compatFlag = s.compat !== previousGoLang(s.goVersion) ? ` -compat=${s.compat}` : "";
  let out = "\n";
  if (s.upgrade) {
    const eDesc = s.eFlag ? ", leaving some packages unresolved" : "";
    const e = s.eFlag ? " -e" : "";
    out += `To upgrade to the versions selected by go ${s.compat}${eDesc}:\n\tgo mod tidy${e} -go=${s.compat} && go mod tidy${e} -go=${s.goVersion}${compatFlag}\n`;
  } else if (s.eFlag) {
    out += `To proceed despite packages unresolved in go ${s.compat}:\n\tgo mod tidy -e${goFlag}${compatFlag}\n`;
  }
  out += `If reproducibility with go ${s.compat} is not needed:\n\tgo mod tidy${goFlag} -compat=${s.goVersion}\n`;
  out += "For information about 'go mod tidy' compatibility, see:\n\thttps://go.dev/ref/mod#graph-pruning";
  return out;
}
