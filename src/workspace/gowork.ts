// go.work files: the same syntax as go.mod (src/modfile/read.ts builds the tree), read
// with the rules of golang.org/x/mod/modfile.ParseWork. Only go, toolchain, godebug, use
// and replace are directives here; godebug, use and replace may be blocks. Errors are
// worded and positioned as the go command's ("go.work:3: usage: use local/dir").

import { GoModError, GoModErrorList } from "../modfile/errors.js";
import type { Replace } from "../modfile/file.js";
import { parseSyntax } from "../modfile/read.js";
import { goVersionRE, toolchainRE } from "../modfile/rules.js";
import { autoQuote, isDirectoryPath } from "../modfile/quoting.js";
import { FileSyntax, Line, LineBlock } from "../modfile/syntax.js";
import { InvalidVersionError } from "../module/errors.js";
import { canonicalVersion, pathMajorProblem, splitPathVersion } from "../module/path.js";
import { quote, unquote } from "../text/quote.js";
import { decodeBytes } from "../text/utf8.js";

/** A use directive: a module directory, relative to the go.work file's directory or absolute. */
export interface WorkUse {
  /** The directory as written (unquoted). */
  path: string;
  /** The 1-based line of the directive. */
  line: number;
  syntax: Line;
}

export interface WorkGodebug {
  key: string;
  value: string;
  line: number;
  syntax: Line;
}

/** The parsed, interpreted form of a go.work file (modfile.WorkFile). */
export interface GoWorkFile {
  /** The go directive's version. */
  go?: string;
  /** The toolchain directive's name. */
  toolchain?: string;
  godebug: WorkGodebug[];
  use: WorkUse[];
  /** Replace directives, in go.mod's structure. */
  replace: Replace[];
  /** The comment-preserving syntax tree (printSyntax writes it back). */
  syntax: FileSyntax;
}

/** A problem found in one directive, reported at the start of its line. */
class Problem extends Error {
  constructor(readonly reason: string, readonly verb = "", readonly modPath = "") {
    super(reason);
  }
}

/**
 * parseString unquotes token i of line (modfile's parseString): a token starting with '"'
 * is a Go string literal; any other token may not hold a quote. The token is rewritten to
 * its canonical spelling, as the go command does.
 */
function parseString(line: Line, i: number): string {
  let t = line.tokens[i];
  if (t.startsWith('"')) {
    t = unquote(t);
  } else if (t.includes('"') || t.includes("'") || t.includes("`")) {
    throw new Error("unquoted string cannot contain quote");
  }
  line.tokens[i] = autoQuote(t);
  return t;
}

function quoted(line: Line, i: number): string {
  try {
    return parseString(line, i);
  } catch (e) {
    throw new Problem(`invalid quoted string: ${(e as Error).message}`);
  }
}

/** parseVersion reads a version token; go.work versions must be canonical (no fixer). */
function parseVersion(verb: string, path: string, line: Line, i: number): string {
  let t: string;
  try {
    t = parseString(line, i);
  } catch (e) {
    throw new Problem(new InvalidVersionError(line.tokens[i], (e as Error).message).message, verb, path);
  }
  const cv = canonicalVersion(t);
  if (cv === "") throw new Problem(new InvalidVersionError(t, "must be of the form v1.2.3").message, verb, path);
  line.tokens[i] = cv;
  return cv;
}

