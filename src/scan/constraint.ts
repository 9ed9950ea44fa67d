// Build constraints (`//go:build` and `// +build` lines) as go mod tidy applies them.
//
// Tidy loads packages with "any tags": every tag counts as satisfied except "ignore", in
// either polarity. A tag evaluates to a preferred value that starts out true and flips
// under each negation, so `linux`, `!linux` and `linux && !linux` all hold, while
// `ignore` does not and `!ignore` does. The expression grammar is go/build/constraint's.

import { isLetter } from "../module/letters.js";
import { detached } from "../text/detached.js";
import { trimSpace } from "../text/unicode.js";

export type Expr =
  | { kind: "tag"; tag: string }
  | { kind: "not"; x: Expr }
  | { kind: "and"; x: Expr; y: Expr }
  | { kind: "or"; x: Expr; y: Expr };

export class ConstraintSyntaxError extends Error {}

const maxSize = 1000;
const maxPlusBuildSize = 100;

function isDigit(cp: number): boolean {
  return /^\p{Nd}$/u.test(String.fromCodePoint(cp));
}

function isTagChar(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  return isLetter(cp) || isDigit(cp) || ch === "_" || ch === ".";
}

function isValidTag(word: string): boolean {
  if (word === "") return false;
  for (const ch of word) if (!isTagChar(ch)) return false;
  return true;
}

/** goBuildExpression returns the expression text of a //go:build line, or null if the line is none. */
export function goBuildExpression(line: string): string | null {
  if (line.endsWith("\n")) line = line.slice(0, -1);
  if (line.includes("\n") || !line.startsWith("//go:build")) return null;
  const rest = trimSpace(line).slice("//go:build".length);
  const trimmed = trimSpace(rest);
  if (rest.length === trimmed.length && rest !== "") return null;
  return trimmed;
}

/** plusBuildExpression returns the text after "+build" of a // +build line, or null if the line is none. */
export function plusBuildExpression(line: string): string | null {
  if (line.endsWith("\n")) line = line.slice(0, -1);
  if (line.includes("\n") || !line.startsWith("//")) return null;
  const body = trimSpace(line.slice(2));
  if (!body.startsWith("+build")) return null;
  const rest = body.slice("+build".length);
  const trimmed = trimSpace(rest);
  if (rest.length === trimmed.length && rest !== "") return null;
  return trimmed;
}

/** parseGoBuild parses a //go:build expression: tags, !, &&, || and parentheses. */
export function parseGoBuild(text: string): Expr {
  let i = 0;
  let tok = "";
  let isTag = false;
  let size = 0;
  const fail = (msg: string): never => {
    throw new ConstraintSyntaxError(msg);
  };
  const lex = () => {
    isTag = false;
    while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
    if (i >= text.length) {
      tok = "";
      return;
    }
    const c = text[i];
    if (c === "(" || c === ")" || c === "!") {
      tok = c;
      i++;
      return;
    }
    if (c === "&" || c === "|") {
      if (text[i + 1] !== c) fail(`invalid syntax at ${c}`);
      tok = c + c;
      i += 2;
      return;
    }
    let j = i;
    while (j < text.length) {
      const cp = text.codePointAt(j)!;
      const ch = String.fromCodePoint(cp);
      if (!isTagChar(ch)) break;
      j += ch.length;
    }
    if (j === i) fail(`invalid syntax at ${String.fromCodePoint(text.codePointAt(i)!)}`);
    tok = text.slice(i, j);
    i = j;
    isTag = true;
  };
  const or = (): Expr => {
    let x = and();
    while (tok === "||") x = { kind: "or", x, y: and() };
    return x;
  };
  const and = (): Expr => {
    let x = not();
    while (tok === "&&") x = { kind: "and", x, y: not() };
    return x;
  };
  const not = (): Expr => {
    if (++size > maxSize) fail("build expression too large");
    lex();
    if (tok === "!") {
      lex();
      if (tok === "!") fail("double negation not allowed");
      return { kind: "not", x: atom() };
    }
    return atom();
  };
  const atom = (): Expr => {
    if (tok === "(") {
      const x = or();
      if ((tok as string) !== ")") fail("missing close paren");
      lex();
      return x;
    }
    if (!isTag) fail(tok === "" ? "unexpected end of expression" : `unexpected token ${tok}`);
    const t = tok;
    lex();
    return { kind: "tag", tag: t };
  };
  const x = or();
  if (tok !== "") fail(`unexpected token ${tok}`);
  return x;
}

