// From a syntax tree to a GoModFile: each directive is checked with the go command's
// rules and wording. Strict parsing (the main module) reports every problem; lax parsing
// (go.mod files of dependencies) reads only module, go, retract, require and ignore,
// and skips what it does not understand.
//
// As in the go command, a successful parse normalises tokens in place: a quoted path
// that needs no quotes is unquoted, and a version is replaced by its canonical form
// (or by what the version fixer returns).

import { DirectiveProblem, GoModError, GoModErrorList } from "./errors.js";
import { GoModFile, Replace, VersionInterval } from "./file.js";
import { parseSyntax } from "./read.js";
import { FileSyntax, Line, LineBlock } from "./syntax.js";
import { autoQuote, isDirectoryPath } from "./quoting.js";
import { InvalidVersionError, ModuleError } from "../module/errors.js";
import { canonicalVersion, pathMajorProblem, splitPathVersion } from "../module/path.js";
import { quote, unquote } from "../text/quote.js";
import { fields, trimSpace } from "../text/unicode.js";

/**
 * A VersionFixer turns the version written for a module into the canonical one
 * (resolving "v1.2" or a branch name, say). It throws a ModuleError or an
 * InvalidVersionError when it cannot.
 */
export type VersionFixer = (path: string, version: string) => string;

export interface ParseOptions {
  /** Lax parsing, for go.mod files of dependencies. Default: strict. */
  lax?: boolean;
  /** Resolves non-canonical versions. Without one, such versions are errors. */
  fix?: VersionFixer;
}

export const goVersionRE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
const laxGoVersionRE = /^v?(([1-9][0-9]*)\.(0|[1-9][0-9]*))([^0-9][\s\S]*)$/;
export const toolchainRE = /^default$|^go1($|\.)/;
const deprecatedRE = /(?:^|\n\n)Deprecated: *([\s\S]*?)(?:$|\n\n)/;


/** Tokens are edited in place: Args is a window onto a line's tokens. */
export class Args {
  constructor(readonly line: Line, readonly offset: number) {}
  get length(): number {
    return this.line.tokens.length - this.offset;
  }
  get(i: number): string {
    return this.line.tokens[this.offset + i];
  }
  set(i: number, value: string): void {
    this.line.tokens[this.offset + i] = value;
  }
}

/** goVersionArg reads a go directive's argument; lax (a dependency's go.mod) also takes and trims older forms. */
export function goVersionArg(args: Args, lax: boolean): string {
  if (args.length !== 1) throw new DirectiveProblem("go directive expects exactly one argument");
  if (!goVersionRE.test(args.get(0))) {
    const m = lax ? laxGoVersionRE.exec(args.get(0)) : null;
    if (!m) throw new DirectiveProblem(`invalid go version '${args.get(0)}': must match format 1.23.0`);
    args.set(0, m[1]);
  }
  return args.get(0);
}

/** toolchainArg reads a toolchain directive's argument. */
export function toolchainArg(args: Args): string {
  if (args.length !== 1) throw new DirectiveProblem("toolchain directive expects exactly one argument");
  if (!toolchainRE.test(args.get(0))) {
    throw new DirectiveProblem(`invalid toolchain version '${args.get(0)}': must match format go1.23.0 or default`);
  }
  return args.get(0);
}

