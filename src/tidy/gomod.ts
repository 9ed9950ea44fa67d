// The tidied go.mod: the requirements, go and toolchain lines applied to the parsed file,
// printed; and what -diff compares it with.

import { cleanup, setGoVersion, setRequire, setRequireSeparateIndirect, setToolchain, dropToolchain, sortBlocks } from "../modfile/edit.js";
import { printSyntax } from "../modfile/print.js";
import { parseGoModFile } from "../modfile/rules.js";
import { compareGoVersions, goVersions } from "../module/gover.js";
import type { RequirementLines } from "./explain.js";
import type { GoLines } from "./goversion.js";
import type { MainModule } from "./main-module.js";
import type { Requirements } from "./requirements.js";
import type { ModuleVersion } from "../module/version.js";

/** The new go.mod, and what -diff shows it against. */
export interface BuiltGoMod {
  /** The go.mod before tidying as -diff shows it (with the go line the go command adds). */
  currentGoMod: string;
  newGoMod: string;
  /** The requirement lines written. */
  lines: RequirementLines;
  /** Requirements no longer needed (the -v "unused" lines). */
  unused: string[];
}

/**
 * buildGoMod edits main's parsed go.mod to the tidied requirements (roots other than go
 * and toolchain, indirect where the main module does not import them) and go lines, in
 * one block below go 1.17 and in separate direct and indirect blocks from it, and prints
 * it. It edits main.file in place (see MainModule).
 */
export function buildGoMod(main: MainModule, rs: Requirements, lines: GoLines, initial: readonly ModuleVersion[] = main.required,
  repeats = false): BuiltGoMod {
  const { file } = main;
  const require = rs.roots.filter((m) => m.path !== "go" && m.path !== "toolchain")
    .map((m) => ({ path: m.path, version: m.version, indirect: !rs.direct.has(m.path) }));
  let currentGoMod = main.currentGoMod;
  if (!file.go) {
    // The go command adds a missing go line when it reads go.mod, so -diff does not show it.
    const current = parseGoModFile(file.syntax.name, currentGoMod);
    setGoVersion(current, lines.go);
    currentGoMod = printSyntax(current.syntax);
  }
  if (!file.go || file.go.version !== lines.go) setGoVersion(file, lines.go);
  if (lines.toolchain === null) dropToolchain(file);
  else setToolchain(file, lines.toolchain);
  if (compareGoVersions(lines.go, goVersions.separateIndirect) < 0) setRequire(file, require);
  else setRequireSeparateIndirect(file, require);
  sortBlocks(file);
  cleanup(file);
  return {
    currentGoMod, newGoMod: printSyntax(file.syntax), unused: unusedRequirements(initial, rs, repeats),
    lines: { require, go: lines.go, toolchain: lines.toolchain },
  };
}

/**
 * unusedRequirements lists (sorted) the initial requirements (go.mod's, see Loaded) that
 * tidying drops: those no longer roots (pruned), or no longer in the graph at all (unpruned).
 * With repeats, a path listed more than once is told each time (as the go command does for
 * the initial roots its updates sorted in place: see initial-roots.ts).
 */
function unusedRequirements(initial: readonly ModuleVersion[], rs: Requirements, repeats: boolean): string[] {
  const rootPaths = new Set(rs.roots.map((m) => m.path));
  const paths = initial.map((m) => m.path);
  return (repeats ? paths : [...new Set(paths)]).sort().filter((p) =>
    rs.pruning === "pruned" ? !rootPaths.has(p) : rs.graph.selected(p) === "none");
}
