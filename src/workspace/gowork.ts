// go.work files: the same syntax as go.mod (src/modfile/read.ts builds the tree), read
// with the rules of golang.org/x/mod/modfile.ParseWork. Only go, toolchain, godebug, use
// and replace are directives here; godebug, use and replace may be blocks. Errors are
// worded and positioned as the go command's ("go.work:3: usage: use local/dir").

import { GoModError, GoModErrorList } from "../modfile/errors.js";
import type { Replace } from "../modfile/file.js";
import { parseSyntax } from "../modfile/read.js";
import { Args, DirectiveProblem, goVersionRE, parseReplace, quotedArg, toolchainRE } from "../modfile/rules.js";
import { FileSyntax, Line, LineBlock } from "../modfile/syntax.js";
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

/** apply interprets one directive: verb, then the arguments from token index `at` on. */
function apply(f: GoWorkFile, line: Line, verb: string, at: number): void {
  const n = line.tokens.length - at;
  const arg0 = line.tokens[at];
  switch (verb) {
    default:
      throw new DirectiveProblem(`unknown directive: ${verb}`);
    case "go":
      if (f.go !== undefined) throw new DirectiveProblem("repeated go statement");
      if (n !== 1) throw new DirectiveProblem("go directive expects exactly one argument");
      if (!goVersionRE.test(arg0)) throw new DirectiveProblem(`invalid go version '${arg0}': must match format 1.23.0`);
      f.go = arg0;
      return;
    case "toolchain":
      if (f.toolchain !== undefined) throw new DirectiveProblem("repeated toolchain statement");
      if (n !== 1) throw new DirectiveProblem("toolchain directive expects exactly one argument");
      if (!toolchainRE.test(arg0)) throw new DirectiveProblem(`invalid toolchain version '${arg0}': must match format go1.23.0 or default`);
      f.toolchain = arg0;
      return;
    case "godebug": {
      if (n !== 1 || ['"', "`", "'", ","].some((c) => arg0.includes(c))) throw new DirectiveProblem("usage: godebug key=value");
      const eq = arg0.indexOf("=");
      if (eq < 0) throw new DirectiveProblem("usage: godebug key=value");
      f.godebug.push({ key: arg0.slice(0, eq), value: arg0.slice(eq + 1), line: line.start.line, syntax: line });
      return;
    }
    case "use":
      if (n !== 1) throw new DirectiveProblem(`usage: ${verb} local/dir`);
      f.use.push({ path: quotedArg(new Args(line, at), 0), line: line.start.line, syntax: line });
      return;
    case "replace":
      f.replace.push(parseReplace(verb, line, new Args(line, at), undefined)); // versions must be canonical: no fixer
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
      // As in go.mod: a module's problem names it; a usage problem is the line's.
      if (e instanceof DirectiveProblem) errors.push(new GoModError(fileName, line.start, e.reason, e.verb, e.modPath));
      else if (e instanceof Error && !(e instanceof GoModError)) errors.push(new GoModError(fileName, line.start, e.message));
      else throw e;
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
