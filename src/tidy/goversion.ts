// Every choice of a go version in a tidy run is made here: the version loading starts
// from and how the module graph raises it, the go root tidied requirements start from,
// what -go overrides, the go and toolchain lines written, and the -compat version.
//
// The versions, by name:
//   requested  -go, when given: written, and followed by loading throughout.
//   declared   go.mod's go line as read (a missing line counts as -go's version, or this Go's).
//   loading    the version whose semantics loading follows: requested, else declared raised
//              to what the module graph selects (it also decides the graph's pruning).
//   go root    the "go" root of the tidied requirements, from which the go line is written.
//   compat     the oldest version that must select the same versions (-compat).

import { UnreadGraph } from "../load/modgraph.js";
import type { GoModFile } from "../modfile/file.js";
import { compareGoVersions, fromToolchain, goVersions, localGoVersion } from "../module/gover.js";
import type { ModuleVersion } from "../module/version.js";
import { TidyErrors } from "./errors.js";
import type { TidyOptions } from "./options.js";
import { Requirements, RequirementsReader, rootVersion } from "./requirements.js";

/** The go versions a run starts from. */
export interface GoVersions {
  /** -go, if given. */
  readonly requested: string | undefined;
  /** go.mod's go version (a missing go line counts as -go's version, or this Go's). */
  readonly declared: string;
}

/** The go and toolchain lines tidy writes (toolchain null: no toolchain line). */
export interface GoLines {
  go: string;
  toolchain: string | null;
}

/** goVersionsOf names the go versions of the main module's go.mod and the -go flag. */
export function goVersionsOf(file: GoModFile, goFlag: string | undefined): GoVersions {
  const requested = goFlag || undefined;
  return { requested, declared: file.go?.version ?? requested ?? localGoVersion };
}

/** startingLoadGo is the go version loading starts with: -go's, else go.mod's. */
export function startingLoadGo(go: GoVersions): string {
  return go.requested ?? go.declared;
}

/**
 * raiseLoadingGo returns the loading go version for the go version the requirements
 * select (an unpruned graph's selection, a pruned graph's go root): unless -go fixes it,
 * it rises to that (a go 1.16 module whose dependency needs go 1.21 is loaded, pruned, as
 * a go 1.21 module), as the go command's does.
 */
export function raiseLoadingGo(go: GoVersions, loadGo: string, selected: string): string {
  if (go.requested !== undefined) return loadGo;
  return compareGoVersions(selected, loadGo) > 0 ? selected : loadGo;
}

/**
 * settleGoRoot tidies the requirements at a go root (and toolchain root) and returns them.
 * A pruned graph keeps the loaded requirements' own go and toolchain roots, as the go
 * command's tidyPrunedRoots does: they were raised to the graph's selection only where
 * loading read the whole graph (see pruned-roots.ts), so a go 1.17 module whose unused
 * requirement needs go 1.26 is written with go 1.26 when an import had to be looked up
 * in the graph, and keeps go 1.17 when its roots provided every package. An unpruned
 * graph keeps the loaded graph's go. The toolchain root is a pruned graph's own one (an
 * unpruned graph converted to pruned has one wherever its build list selects a go of 1.21
 * or later), else, where go.mod has a toolchain line, the graph's (null: none).
 */
export async function settleGoRoot(file: GoModFile, loaded: Requirements,
  tidyAt: (goRoot: string, toolchainRoot: string | null) => Promise<Requirements>): Promise<Requirements> {
  // A graph -e went past has only its roots to go by.
  const byRoots = loaded.pruning === "pruned" || loaded.graph instanceof UnreadGraph;
  const root = (path: string) => (byRoots ? rootVersion(loaded, path) : undefined) ?? loaded.graph.selected(path);
  // A pruned graph's roots are all there is to go by (it may not have been read); roots
  // name the toolchain even where go.mod did not (a conversion to pruned makes it one).
  const fromRoots = byRoots ? rootVersion(loaded, "toolchain") : undefined;
  return tidyAt(root("go"), fromRoots ?? (file.toolchain && loaded.pruning !== "pruned" ? root("toolchain") : null));
}

/**
 * applyGoFlag makes -go's version the go root of the tidied requirements, unless a
 * dependency needs a later one: that is an error naming the requirement path to it (the
 * whole path with -v), logged and the requirements kept as they are with -e.
 */
export async function applyGoFlag(options: TidyOptions, go: GoVersions, graphs: RequirementsReader, rs: Requirements): Promise<Requirements> {
  const requested = go.requested;
  if (requested === undefined) return rs;
  const overridden = [...rs.roots.filter((m) => m.path !== "go"), { path: "go", version: requested }];
  const next = await graphs.read(rs.pruning, overridden, rs.direct);
  const selected = next.graph.selected("go");
  if (selected === requested) return next;
  const path = (next.graph.graph.findPath((m) => m.path === "go" && m.version === selected) ?? []).slice(1);
  const line = `go: ${goFlagConflict(path, requested, options.verbose ?? false)}`;
  if (!options.allowErrors) throw new TidyErrors([line]);
  options.log?.(line);
  return rs;
}

/** goFlagConflict says which requirement needs a newer go than -go's. */
function goFlagConflict(path: ModuleVersion[], requested: string, verbose: boolean): string {
  const at = (m: ModuleVersion) => `${m.path}@${m.version}`;
  if (verbose) return at(path[0]) + path.slice(1).map((m) => ` requires\n\t${at(m)}`).join("") + `, but ${requested} is requested`;
  return `${at(path[0])} ${path.length > 2 ? "indirectly " : ""}requires ${at(path[path.length - 1])}, but ${requested} is requested`;
}

/**
 * decideGoAndToolchain returns the go and toolchain lines of the tidied go.mod. Both come
 * from the roots (as -go left them), falling back to the graph (for the toolchain only
 * where go.mod has a toolchain line). A toolchain line is written when it names a Go
 * release of 1.21 or later that is not just the go line's own version: a go 1.14 module
 * whose graph selects go 1.26, tidied with -go=1.17, gets "toolchain go1.26", as the go
 * command's conversion of its graph to a pruned one made that a root.
 */
export function decideGoAndToolchain(file: GoModFile, rs: Requirements): GoLines {
  const go = rootVersion(rs, "go") ?? rs.graph.selected("go");
  const toolchain = rootVersion(rs, "toolchain") ?? (file.toolchain ? rs.graph.selected("toolchain") : "go" + go);
  const version = fromToolchain(toolchain);
  const drop = toolchain === "go" + go || version === "" || compareGoVersions(version, goVersions.goStrict) < 0;
  return { go, toolchain: drop ? null : toolchain };
}

/**
 * compatGoVersion is the -compat version for a go line: the flag's, else for go 1.17 to
 * 1.20 the previous release (below 1.17 it implies an unpruned graph), else the go line's
 * own; never above the go line.
 */
export function compatGoVersion(compatFlag: string | undefined, go: string): string {
  const compat = compatFlag || (compareGoVersions(go, goVersions.goStrict) < 0 ? previousGoLang(go) : go);
  return compareGoVersions(compat, go) > 0 ? go : compat;
}

/** previousGoLang is the language version before v ("1.17.3" -> "1.16"). */
export function previousGoLang(v: string): string {
  const m = /^1\.(\d+)/.exec(v);
  if (!m) return v;
  return `1.${Math.max(0, Number(m[1]) - 1)}`;
}