/** godebugArg reads a godebug directive's key=value argument. */
export function godebugArg(args: Args): { key: string; value: string } {
  if (args.length !== 1 || /["`',]/.test(args.get(0))) throw new DirectiveProblem("usage: godebug key=value");
  const text = args.get(0);
  const eq = text.indexOf("=");
  if (eq < 0) throw new DirectiveProblem("usage: godebug key=value");
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}

/** quotedArg is parseString with the go command's "invalid quoted string" wording. */
export function quotedArg(args: Args, i: number): string {
  try {
    return parseString(args, i);
  } catch (e) {
    throw new DirectiveProblem(`invalid quoted string: ${(e as Error).message}`);
  }
}

/**
 * parseReplace reads a replace directive's arguments (go.mod and go.work share the
 * rules); every problem throws a DirectiveProblem (with the module path when it concerns one).
 */
export function parseReplace(verb: string, line: Line, args: Args, fix: VersionFixer | undefined): Replace {
  const n = args.length;
  const arrow = n >= 2 && args.get(1) === "=>" ? 1 : 2;
  if (n < arrow + 2 || n > arrow + 3 || args.get(arrow) !== "=>") {
    throw new DirectiveProblem(`usage: ${verb} module/path [v1.2.3] => other/module v1.4\n\t or ${verb} module/path [v1.2.3] => ../local/directory`);
  }
  const path = quotedArg(args, 0);
  let pathMajor: string;
  try {
    pathMajor = modulePathMajor(path);
  } catch (e) {
    throw new DirectiveProblem((e as Error).message, verb, path);
  }
  let version = "";
  if (arrow === 2) {
    version = parseVersion(verb, path, args, 1, fix);
    const problem = pathMajorProblem(version, pathMajor);
    if (problem) throw new DirectiveProblem(problem.message, verb, path);
  }
  const newPath = quotedArg(args, arrow + 1);
  let newVersion = "";
  if (n === arrow + 2) {
    if (!isDirectoryPath(newPath)) {
      if (newPath.includes("@")) throw new DirectiveProblem("replacement module must match format 'path version', not 'path@version'");
      throw new DirectiveProblem("replacement module without version must be directory path (rooted or starting with . or ..)");
    }
    if (newPath.includes("\\")) throw new DirectiveProblem("replacement directory appears to be Windows path (on a non-windows system)");
  }
  if (n === arrow + 3) {
    newVersion = parseVersion(verb, newPath, args, arrow + 2, fix);
    if (isDirectoryPath(newPath)) throw new DirectiveProblem(`replacement module directory path ${quote(newPath)} cannot have version`);
  }
  return { old: { path, version }, new: { path: newPath, version: newVersion }, syntax: line };
}

/** parseString unquotes a path token, writes back its canonical spelling, and returns the path. */
function parseString(args: Args, i: number): string {
  let t = args.get(i);
  if (t.startsWith('"')) {
    t = unquote(t);
  } else if (/["'`]/.test(t)) {
    throw new DirectiveProblem("unquoted string cannot contain quote");
  }
  args.set(i, autoQuote(t));
  return t;
}

export function parseVersion(verb: string, path: string, args: Args, i: number, fix: VersionFixer | undefined): string {
  let t: string;
  try {
    t = parseString(args, i);
  } catch (e) {
    throw new DirectiveProblem(new InvalidVersionError(args.get(i), (e as Error).message).message, verb, path);
  }
  if (fix) {
    try {
      t = fix(path, t);
    } catch (e) {
      // go's rule: a fixer's ModuleError is reported at this directive, by its cause. Only
      // an invalid version takes it here: gotidy-ts's fetcher names the module in every
      // failure ("module example.com/x: reading .../@v/list: 404 Not Found"), the go
      // command's version queries only in this one.
      if (e instanceof ModuleError && e.cause instanceof InvalidVersionError) throw new DirectiveProblem(e.cause.message, verb, path);
      throw e;
    }
  } else {
    const cv = canonicalVersion(t);
    if (cv === "") {
      throw new DirectiveProblem(new InvalidVersionError(t, "must be of the form v1.2.3").message, verb, path);
    }
    t = cv;
  }
  args.set(i, t);
  return t;
}

function modulePathMajor(path: string): string {
  const { pathMajor, ok } = splitPathVersion(path);
  if (!ok) throw new DirectiveProblem("invalid module path");
  return pathMajor;
}

function parseVersionInterval(verb: string, path: string, args: Args, fix: VersionFixer): [VersionInterval, number] {
  const n = args.length;
  if (n === 0 || args.get(0) === "(") throw new DirectiveProblem("expected '[' or version");
  if (args.get(0) !== "[") {
    const v = parseVersion(verb, path, args, 0, fix);
    return [{ low: v, high: v }, 1];
  }
  if (n < 2) throw new DirectiveProblem("expected version after '['");
  const low = parseVersion(verb, path, args, 1, fix);
  if (n < 3 || args.get(2) !== ",") throw new DirectiveProblem("expected ',' after version");
  if (n < 4) throw new DirectiveProblem("expected version after ','");
  const high = parseVersion(verb, path, args, 3, fix);
  if (n < 5 || args.get(4) !== "]") throw new DirectiveProblem("expected ']' after version");
  return [{ low, high }, 5];
}

const keepRetractVersion: VersionFixer = (_path, v) => v;

/** directiveComment joins the comment lines that document a directive (rationale, deprecation). */
function directiveComment(block: LineBlock | null, line: Line): string {
  let comments = line.comments;
  if (block && comments.before.length === 0 && comments.suffix.length === 0) comments = block.comments;
  const lines: string[] = [];
  for (const c of [...comments.before, ...comments.suffix]) {
    if (c.token.startsWith("//")) lines.push(trimSpace(c.token.slice(2)));
  }
  return lines.join("\n");
}

/** How many errors of one file keep their stack traces (see FileReader.directive). */
const stacklessAfter = 20;

class FileReader {
  readonly errors: GoModError[] = [];
  readonly file: GoModFile;

  constructor(syntax: FileSyntax, private readonly strict: boolean, private readonly fix: VersionFixer | undefined) {
    this.file = new GoModFile(syntax);
  }

  read(): void {
    const syntax = this.file.syntax;
    for (const stmt of syntax.stmts) {
      if (stmt instanceof Line) {
        this.directive(null, stmt, new Args(stmt, 1));
      } else if (stmt instanceof LineBlock) {
        const known = ["module", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore"];
        if (stmt.tokens.length > 1 || !known.includes(stmt.tokens[0])) {
          if (this.strict) {
            this.errors.push(new GoModError(syntax.name, stmt.start, `unknown block type: ${stmt.tokens.join(" ")}`));
          }
          continue;
        }
        for (const line of stmt.lines) this.directive(stmt, line, new Args(line, 0));
      }
    }
  }

  private directive(block: LineBlock | null, line: Line, args: Args): void {
    const verb = block ? block.tokens[0] : line.tokens[0];
    if (!this.strict && !["go", "module", "retract", "require", "ignore"].includes(verb)) return;
    // Past the first errors of a bad file, its errors (and the ones thrown on the way to
    // them) are made without stack traces: capturing one per error was nearly all the
    // time spent on a file with thousands of bad lines. They are data, never shown with a stack.
    const stackLimit = Error.stackTraceLimit;
    if (this.errors.length >= stacklessAfter) Error.stackTraceLimit = 0;
    try {
      this.apply(verb, block, line, args);
    } catch (e) {
      if (e instanceof DirectiveProblem) {
        this.errors.push(new GoModError(this.file.syntax.name, line.start, e.reason, e.verb, e.modPath));
      } else if (e instanceof Error && !(e instanceof GoModError)) {
        // The version fixer's own error (a version query that failed): the line's, as in
        // go's modfile; it stays reachable as the cause.
        this.errors.push(new GoModError(this.file.syntax.name, line.start, e.message, "", "", e));
      } else {
        throw e;
      }
    } finally {
      Error.stackTraceLimit = stackLimit;
    }
  }

  private apply(verb: string, block: LineBlock | null, line: Line, args: Args): void {
    const f = this.file;
    switch (verb) {
      default:
        throw new DirectiveProblem(`unknown directive: ${verb}`);
      case "go": {
        if (f.go) throw new DirectiveProblem("repeated go statement");
        f.go = { version: goVersionArg(args, !this.strict), syntax: line };
        return;
      }
      case "toolchain":
        if (f.toolchain) throw new DirectiveProblem("repeated toolchain statement");
        f.toolchain = { name: toolchainArg(args), syntax: line };
        return;
      case "module": {
        if (f.module) throw new DirectiveProblem("repeated module statement");
        const deprecated = deprecatedRE.exec(directiveComment(block, line))?.[1] ?? "";
        f.module = { mod: { path: "", version: "" }, deprecated, syntax: line };
        if (args.length !== 1) throw new DirectiveProblem("usage: module module/path");
        f.module.mod = { path: quotedArg(args, 0), version: "" };
        return;
      }
      case "godebug":
        f.godebug.push({ ...godebugArg(args), syntax: line });
        return;
      case "require":
      case "exclude": {
        if (args.length !== 2) throw new DirectiveProblem(`usage: ${verb} module/path v1.2.3`);
        const path = quotedArg(args, 0);
        const version = parseVersion(verb, path, args, 1, this.fix);
        const problem = pathMajorProblem(version, modulePathMajor(path));
        if (problem) throw new DirectiveProblem(problem.message, verb, path);
        const mod = { path, version };
        if (verb === "require") f.require.push({ mod, indirect: isIndirect(line), syntax: line });
        else f.exclude.push({ mod, syntax: line });
        return;
      }
      case "replace":
        this.replace(verb, line, args);
        return;
      case "retract": {
        const rationale = directiveComment(block, line);
        let interval: VersionInterval;
        let used: number;
        try {
          [interval, used] = parseVersionInterval(verb, "", args, keepRetractVersion);
        } catch (e) {
          if (this.strict) throw e;
          return;
        }
        if (args.length > used && this.strict) {
          throw new DirectiveProblem(`unexpected token after version: ${quote(args.get(used))}`);
        }
        f.retract.push({ ...interval, rationale, syntax: line });
        return;
      }
      case "tool":
      case "ignore": {
        if (args.length !== 1) throw new DirectiveProblem(`${verb} directive expects exactly one argument`);
        const path = quotedArg(args, 0);
        (verb === "tool" ? f.tool : f.ignore).push({ path, syntax: line });
        return;
      }
    }
  }

  private replace(verb: string, line: Line, args: Args): void {
    this.file.replace.push(parseReplace(verb, line, args, this.fix));
  }

  /** fixRetract checks retracted versions once the module path is known (only with a fixer). */
  fixRetract(): void {
    const fix = this.fix;
    if (!fix) return;
    const f = this.file;
    const path = f.module?.mod.path ?? "";
    for (const r of f.retract) {
      if (path === "") {
        this.errors.push(new GoModError(f.syntax.name, r.syntax.start, "no module directive found, so retract cannot be used"));
        return;
      }
      const args = new Args(r.syntax, r.syntax.tokens[0] === "retract" ? 1 : 0);
      try {
        const [interval] = parseVersionInterval("retract", path, args, fix);
        r.low = interval.low;
        r.high = interval.high;
      } catch (e) {
        if (e instanceof DirectiveProblem) {
          this.errors.push(new GoModError(f.syntax.name, r.syntax.start, e.reason, e.verb, e.modPath));
        } else {
          this.errors.push(new GoModError(f.syntax.name, r.syntax.start, (e as Error).message, "", "", e));
        }
        r.low = "";
        r.high = "";
      }
    }
  }
}

/** isIndirect reports whether a requirement line is marked "// indirect". */
export function isIndirect(line: Line): boolean {
  if (line.comments.suffix.length === 0) return false;
  const words = fields(line.comments.suffix[0].token.replace(/^\/\//, ""));
  return (words.length === 1 && words[0] === "indirect") || (words.length > 1 && words[0] === "indirect;");
}

/**
 * parseGoModFile parses go.mod text. Every problem found throws together as one
 * GoModErrorList; a lexical or syntax error stops parsing at once.
 */
export function parseGoModFile(fileName: string, text: string | Uint8Array, options: ParseOptions = {}): GoModFile {
  const syntax = parseSyntax(fileName, text);
  const reader = new FileReader(syntax, !options.lax, options.fix);
  reader.read();
  reader.fixRetract();
  if (reader.errors.length > 0) throw new GoModErrorList(reader.errors);
  return reader.file;
}
