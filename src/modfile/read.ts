// From go.mod text to a syntax tree (syntax.ts), keeping every comment.
//
// The lexer works on code points with one token of lookahead, and reports errors at
// the position it has read up to, which is what makes its positions match the go
// command's. Comments are collected while lexing and attached afterwards: a whole-line
// comment to the element that starts right after it, an end-of-line comment to the
// innermost element that ends before it on the same line.

import { GoModError, GoModErrorList } from "./errors.js";
import { Comment, CommentBlock, FileSyntax, Line, LineBlock, LParen, Position, RParen, Stmt } from "./syntax.js";
import { isPrint, isSpace, trimSpace } from "../text/unicode.js";
import { quoteRune } from "../text/quote.js";
import { Utf8Chunks } from "../text/utf8.js";

const EOF = "EOF";
const EOL_COMMENT = "EOL_COMMENT";
const COMMENT = "COMMENT";
const IDENT = "IDENT";
const STRING = "STRING";
type Kind = typeof EOF | typeof EOL_COMMENT | typeof COMMENT | typeof IDENT | typeof STRING |
  "\n" | "(" | ")" | "[" | "]" | "{" | "}" | ",";

interface Token {
  kind: Kind;
  pos: Position;
  end: Position;
  text: string;
}

function isEOL(k: Kind): boolean {
  return k === EOF || k === EOL_COMMENT || k === "\n";
}

const punctuation = new Set(["\n", "(", ")", "[", "]", "{", "}", ","]);

function isIdentChar(cp: number): boolean {
  switch (cp) {
    case 0x20: case 0x28: case 0x29: case 0x5b: case 0x5d: case 0x7b: case 0x7d: case 0x2c:
      return false;
  }
  return !isSpace(cp) && isPrint(cp);
}

class Failure {
  constructor(readonly error: GoModError) {}
}

class Parser {
  /** The read position: string offset, and the 1-based line and column it stands for. */
  private i = 0;
  private line = 1;
  private column = 1;
  private tokenStart = 0;
  private token!: Token;
  private readonly comments: Comment[] = [];

  /** The text decoded so far; the source decodes the rest on demand. */
  private text: string;
  private readonly source: Utf8Chunks | null;

  constructor(private readonly name: string, input: string | Uint8Array) {
    this.text = typeof input === "string" ? input : "";
    this.source = typeof input === "string" ? null : new Utf8Chunks(input);
  }

  /**
   * has reports whether k more code units can be read, decoding more of the input when
   * needed: the lexer reads no further than it looks, so an early error costs only the
   * text before it.
   */
  private has(k: number): boolean {
    while (this.i + k > this.text.length) {
      const more = this.source?.next();
      if (more === undefined || more === null) return false;
      this.text += more;
    }
    return true;
  }

  private get pos(): Position {
    return { line: this.line, column: this.column, offset: this.i };
  }

  private fail(reason: string, at: Position = this.pos): never {
    throw new Failure(new GoModError(this.name, at, reason));
  }

  private peekRune(): number {
    return this.has(1) ? this.text.codePointAt(this.i)! : 0;
  }

  private startsWith(s: string): boolean {
    this.has(s.length);
    return this.text.startsWith(s, this.i);
  }

  private readRune(): number {
    const cp = this.text.codePointAt(this.i)!;
    const width = cp > 0xffff ? 2 : 1;
    this.i += width;
    if (cp === 0x0a) {
      this.line++;
      this.column = 1;
    } else {
      this.column++;
    }
    return cp;
  }

  private startToken(): void {
    this.tokenStart = this.i;
    const pos = this.pos;
    this.token = { kind: EOF, pos, end: pos, text: "" };
  }

  private endToken(kind: Kind): void {
    let text = this.text.slice(this.tokenStart, this.i);
    if (kind === COMMENT || kind === EOL_COMMENT) {
      if (text.endsWith("\r\n")) text = text.slice(0, -2);
      else if (text.endsWith("\n")) text = text.slice(0, -1);
    }
    this.token.kind = kind;
    this.token.text = text;
    this.token.end = this.pos;
  }

