// Reading the header of a Go file with tree-sitter: the package clause, the import
// declarations, and the comment text before the package clause (where build
// constraints live).
//
// Only the header is parsed. The text is cut before the first line that starts a
// top-level func, type, var or const declaration; when tree-sitter reads that prefix
// without error, the header is complete, because what follows the cut is a declaration.
// Otherwise (no such line, or an error in the prefix) the whole file is parsed.
//
// The imports are read from tree-sitter's tokens with the go command's import reader
// grammar, which is more lenient than Go's own syntax: imports before the reader's first
// syntax error count, and reading stops at the first token after the imports that does
// not start with "i".

import type { Parser, Tree, TreeCursor } from "web-tree-sitter";
import { detached } from "../text/detached.js";
import { unquote } from "../text/quote.js";

export interface FileHeader {
  /** The package name, or "" when the file has no readable package clause. */
  packageName: string;
  /** Import paths in file order, unquoted; literals that do not unquote are left out. */
  imports: string[];
  /** The text before the package clause (all of it when there is none). */
  leading: string;
  /** The file contains a NUL byte in the part the go command reads. */
  nul: boolean;
  /**
   * Go's parser rejects the header (the package clause and the imports, as the go
   * command's module index reads them): a syntax error there, an invalid import path, or
   * a NUL byte. The index then records no imports for the file (see scanDirectory).
   */
  parseError: boolean;
}

const declarationStarts = ["\nfunc", "\ntype", "\nvar", "\nconst"];

/** cutPoint returns the offset of the first line that begins a top-level declaration keyword, or -1. */
function cutPoint(text: string): number {
  let cut = -1;
  for (const start of declarationStarts) {
    let i = text.indexOf(start);
    while (i >= 0) {
      const next = text[i + start.length];
      // The keyword must end there: "func(" or "func " but not "functional".
      if (next === undefined || next === " " || next === "\t" || next === "(" || next === "\r" || next === "\n") break;
      i = text.indexOf(start, i + 1);
    }
    if (i >= 0 && (cut < 0 || i < cut)) cut = i;
  }
  return cut < 0 ? -1 : cut + 1;
}

function unquoteImport(literal: string): string | null {
  // Fast path: a double-quoted path without escapes.
  if (literal.length >= 2 && literal[0] === '"' && literal[literal.length - 1] === '"' &&
    !literal.includes("\\", 1) && literal.indexOf('"', 1) === literal.length - 1 && !literal.includes("\n")) {
    const body = literal.slice(1, -1);
    if (!/[\udc80-\udcff]/.test(body)) return body;
  }
  // Interpreted and raw string literals as strconv.Unquote reads them.
  if (literal.length >= 2 && literal[0] === "`" && literal[literal.length - 1] === "`") {
    const body = literal.slice(1, -1);
    return body.includes("`") ? null : body.replace(/\r/g, "");
  }
  try {
    return unquote(literal);
  } catch {
    return null;
  }
}

interface Walk {
  packageName: string;
  /** Start of the package keyword, or -1 when the file does not begin with one. */
  packageStart: number;
  imports: string[];
  /** Where the go command's reader stops: the start of the first token after the imports. */
  stop: number;
  /** The go command's reader would meet a syntax error in the header. */
  broken: boolean;
  /**
   * Where the reader met a top-level token starting with "i" that is not "import" (its
   * syntax error, which go's parser, reading imports only, never reaches), else -1.
   */
  notImport: number;
  /** An import's literal does not unquote (go's scanner rejects its escapes). */
  badLiteral: boolean;
}

const stringTypes = new Set(["interpreted_string_literal", "raw_string_literal"]);
const skipped = new Set(["comment", ";", "\n"]);

interface Leaf {
  type: string;
  start: number;
  end: number;
}

/**
 * TokenStream walks the tokens of a tree in order; string and rune literals and comments
 * are one token each. Its cursor lives in WebAssembly memory: close frees it.
 */
class TokenStream {
  private readonly cursor: TreeCursor;
  /** Node type names by id (the grammar's table; ids past its end are errors). */
  private readonly types: string[];
  private done = false;
  private started = false;

  constructor(tree: Tree) {
    this.cursor = tree.walk();
    this.types = tree.language.types;
  }

