// Edits of a GoModFile that keep the go command's layout: requirements and their
// "// indirect" markers, the go and toolchain lines, replace and exclude,
// sorting of blocks, removal of duplicates, and cleanup.

import { stableSort } from "./stable-sort.js";
import { GoModFile, Require } from "./file.js";
import { addLine, addLineNear, cleanupSyntax, markRemoved, updateLine } from "./layout.js";
import { autoQuote } from "./quoting.js";
import { goVersionRE, isIndirect, toolchainRE } from "./rules.js";
import { Comment, Comments, Line, LineBlock } from "./syntax.js";
import { canonicalVersion, pathMajorProblem, splitPathVersion } from "../module/path.js";
import { InvalidVersionError } from "../module/errors.js";
import { compare as semverCompare, major as semverMajor } from "../module/semver.js";
import type { ModuleVersion } from "../module/version.js";
import { compareBytes, trimSpace } from "../text/unicode.js";

/** A requirement as callers state it: a module version and whether it is indirect. */
export interface RequirementSpec {
  path: string;
  version: string;
  indirect: boolean;
}

function commentText(c: Comment): string {
  return trimSpace(c.token.replace(/^\/\//, ""));
}

/** setIndirect adds or removes the "// indirect" marker, keeping any other comment text. */
export function setIndirect(r: Require, indirect: boolean): void {
  r.indirect = indirect;
  const line = r.syntax;
  if (isIndirect(line) === indirect) return;
  const suffix = line.comments.suffix;
  if (indirect) {
    if (suffix.length === 0) {
      line.comments.suffix = [{ start: { line: 0, column: 0, offset: 0 }, token: "// indirect", suffix: true }];
      return;
    }
    const text = commentText(suffix[0]);
    suffix[0] = { ...suffix[0], token: text === "" ? "// indirect" : "// indirect; " + text };
    return;
  }
  if (commentText(suffix[0]) === "indirect") {
    line.comments.suffix = [];
    return;
  }
  const token = suffix[0].token;
  const i = token.indexOf("indirect;");
  suffix[0] = { ...suffix[0], token: "//" + token.slice(i + "indirect;".length) };
}

/** setVersion changes a requirement's version; a lone blank line before it in a block goes too. */
function setVersion(r: Require, v: string): void {
  r.mod = { path: r.mod.path, version: v };
  const line = r.syntax;
  if (line.tokens.length === 0 || line.removed) return;
  if (line.inBlock) {
    const before = line.comments.before;
    if (before.length === 1 && before[0].token.length === 0) line.comments.before = [];
    if (line.tokens.length >= 2) line.tokens[1] = v;
  } else if (line.tokens.length >= 3) {
    line.tokens[2] = v;
  }
}

function removeRequire(r: Require): void {
  markRemoved(r.syntax);
}

/** addRequire sets the version of path's requirement, adding one if there is none; later duplicates go. */
export function addRequire(f: GoModFile, path: string, version: string): void {
  let need = true;
  for (const r of f.require) {
    if (r.mod.path !== path || r.syntax.removed) continue;
    if (need) {
      r.mod = { path, version };
      updateLine(r.syntax, ["require", autoQuote(path), version]);
      need = false;
    } else {
      removeRequire(r);
    }
  }
  if (need) addNewRequire(f, path, version, false);
}

/** addNewRequire adds a requirement line after the last require statement (or at the end). */
export function addNewRequire(f: GoModFile, path: string, version: string, indirect: boolean): Require {
  const line = addLine(f.syntax, null, ["require", autoQuote(path), version]);
  const r: Require = { mod: { path, version }, indirect: false, syntax: line };
  setIndirect(r, indirect);
  f.require.push(r);
  return r;
}

/** dropRequire removes every requirement on path. */
export function dropRequire(f: GoModFile, path: string): void {
  for (const r of f.require) if (r.mod.path === path) removeRequire(r);
}

function indexRequirements(reqs: RequirementSpec[]): Map<string, RequirementSpec> {
  const need = new Map<string, RequirementSpec>();
  for (const r of reqs) {
    const prev = need.get(r.path);
    if (prev && prev.version !== r.version) {
      throw new Error(`conflicting versions for ${r.path} (${prev.version} and ${r.version})`);
    }
    need.set(r.path, r);
  }
  return need;
}

/**
 * setRequire makes the requirements exactly reqs in the single-block layout of
 * go < 1.17: existing lines are updated in place, others dropped, new ones appended
 * to the last require statement; then blocks are sorted.
 */
export function setRequire(f: GoModFile, reqs: RequirementSpec[]): void {
  const need = indexRequirements(reqs);
  for (const r of f.require) {
    if (r.syntax.removed) continue;
    const e = need.get(r.mod.path);
    if (e) {
      setVersion(r, e.version);
      setIndirect(r, e.indirect);
    } else {
      removeRequire(r);
    }
    need.delete(r.mod.path);
  }
  for (const e of need.values()) addNewRequire(f, e.path, e.version, e.indirect);
  sortBlocks(f);
}

function hasComments(c: Comments): boolean {
  return c.before.length > 0 || c.after.length > 0 || c.suffix.length > 1 ||
    (c.suffix.length === 1 && commentText(c.suffix[0]) !== "indirect");
}

/**
 * setRequireSeparateIndirect makes the requirements exactly reqs in the layout of
 * go >= 1.17: direct requirements in one block and indirect ones in another.
 * Requirements in blocks that carry comments or mix both kinds stay where they are;
 * those in the uncommented direct-only or indirect-only blocks move to the block of
 * their new kind; new requirements go to the last block of their kind, which is
 * created when there is none.
 */
export function setRequireSeparateIndirect(f: GoModFile, reqs: RequirementSpec[]): void {
  const stmts = f.syntax.stmts;
  const need = indexRequirements(reqs);

  let lastDirect = -1;
  let lastIndirect = -1;
  let lastRequire = -1;
  let requireCount = 0;
  const lineToBlock = new Map<Line, LineBlock>();
  stmts.forEach((stmt, i) => {
    if (stmt instanceof Line) {
      if (stmt.removed || stmt.tokens[0] !== "require") return;
      lastRequire = i;
      requireCount++;
      if (!hasComments(stmt.comments)) {
        if (isIndirect(stmt)) lastIndirect = i;
        else lastDirect = i;
      }
    } else if (stmt instanceof LineBlock) {
      if (stmt.tokens[0] !== "require") return;
      lastRequire = i;
      requireCount++;
      let allDirect = stmt.lines.length > 0 && !hasComments(stmt.comments);
      let allIndirect = allDirect;
      for (const line of stmt.lines) {
        lineToBlock.set(line, stmt);
        if (hasComments(line.comments)) {
          allDirect = false;
          allIndirect = false;
        } else if (isIndirect(line)) {
          allDirect = false;
        } else {
          allIndirect = false;
        }
      }
      if (allDirect) lastDirect = i;
      if (allIndirect) lastIndirect = i;
    }
  });

  const oneFlatUncommentedBlock = requireCount === 1 && !hasComments(stmts[lastRequire].comments);

  const insertBlock = (i: number): LineBlock => {
    const block = new LineBlock(["require"]);
    stmts.splice(i, 0, block);
    return block;
  };
  const ensureBlock = (i: number): LineBlock => {
    const stmt = stmts[i];
    if (stmt instanceof LineBlock) return stmt;
    const line = stmt as Line;
    const block = new LineBlock(["require"], [line]);
    line.tokens = line.tokens.slice(1);
    line.inBlock = true;
    stmts[i] = block;
    return block;
  };

  let directBlock: LineBlock;
  if (lastDirect < 0) {
    if (lastIndirect >= 0) {
      lastDirect = lastIndirect;
      lastIndirect++;
    } else if (lastRequire >= 0) {
      lastDirect = lastRequire + 1;
    } else {
      lastDirect = stmts.length;
    }
    directBlock = insertBlock(lastDirect);
  } else {
    directBlock = ensureBlock(lastDirect);
  }
  let indirectBlock: LineBlock;
  if (lastIndirect < 0) {
    lastIndirect = lastDirect + 1;
    indirectBlock = insertBlock(lastIndirect);
  } else {
    indirectBlock = ensureBlock(lastIndirect);
  }

  const moveTo = (r: Require, block: LineBlock): void => {
    const old = r.syntax;
    const line = new Line(old.tokens, true, old.start, old.end);
    line.comments = Object.assign(new Comments(), old.comments);
    if (!old.inBlock && line.tokens.length > 0 && line.tokens[0] === "require") line.tokens = line.tokens.slice(1);
    old.removed = true;
    r.syntax = line;
    block.lines.push(line);
  };

  const have = new Set<string>();
  for (const r of f.require) {
    if (r.syntax.removed) continue;
    const path = r.mod.path;
    const want = need.get(path);
    if (!want || have.has(path)) {
      removeRequire(r);
      continue;
    }
    have.add(path);
    setVersion(r, want.version);
    setIndirect(r, want.indirect);
    const block = lineToBlock.get(r.syntax);
    if (want.indirect && (oneFlatUncommentedBlock || block === directBlock)) {
      moveTo(r, indirectBlock);
    } else if (!want.indirect && (oneFlatUncommentedBlock || block === indirectBlock)) {
      moveTo(r, directBlock);
    }
  }
  for (const want of need.values()) {
    if (have.has(want.path)) continue;
    const line = new Line([autoQuote(want.path), want.version], true);
    const r: Require = { mod: { path: want.path, version: want.version }, indirect: false, syntax: line };
    setIndirect(r, want.indirect);
    (want.indirect ? indirectBlock : directBlock).lines.push(line);
    f.require.push(r);
  }
  sortBlocks(f);
}

/** setGoVersion sets the go line, adding it after the module line when there is none. */
export function setGoVersion(f: GoModFile, version: string): void {
  if (!goVersionRE.test(version)) throw new Error(`invalid language version "${version}"`);
  if (f.go) {
    f.go.version = version;
    updateLine(f.go.syntax, ["go", version]);
    return;
  }
  const hint = f.module?.syntax ?? null;
  f.go = { version, syntax: addLine(f.syntax, hint, ["go", version]) };
}

/** dropGoVersion removes the go line. */
export function dropGoVersion(f: GoModFile): void {
  if (f.go) {
    markRemoved(f.go.syntax);
    f.go = null;
  }
}

/** setToolchain sets the toolchain line, adding it after the go (or module) line when there is none. */
export function setToolchain(f: GoModFile, name: string): void {
  if (!toolchainRE.test(name)) throw new Error(`invalid toolchain name "${name}"`);
  if (f.toolchain) {
    f.toolchain.name = name;
    updateLine(f.toolchain.syntax, ["toolchain", name]);
    return;
  }
  const hint = f.go?.syntax ?? f.module?.syntax ?? null;
  f.toolchain = { name, syntax: addLine(f.syntax, hint, ["toolchain", name]) };
}

/** dropToolchain removes the toolchain line. */
export function dropToolchain(f: GoModFile): void {
  if (f.toolchain) {
    markRemoved(f.toolchain.syntax);
    f.toolchain = null;
  }
}

/** setModulePath sets the module path, adding a module line when there is none. */
export function setModulePath(f: GoModFile, path: string): void {
  if (f.module) {
    f.module.mod = { path, version: "" };
    updateLine(f.module.syntax, ["module", autoQuote(path)]);
    return;
  }
  f.module = { mod: { path, version: "" }, deprecated: "", syntax: addLine(f.syntax, null, ["module", autoQuote(path)]) };
}

function checkCanonical(path: string, version: string): void {
  const { pathMajor, ok } = splitPathVersion(path);
  if (version === "" || version !== canonicalVersion(version)) {
    const form = pathMajor === "" ? "v1" : pathMajor.slice(1).replace(/-unstable$/, "");
    throw new InvalidVersionError(version, `must be of the form ${form}.2.3`);
  }
  if (!ok) return;
  const problem = pathMajorProblem(version, pathMajor);
  if (problem && pathMajor === "") {
    throw new InvalidVersionError(version, `should be ${version}+incompatible (or module ${path}/${semverMajor(version)})`);
  }
  if (problem) throw problem;
}

/** addExclude adds an exclude line (next to others for the same path), unless present. */
export function addExclude(f: GoModFile, path: string, version: string): void {
  checkCanonical(path, version);
  let hint: Line | null = null;
  for (const x of f.exclude) {
    if (x.syntax.removed) continue;
    if (x.mod.path === path && x.mod.version === version) return;
    if (x.mod.path === path) hint = x.syntax;
  }
  f.exclude.push({ mod: { path, version }, syntax: addLineNear(f.syntax, hint, ["exclude", autoQuote(path), version]) });
}

/** dropExclude removes the exclusion of path@version. */
export function dropExclude(f: GoModFile, path: string, version: string): void {
  for (const x of f.exclude) if (x.mod.path === path && x.mod.version === version) markRemoved(x.syntax);
}

/** addReplace replaces old (all versions when oldVersion is "") with the new module or directory. */
export function addReplace(f: GoModFile, old: ModuleVersion, replacement: ModuleVersion): void {
  const tokens = ["replace", autoQuote(old.path)];
  if (old.version) tokens.push(old.version);
  tokens.push("=>", autoQuote(replacement.path));
  if (replacement.version) tokens.push(replacement.version);
  let need = true;
  let hint: Line | null = null;
  for (const r of f.replace) {
    if (r.syntax.removed) continue;
    if (r.old.path === old.path && (old.version === "" || r.old.version === old.version)) {
      if (need) {
        r.new = { ...replacement };
        updateLine(r.syntax, tokens);
        need = false;
        continue;
      }
      markRemoved(r.syntax);
    }
    if (r.old.path === old.path) hint = r.syntax;
  }
  if (need) f.replace.push({ old: { ...old }, new: { ...replacement }, syntax: addLineNear(f.syntax, hint, tokens) });
}

/** dropReplace removes the replacement of path@version ("" for the all-versions form). */
export function dropReplace(f: GoModFile, path: string, version: string): void {
  for (const r of f.replace) if (r.old.path === path && r.old.version === version) markRemoved(r.syntax);
}

/** removeDuplicates drops repeated exclude, tool and ignore lines (keeping the first) and replace lines (keeping the last). */
function removeDuplicates(f: GoModFile): void {
  const kill = new Set<Line>();
  const firstWins = <T extends { syntax: Line }>(list: T[], key: (x: T) => string): T[] => {
    const seen = new Set<string>();
    for (const x of list) {
      const k = key(x);
      if (seen.has(k)) kill.add(x.syntax);
      else seen.add(k);
    }
    return list.filter((x) => !kill.has(x.syntax));
  };
  f.exclude = firstWins(f.exclude, (x) => `${x.mod.path}\x00${x.mod.version}`);
  const seenReplace = new Set<string>();
  for (let i = f.replace.length - 1; i >= 0; i--) {
    const k = `${f.replace[i].old.path}\x00${f.replace[i].old.version}`;
    if (seenReplace.has(k)) kill.add(f.replace[i].syntax);
    else seenReplace.add(k);
  }
  f.replace = f.replace.filter((x) => !kill.has(x.syntax));
  f.tool = firstWins(f.tool, (x) => x.path);
  f.ignore = firstWins(f.ignore, (x) => x.path);
  if (kill.size === 0) return;
  f.syntax.stmts = f.syntax.stmts.filter((stmt) => {
    if (stmt instanceof Line) return !kill.has(stmt);
    if (stmt instanceof LineBlock) {
      stmt.lines = stmt.lines.filter((l) => !kill.has(l));
      return stmt.lines.length > 0;
    }
    return true;
  });
}

function compareLines(a: Line, b: Line): number {
  const n = Math.min(a.tokens.length, b.tokens.length);
  for (let k = 0; k < n; k++) {
    if (a.tokens[k] !== b.tokens[k]) return compareBytes(a.tokens[k], b.tokens[k]);
  }
  return a.tokens.length - b.tokens.length;
}

function compareExcludeLines(a: Line, b: Line): number {
  if (a.tokens.length !== 2 || b.tokens.length !== 2) return compareLines(a, b);
  if (a.tokens[0] !== b.tokens[0]) return compareBytes(a.tokens[0], b.tokens[0]);
  return semverCompare(a.tokens[1], b.tokens[1]);
}

function retractInterval(l: Line): [string, string] {
  const t = l.tokens;
  if (t.length === 1) return [t[0], t[0]];
  if (t.length === 5 && t[0] === "[" && t[2] === "," && t[4] === "]") return [t[1], t[3]];
  return ["", ""];
}

function compareRetractLines(a: Line, b: Line): number {
  const [alo, ahi] = retractInterval(a);
  const [blo, bhi] = retractInterval(b);
  return -semverCompare(alo, blo) || -semverCompare(ahi, bhi);
}

/**
 * sortBlocks removes duplicate directives and sorts the lines of every block: by
 * tokens, exclude by semantic version (go >= 1.21), retract newest first.
 */
export function sortBlocks(f: GoModFile): void {
  removeDuplicates(f);
  const semanticExclude = f.go !== null && semverCompare("v" + f.go.version, "v1.21") >= 0;
  for (const stmt of f.syntax.stmts) {
    if (!(stmt instanceof LineBlock)) continue;
    let cmp = compareLines;
    if (stmt.tokens[0] === "exclude" && semanticExclude) cmp = compareExcludeLines;
    else if (stmt.tokens[0] === "retract") cmp = compareRetractLines;
    // Go's own stable sort: exclude's and retract's comparisons are not a consistent order
    // for every input, and then the order depends on the algorithm's steps.
    stableSort(stmt.lines, (a, b) => cmp(a, b) < 0);
  }
}

/** cleanup drops removed directives and tidies the syntax tree (see cleanupSyntax). */
export function cleanup(f: GoModFile): void {
  const live = <T extends { syntax: Line }>(list: T[]) => list.filter((x) => !x.syntax.removed);
  f.godebug = live(f.godebug);
  f.require = live(f.require);
  f.exclude = live(f.exclude);
  f.replace = live(f.replace);
  f.retract = live(f.retract);
  f.tool = live(f.tool);
  f.ignore = live(f.ignore);
  cleanupSyntax(f.syntax);
}