  /** readToken lexes the next token into this.token. */
  readToken(): void {
    while (this.has(1)) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.readRune();
        continue;
      }
      if (this.startsWith("//")) {
        this.startToken();
        const lineStart = this.text.lastIndexOf("\n", this.i - 1) + 1;
        const suffix = trimSpace(this.text.slice(lineStart, this.i)) !== "";
        this.readRune();
        this.readRune();
        while (this.has(1) && this.readRune() !== 0x0a) {
          // consume the comment through its newline
        }
        if (!suffix) {
          this.endToken(COMMENT);
          return;
        }
        this.endToken(EOL_COMMENT);
        this.comments.push({ start: this.token.pos, token: this.token.text, suffix: true });
        return;
      }
      if (this.startsWith("/*")) this.fail("mod files must use // comments (not /* */ comments)");
      break;
    }
    this.startToken();
    if (!this.has(1)) {
      this.endToken(EOF);
      return;
    }
    const c = this.peekRune();
    const ch = String.fromCodePoint(c);
    if (punctuation.has(ch)) {
      this.readRune();
      this.endToken(ch as Kind);
      return;
    }
    if (ch === '"' || ch === "`") {
      this.readRune();
      for (;;) {
        if (!this.has(1)) this.fail("unexpected EOF in string", this.token.pos);
        if (this.peekRune() === 0x0a) this.fail("unexpected newline in string");
        const r = this.readRune();
        if (r === c) break;
        if (r === 0x5c && ch !== "`") {
          if (!this.has(1)) this.fail("unexpected EOF in string", this.token.pos);
          this.readRune();
        }
      }
      this.endToken(STRING);
      return;
    }
    if (!isIdentChar(c)) this.fail(`unexpected input character ${quoteRune(c)}`);
    while (this.has(1) && isIdentChar(this.peekRune())) {
      if (this.startsWith("//")) break;
      if (this.startsWith("/*")) this.fail("mod files must use // comments (not /* */ comments)");
      this.readRune();
    }
    this.endToken(IDENT);
  }

  private peek(): Kind {
    return this.token.kind;
  }

  private lex(): Token {
    const tok = this.token;
    this.readToken();
    return tok;
  }

  parseFile(): FileSyntax {
    const file = new FileSyntax(this.name);
    let cb: CommentBlock | null = null;
    for (;;) {
      switch (this.peek()) {
        case "\n":
          this.lex();
          if (cb) {
            file.stmts.push(cb);
            cb = null;
          }
          break;
        case COMMENT: {
          const tok = this.lex();
          if (!cb) cb = new CommentBlock(tok.pos);
          cb.comments.before.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          if (cb) file.stmts.push(cb);
          return file;
        default:
          this.parseStmt(file);
          if (cb) {
            file.stmts[file.stmts.length - 1].comments.before = cb.comments.before;
            cb = null;
          }
      }
    }
  }

  private parseStmt(file: FileSyntax): void {
    const first = this.lex();
    const start = first.pos;
    let end = first.end;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) {
        file.stmts.push(new Line(tokens, false, start, end));
        return;
      }
      if (tok.kind === "(") {
        const next = this.peek();
        if (isEOL(next)) {
          file.stmts.push(this.parseLineBlock(start, tokens, tok));
          return;
        }
        if (next === ")") {
          const rparen = this.lex();
          if (isEOL(this.peek())) {
            this.lex();
            file.stmts.push(new LineBlock(tokens, [], start, tok.pos, rparen.pos));
            return;
          }
          tokens.push(tok.text, rparen.text);
        } else {
          tokens.push(tok.text);
        }
        continue;
      }
      tokens.push(tok.text);
      end = tok.end;
    }
  }

  private parseLineBlock(start: Position, tokens: string[], lparen: Token): LineBlock {
    const block = new LineBlock(tokens, [], start, lparen.pos);
    let comments: Comment[] = [];
    for (;;) {
      switch (this.peek()) {
        case EOL_COMMENT:
          this.lex();
          break;
        case "\n":
          this.lex();
          if ((comments.length === 0 && block.lines.length > 0) ||
            (comments.length > 0 && comments[comments.length - 1].token !== "")) {
            comments.push({ start: { line: 0, column: 0, offset: 0 }, token: "", suffix: false });
          }
          break;
        case COMMENT: {
          const tok = this.lex();
          comments.push({ start: tok.pos, token: tok.text, suffix: false });
          break;
        }
        case EOF:
          this.fail(`syntax error (unterminated block started at ${this.name}:${start.line}:${start.column})`);
        // falls through: fail never returns
        case ")": {
          const rparen = this.lex();
          if (comments.length === 1 && comments[0].token === "" && comments[0].start.line === 0) comments = [];
          block.rparen.comments.before = comments;
          block.rparen.pos = rparen.pos;
          if (!isEOL(this.peek())) this.fail("syntax error (expected newline after closing paren)");
          this.lex();
          return block;
        }
        default: {
          const line = this.parseLine();
          block.lines.push(line);
          line.comments.before = comments;
          comments = [];
        }
      }
    }
  }

  private parseLine(): Line {
    const first = this.lex();
    const start = first.pos;
    let end = first.end;
    const tokens = [first.text];
    for (;;) {
      const tok = this.lex();
      if (isEOL(tok.kind)) return new Line(tokens, true, start, end);
      tokens.push(tok.text);
      end = tok.end;
    }
  }

  get collected(): Comment[] {
    return this.comments;
  }
}