  close(): void {
    this.cursor.delete();
  }

  /** advance moves past the current node's subtree; false at the end of the tree. */
  private advance(): boolean {
    const c = this.cursor;
    while (!c.gotoNextSibling()) {
      if (!c.gotoParent()) return false;
    }
    return true;
  }

  /** next returns the next token that is not a comment or separator, or null at the end. */
  next(): Leaf | null {
    const c = this.cursor;
    if (this.done) return null;
    if (this.started && !this.advance()) {
      this.done = true;
      return null;
    }
    this.started = true;
    for (;;) {
      // One call into the runtime for the id; the name comes from the grammar's table.
      const type = this.types[c.nodeTypeId] ?? "ERROR";
      const atom = stringTypes.has(type) || type === "rune_literal" || type === "comment";
      if (!atom && c.gotoFirstChild()) continue;
      // Missing nodes (inserted by error recovery) are empty: they are not in the text.
      const start = c.startIndex;
      const end = c.endIndex;
      if (end > start && !skipped.has(type)) return { type, start, end };
      if (!this.advance()) {
        this.done = true;
        return null;
      }
    }
  }
}

function isIdentStart(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c >= 0x80;
}

/**
 * readTokens follows the go command's import reader over tree-sitter's tokens:
 * "package" and a name, then while the next token starts with "i": the keyword
 * "import" and either one import or a parenthesised group, each import being an
 * optional name (or ".") and a string. A token out of place is the reader's syntax
 * error: reading stops there, keeping the imports before it.
 */
function readTokens(tree: Tree, text: string, length: number): Walk {
  const tokens = new TokenStream(tree);
  try {
    return readImports(tokens, text, length);
  } finally {
    tokens.close();
  }
}

function readImports(tokens: TokenStream, text: string, length: number): Walk {
  const w: Walk = { packageName: "", packageStart: -1, imports: [], stop: length, broken: false, notImport: -1, badLiteral: false };
  const next = (): Leaf | null => tokens.next();
  const word = (l: Leaf) => text.slice(l.start, l.end);
  const fail = (): Walk => {
    w.broken = true;
    return w;
  };
  const readImport = (first: Leaf | null): boolean => {
    let tok = first;
    if (tok && (word(tok) === "." || isIdentStart(text[tok.start]))) tok = next();
    if (!tok || !stringTypes.has(tok.type)) return false;
    const p = unquoteImport(word(tok));
    if (p !== null) w.imports.push(p);
    else w.badLiteral = true;
    return true;
  };

  const pkg = next();
  if (!pkg || word(pkg) !== "package") return fail();
  w.packageStart = pkg.start;
  const name = next();
  if (!name || !isIdentStart(text[name.start])) return fail();
  w.packageName = word(name);
  for (;;) {
    const tok = next();
    if (!tok) return w;
    if (text[tok.start] !== "i") {
      w.stop = tok.start;
      return w;
    }
    if (word(tok) !== "import") {
      w.notImport = tok.start;
      return fail();
    }
    const first = next();
    if (first && word(first) === "(") {
      for (;;) {
        const t = next();
        if (t && word(t) === ")") break;
        if (!t || !readImport(t)) return fail();
      }
    } else if (!readImport(first)) {
      return fail();
    }
  }
}

/** A header's walk, and whether the tree of the text it was read from had a syntax error. */
interface WalkedText {
  walk: Walk;
  hasError: boolean;
}

/**
 * walkText parses text (all of it) and reads its header's tokens; with prefix, only a
 * header read without error counts (null otherwise). The tree is freed before it returns.
 */
function walkText(parser: Parser, text: string, length: number, prefix: boolean): WalkedText | null {
  const tree = parser.parse(text);
  if (!tree) throw new Error("internal error: tree-sitter returned no tree");
  try {
    const hasError = tree.rootNode.hasError;
    // A prefix read without error ends where a declaration begins: the header is complete.
    if (prefix && hasError) return null;
    const walk = readTokens(tree, text, length);
    return prefix && walk.broken ? null : { walk, hasError };
  } finally {
    tree.delete();
  }
}