function parseReplace(verb: string, line: Line, at: number): Replace {
  const n = line.tokens.length - at;
  const arg = (k: number) => line.tokens[at + k];
  const arrow = n >= 2 && arg(1) === "=>" ? 1 : 2;
  if (n < arrow + 2 || n > arrow + 3 || arg(arrow) !== "=>") {
    throw new Problem(`usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`);
  }
  const path = quoted(line, at);
  const split = splitPathVersion(path);
  if (!split.ok) throw new Problem("invalid module path", verb, path);
  let version = "";
  if (arrow === 2) {
    version = parseVersion(verb, path, line, at + 1);
    const problem = pathMajorProblem(version, split.pathMajor);
    if (problem) throw new Problem(problem.message, verb, path);
  }
  const newPath = quoted(line, at + arrow + 1);
  let newVersion = "";
  if (n === arrow + 2) {
    if (!isDirectoryPath(newPath)) {
      if (newPath.includes("@")) throw new Problem("replacement module must match format 'path version', not 'path@version'");
      throw new Problem("replacement module without version must be directory path (rooted or starting with . or ..)");
    }
    if (newPath.includes("\\")) throw new Problem("replacement directory appears to be Windows path (on a non-windows system)");
  }
  if (n === arrow + 3) {
    newVersion = parseVersion(verb, newPath, line, at + arrow + 2);
    if (isDirectoryPath(newPath)) throw new Problem(`replacement module directory path ${quote(newPath)} cannot have version`);
  }
  return { old: { path, version }, new: { path: newPath, version: newVersion }, syntax: line };
}

/** apply interprets one directive: verb, then the arguments from token index `at` on. */
function apply(f: GoWorkFile, line: Line, verb: string, at: number): void {
  const n = line.tokens.length - at;
  const arg0 = line.tokens[at];
  switch (verb) {
    default:
      throw new Problem(`unknown directive: ${verb}`);
    case "go":
      if (f.go !== undefined) throw new Problem("repeated go statement");
      if (n !== 1) throw new Problem("go directive expects exactly one argument");
      if (!goVersionRE.test(arg0)) throw new Problem(`invalid go version '${arg0}': must match format 1.23.0`);
      f.go = arg0;
      return;
    case "toolchain":
      if (f.toolchain !== undefined) throw new Problem("repeated toolchain statement");
      if (n !== 1) throw new Problem("toolchain directive expects exactly one argument");
      if (!toolchainRE.test(arg0)) throw new Problem(`invalid toolchain version '${arg0}': must match format go1.23.0 or default`);
      f.toolchain = arg0;
      return;
    case "godebug": {
      if (n !== 1 || ['"', "`", "'", ","].some((c) => arg0.includes(c))) throw new Problem("usage: godebug key=value");
      const eq = arg0.indexOf("=");
      if (eq < 0) throw new Problem("usage: godebug key=value");
      f.godebug.push({ key: arg0.slice(0, eq), value: arg0.slice(eq + 1), line: line.start.line, syntax: line });
      return;
    }
    case "use":
      if (n !== 1) throw new Problem(`usage: ${verb} local/dir`);
      f.use.push({ path: quoted(line, at), line: line.start.line, syntax: line });
      return;
    case "replace":
      f.replace.push(parseReplace(verb, line, at));
      return;
  }
}

/**
 * parseGoWork parses go.work text (a string or the file's bytes). fileName names the file
 * in errors. Every problem throws together as one GoModErrorList whose message is the go
 * command's text, one line per problem; a lexical or syntax error stops parsing at once.
 */
export function parseGoWork(text: string | Uint8Array, fileName = "go.work"): GoWorkFile {
  const syntax = parseSyntax(fileName, typeof text === "string" ? text : decodeBytes(text));
  const f: GoWorkFile = { godebug: [], use: [], replace: [], syntax };
  const errors: GoModError[] = [];
  const add = (line: Line, verb: string, at: number) => {
    try {
      apply(f, line, verb, at);
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      errors.push(new GoModError(fileName, line.start, e.reason, e.verb, e.modPath));
    }
  };
  for (const stmt of syntax.stmts) {
    if (stmt instanceof Line) {
      add(stmt, stmt.tokens[0], 1);
    } else if (stmt instanceof LineBlock) {
      const verb = stmt.tokens[0];
      if (stmt.tokens.length > 1 || (verb !== "godebug" && verb !== "use" && verb !== "replace")) {
        errors.push(new GoModError(fileName, stmt.start, `unknown block type: ${stmt.tokens.join(" ")}`));
        continue;
      }
      for (const line of stmt.lines) add(line, verb, 0);
    }
  }
  if (errors.length > 0) throw new GoModErrorList(errors);
  return f;
}