/** parsePlusBuild parses the old syntax: space-separated alternatives of comma-separated terms. */
export function parsePlusBuild(text: string): Expr {
  let size = 0;
  let x: Expr | null = null;
  const clauses = text.split(/[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter(Boolean);
  for (const clause of clauses) {
    let y: Expr | null = null;
    for (let lit of clause.split(",")) {
      let z: Expr;
      if (lit.startsWith("!!") || lit === "!") {
        z = { kind: "tag", tag: "ignore" };
      } else {
        const neg = lit.startsWith("!");
        if (neg) lit = lit.slice(1);
        z = { kind: "tag", tag: isValidTag(lit) ? lit : "ignore" };
        if (neg) z = { kind: "not", x: z };
      }
      if (y === null) {
        y = z;
      } else {
        if (++size > maxPlusBuildSize) throw new ConstraintSyntaxError("expression too complex for // +build lines");
        y = { kind: "and", x: y, y: z };
      }
    }
    if (x === null) {
      x = y;
    } else {
      if (++size > maxPlusBuildSize) throw new ConstraintSyntaxError("expression too complex for // +build lines");
      x = { kind: "or", x, y: y! };
    }
  }
  return x ?? { kind: "tag", tag: "ignore" };
}

function matchTagAny(name: string, prefer: boolean): boolean {
  for (const ch of name) if (!isTagChar(ch)) return false;
  return name !== "" && name !== "ignore" ? prefer : false;
}

/** evalAnyTags evaluates an expression under tidy's "any tags" rule. */
export function evalAnyTags(x: Expr, prefer = true): boolean {
  switch (x.kind) {
    case "tag":
      return matchTagAny(x.tag, prefer);
    case "not":
      return !evalAnyTags(x.x, !prefer);
    case "and":
      return evalAnyTags(x.x, prefer) && evalAnyTags(x.y, prefer);
    case "or":
      return evalAnyTags(x.x, prefer) || evalAnyTags(x.y, prefer);
  }
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/**
 * shouldBuild reports whether a file with this header (the text before its package
 * clause) is part of the package for go mod tidy. Constraints count only in the leading
 * comments; a //go:build line (outside block comments) wins over // +build lines; two
 * //go:build lines, or one that does not parse, exclude the file; // +build lines count
 * only above the last blank line before the first line that is not a // comment.
 */
export function shouldBuild(header: string): boolean {
  let known = decided.get(header);
  if (known === undefined) {
    known = decide(header);
    if (decided.size >= 10_000) decided.clear();
    // A copy: the header is often a slice of the whole text of its file, which the key would keep alive.
    decided.set(detached(header), known);
  }
  return known;
}

/** decided remembers shouldBuild's answer by header: most files of a tree share a handful of headers (a licence, a //go:build line). */
const decided = new Map<string, boolean>();

function decide(header: string): boolean {
  let end = 0;
  let ended = false;
  let inBlock = false;
  let goBuild: string | null = null;
  let offset = 0;
  lines: for (const raw of splitLines(header)) {
    offset += raw.length + 1;
    let line = trimSpace(raw);
    if (line.length === 0 && !ended) {
      end = Math.min(offset, header.length);
      continue;
    }
    if (!line.startsWith("//")) ended = true;
    if (!inBlock && isGoBuildLine(line)) {
      if (goBuild !== null) return false;
      goBuild = line;
    }
    while (line.length > 0) {
      if (inBlock) {
        const close = line.indexOf("*/");
        if (close < 0) continue lines;
        inBlock = false;
        line = trimSpace(line.slice(close + 2));
        continue;
      }
      if (line.startsWith("//")) continue lines;
      if (line.startsWith("/*")) {
        inBlock = true;
        line = trimSpace(line.slice(2));
        continue;
      }
      break lines;
    }
  }

  if (goBuild !== null) {
    const text = goBuildExpression(goBuild);
    if (text === null) return false;
    try {
      return evalAnyTags(parseGoBuild(text));
    } catch (e) {
      if (e instanceof ConstraintSyntaxError) return false;
      throw e;
    }
  }
  for (const raw of splitLines(header.slice(0, end))) {
    const line = trimSpace(raw);
    if (!line.startsWith("//") || !line.includes("+build")) continue;
    const text = plusBuildExpression(line);
    if (text === null) continue;
    try {
      if (!evalAnyTags(parsePlusBuild(text))) return false;
    } catch (e) {
      if (!(e instanceof ConstraintSyntaxError)) throw e;
    }
  }
  return true;
}

function isGoBuildLine(line: string): boolean {
  if (!line.startsWith("//go:build")) return false;
  const rest = line.slice("//go:build".length);
  return rest.length === 0 || trimSpace(rest).length < rest.length;
}