/** hasSyntaxError reports whether tree-sitter finds a syntax error in text. */
function hasSyntaxError(parser: Parser, text: string): boolean {
  const tree = parser.parse(text);
  if (!tree) throw new Error("internal error: tree-sitter returned no tree");
  try {
    return tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

// The characters go's module index refuses in an import path, besides those that are not
// graphic or are spaces: the replacement character is what invalid UTF-8 reads as (which
// a decoded path holds as lone surrogates, not graphic either).
const illegalImportChars = new Set("!\"#$%&'()*,:;<=>?[\\]^{|}`\ufffd");
const graphicChar = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** isValidIndexImport is the module index's test of an import path: not empty, every character graphic, no space, none of the refused ones. */
function isValidIndexImport(path: string): boolean {
  if (path === "") return false;
  for (const ch of path) {
    if (!graphicChar.test(ch) || illegalImportChars.has(ch)) return false;
  }
  return true;
}

/**
 * rejectedByParser reports whether go's parser, reading the package clause and imports
 * only, finds an error in the header the reader walked: where the reader itself failed
 * (but not at a top-level token after the imports, which that parser never reads), where
 * the header alone does not parse, or where an import path is not valid.
 */
function rejectedByParser(parser: Parser, text: string, w: WalkedText): boolean {
  const { walk } = w;
  if ((walk.broken && walk.notImport < 0) || walk.badLiteral) return true;
  if (walk.imports.some((p) => !isValidIndexImport(p))) return true;
  if (!w.hasError) return false;
  const end = walk.broken ? walk.notImport : walk.stop;
  return hasSyntaxError(parser, text.slice(0, end));
}

/** HeaderRead is a header and, when it was read from the start of the file alone, that start. */
export interface HeaderRead {
  header: FileHeader;
  /**
   * The text (without a byte-order mark) the header was read from, when that is the text
   * before the cut point (see headerPrefix): any text with the same prefix has the same
   * header. null when the whole file was parsed.
   */
  prefix: string | null;
}

/**
 * headerPrefix is the text of a Go file (a byte-order mark left out) before its cut point,
 * the first line that begins a top-level declaration, or null when it has none. The header
 * of a file whose header was read from its prefix (HeaderRead.prefix) is the header of
 * every file with the same prefix: what follows the cut point is never read.
 */
export function headerPrefix(source: string): string | null {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const cut = cutPoint(text);
  return cut > 0 ? text.slice(0, cut) : null;
}

/**
 * readHeaderAndPrefix reads a Go file's package clause, imports and leading comments with
 * parser (a tree-sitter parser set to the Go grammar), and says whether the text before
 * the cut point was all it read. A leading byte-order mark is skipped, as the go command
 * skips it.
 *
 * source may be the start of the file only (complete = false); it then returns null when
 * it needs the rest.
 */
export function readHeaderAndPrefix(parser: Parser, source: string, complete = true): HeaderRead | null {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  let walked: WalkedText | null = null;
  const cut = cutPoint(text);
  if (cut > 0) walked = walkText(parser, text.slice(0, cut), cut, true);
  const prefix = walked ? text.slice(0, cut) : null;
  if (!walked) {
    if (!complete) return null;
    walked = walkText(parser, text, text.length, false)!;
  }
  const walk = walked.walk;
  const leadingEnd = walk.packageStart >= 0 ? walk.packageStart : text.length;
  // The go command reads one character past the header; after a syntax error, all of the
  // file. (After a header read from the prefix, that character starts the declaration.)
  const readEnd = walk.broken ? text.length : Math.min(text.length, walk.stop + 1);
  // The names are kept with the package for the whole run: copies, not slices that would
  // keep the whole text of the file alive with them.
  const nul = text.slice(0, readEnd).includes("\u0000");
  const header = {
    packageName: detached(walk.packageName),
    imports: walk.imports.map(detached),
    leading: text.slice(0, leadingEnd),
    nul,
    parseError: nul || rejectedByParser(parser, text, walked),
  };
  return { header, prefix };
}

/** readHeader is readHeaderAndPrefix's header. */
export function readHeader(parser: Parser, source: string, complete = true): FileHeader | null {
  return readHeaderAndPrefix(parser, source, complete)?.header ?? null;
}
