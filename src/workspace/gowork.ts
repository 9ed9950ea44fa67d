// go.work files: the same syntax as go.mod (src/modfile/read.ts builds the tree), read
// with the rules of golang.org/x/mod/modfile.ParseWork. Only go, toolchain, godebug, use
// and replace are directives here; godebug, use and replace may be blocks. Errors are
// worded and positioned as the go command's ("go.work:3: usage: use local/dir").

import { DirectiveProblem, GoModError, GoModErrorList } from "../modfile/errors.js";
import type { Replace } from "../modfile/file.js";
import { parseSyntax } from "../modfile/read.js";
import { Args, godebugArg, goVersionArg, parseReplace, quotedArg, toolchainArg } from "../modfile/rules.js";
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
  const args = new Args(line, at);
  switch (verb) {
    default:
      throw new DirectiveProblem(`unknown directive: ${verb}`);
    case "go":
      if (f.go !== undefined) throw new DirectiveProblem("repeated go statement");
      f.go = goVersionArg(args, false);
      return;
    case "toolchain":
      if (f.toolchain !== undefined) throw new DirectiveProblem("repeated toolchain statement");
      f.toolchain = toolchainArg(args);
      return;
    case "godebug":
      f.godebug.push({ ...godebugArg(args), line: line.start.line, syntax: line });
      return;
    case "use":
      if (args.length !== 1) throw new DirectiveProblem(`usage: ${verb} local/dir`);
      f.use.push({ path: quotedArg(args, 0), line: line.start.line, syntax: line });
      return;
    case "replace":
      f.replace.push(parseReplace(verb, line, args, undefined)); // versions must be canonical: no fixer
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
