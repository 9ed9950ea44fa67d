// From a syntax tree back to go.mod text in the go command's canonical layout:
// one blank line between top-level statements, one tab inside blocks, comments
// trimmed, trailing white space removed, exactly one newline at the end.

import { Comment, CommentBlock, FileSyntax, Line, LineBlock, LParen, RParen, Stmt } from "./syntax.js";
import { trimSpace } from "../text/unicode.js";

type Node = Stmt | LParen | RParen;

class Printer {
  /** Finished lines, without their newlines. */
  private readonly lines: string[] = [];
  /** The line being written. */
  private cur = "";
  /** End-of-line comments waiting for the end of the current line. */
  private pending: Comment[] = [];
  private margin = 0;

  /** trim removes trailing spaces and tabs from the current line (a loop: linear in what it removes). */
  private trim(): void {
    let end = this.cur.length;
    while (end > 0 && (this.cur.charCodeAt(end - 1) === 0x20 || this.cur.charCodeAt(end - 1) === 0x09)) end--;
    if (end < this.cur.length) this.cur = this.cur.slice(0, end);
  }

  private isEmpty(): boolean {
    return this.lines.length === 0 && this.cur === "";
  }

  /** endsWithBlankLine reports whether the output so far ends in "\n\n". */
  private endsWithBlankLine(): boolean {
    const n = this.lines.length;
    if (this.cur !== "" || n === 0) return false;
    return this.lines[n - 1] === "" && n >= 2;
  }

  private indent(): void {
    this.cur += "\t".repeat(this.margin);
  }

  /** newline ends the current line, flushing pending end-of-line comments. */
  private newline(): void {
    if (this.pending.length > 0) {
      this.cur += " ";
      this.pending.forEach((com, i) => {
        if (i > 0) {
          this.trim();
          this.lines.push(this.cur);
          this.cur = "";
          this.indent();
        }
        this.cur += trimSpace(com.token);
      });
      this.pending = [];
    }
    this.trim();
    if (!this.isEmpty() && !this.endsWithBlankLine()) {
      this.lines.push(this.cur);
      this.cur = "";
    }
    this.indent();
  }

  file(f: FileSyntax): void {
    for (const com of f.comments.before) {
      this.cur += trimSpace(com.token);
      this.newline();
    }
    f.stmts.forEach((stmt, i) => {
      this.expr(stmt);
      if (!(stmt instanceof CommentBlock)) this.newline();
      for (const com of stmt.comments.after) {
        this.cur += trimSpace(com.token);
        this.newline();
      }
      if (i + 1 < f.stmts.length) this.newline();
    });
  }

  private expr(x: Node): void {
    const before = x.comments.before;
    if (before.length > 0) {
      this.trim();
      if (this.cur.length > 0) {
        this.lines.push(this.cur);
        this.cur = "";
      }
      this.indent();
      for (const com of before) {
        this.cur += trimSpace(com.token);
        this.newline();
      }
    }
    if (x instanceof LParen) {
      this.cur += "(";
    } else if (x instanceof RParen) {
      this.cur += ")";
    } else if (x instanceof Line) {
      this.tokens(x.tokens);
    } else if (x instanceof LineBlock) {
      this.tokens(x.tokens);
      this.cur += " ";
      this.expr(x.lparen);
      this.margin++;
      for (const l of x.lines) {
        this.newline();
        this.expr(l);
      }
      this.margin--;
      this.newline();
      this.expr(x.rparen);
    }
    this.pending.push(...x.comments.suffix);
  }

  private tokens(tokens: string[]): void {
    let sep = "";
    for (const t of tokens) {
      if (t === "," || t === ")" || t === "]" || t === "}") sep = "";
      this.cur += sep + t;
      sep = t === "(" || t === "[" || t === "{" ? "" : " ";
    }
  }

  text(): string {
    const out = this.lines.map((l) => l + "\n").join("") + this.cur;
    // Remove trailing blank lines, keeping one final newline.
    let end = out.length;
    while (end > 0 && out.charCodeAt(end - 1) === 0x0a && (end === 1 || out.charCodeAt(end - 2) === 0x0a)) end--;
    return end === out.length ? out : out.slice(0, end);
  }
}

/** printSyntax formats a syntax tree exactly as the go command writes go.mod files. */
export function printSyntax(f: FileSyntax): string {
  const p = new Printer();
  p.file(f);
  return p.text();
}