type Node = FileSyntax | Stmt | LParen | RParen;

function span(x: Node): [Position, Position] {
  if (x instanceof Line) return [x.start, x.end];
  if (x instanceof LineBlock) return [x.start, after(x.rparen.pos)];
  if (x instanceof LParen || x instanceof RParen) return [x.pos, after(x.pos)];
  if (x instanceof CommentBlock) return [x.start, x.start];
  const stmts = x.stmts;
  if (stmts.length === 0) return [zero, zero];
  return [span(stmts[0])[0], span(stmts[stmts.length - 1])[1]];
}

const zero: Position = { line: 0, column: 0, offset: 0 };

function after(p: Position): Position {
  return { line: p.line, column: p.column + 1, offset: p.offset + 1 };
}

function walk(x: Node, pre: Node[], post: Node[]): void {
  pre.push(x);
  if (x instanceof FileSyntax) {
    for (const s of x.stmts) walk(s, pre, post);
  } else if (x instanceof LineBlock) {
    walk(x.lparen, pre, post);
    for (const l of x.lines) walk(l, pre, post);
    walk(x.rparen, pre, post);
  }
  post.push(x);
}

/** attachComments assigns the collected comments to the nodes of the tree. */
function attachComments(file: FileSyntax, all: Comment[]): void {
  const pre: Node[] = [];
  const post: Node[] = [];
  walk(file, pre, post);
  const lineComments = all.filter((c) => !c.suffix);
  const suffixComments = all.filter((c) => c.suffix);

  let li = 0;
  for (const x of pre) {
    const [start] = span(x);
    while (li < lineComments.length && start.offset >= lineComments[li].start.offset) {
      x.comments.before.push(lineComments[li++]);
    }
  }
  file.comments.after.push(...lineComments.slice(li));

  let si = suffixComments.length;
  for (let k = post.length - 1; k >= 0; k--) {
    const x = post[k];
    if (x instanceof FileSyntax) continue;
    const [start, end] = span(x);
    if (start.line !== end.line) continue;
    while (si > 0 && end.offset <= suffixComments[si - 1].start.offset) {
      x.comments.suffix.push(suffixComments[--si]);
    }
  }
  for (const x of post) x.comments.suffix.reverse();
  file.comments.before.push(...suffixComments.slice(0, si));
}

/**
 * parseSyntax parses go.mod text (a string, or the file's bytes) into a syntax tree.
 * A lexical or syntax error throws a GoModErrorList holding that one error. Bytes are
 * decoded as the lexer reaches them (see decodeBytes for bytes that are not UTF-8), so
 * an error near the start of a large input is found without decoding the rest.
 */
export function parseSyntax(name: string, text: string | Uint8Array): FileSyntax {
  const p = new Parser(name, text);
  try {
    p.readToken();
    const file = p.parseFile();
    attachComments(file, p.collected);
    return file;
  } catch (e) {
    if (e instanceof Failure) throw new GoModErrorList([e.error]);
    throw e;
  }
}
