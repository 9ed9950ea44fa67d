// Structural edits of the syntax tree: adding a line next to its kind, removing
// lines, and the cleanup that drops removed lines and empty blocks and collapses
// one-line blocks, as the go command does before writing a file.

import { Comments, FileSyntax, Line, LineBlock, Stmt } from "./syntax.js";

/** markRemoved drops a line (and its end-of-line comment) at the next cleanup. */
export function markRemoved(line: Line): void {
  line.removed = true;
  line.comments.suffix = [];
}

/** updateLine replaces the tokens of a line; for a line in a block the verb is left out. */
export function updateLine(line: Line, tokens: string[]): void {
  line.tokens = line.inBlock ? tokens.slice(1) : tokens;
}

function firstToken(stmt: Stmt): string | undefined {
  if (stmt instanceof Line) return stmt.removed ? undefined : stmt.tokens[0];
  if (stmt instanceof LineBlock) return stmt.tokens[0];
  return undefined;
}

/**
 * addLine adds a line with the given tokens (verb first) and returns it.
 *
 * Without a hint, the line goes at the end of the last statement with the same verb
 * (a single line turns into a block), or at the end of the file. With a hint of the same
 * verb, it goes into the hint's block, right after the hint when the hint is a line in
 * that block; with a hint of another verb, it goes right after the hint's statement.
 */
export function addLine(file: FileSyntax, hint: Line | LineBlock | null, tokens: string[]): Line {
  const verb = tokens[0];
  if (!hint) {
    for (let i = file.stmts.length - 1; i >= 0 && !hint; i--) {
      const stmt = file.stmts[i];
      if (!(stmt instanceof Line) && !(stmt instanceof LineBlock)) continue;
      if (firstToken(stmt) === verb) hint = stmt;
    }
  }
  const insertAfter = (i: number): Line => {
    const line = new Line(tokens);
    file.stmts.splice(i + 1, 0, line);
    return line;
  };
  if (hint) {
    for (let i = 0; i < file.stmts.length; i++) {
      const stmt = file.stmts[i];
      if (stmt instanceof Line && stmt === hint) {
        if (stmt.removed || stmt.tokens[0] !== verb) return insertAfter(i);
        const block = new LineBlock(stmt.tokens.slice(0, 1), [stmt]);
        stmt.tokens = stmt.tokens.slice(1);
        stmt.inBlock = true;
        file.stmts[i] = block;
        const line = new Line(tokens.slice(1), true);
        block.lines.push(line);
        return line;
      }
      if (stmt instanceof LineBlock) {
        if (stmt === hint) {
          if (stmt.tokens[0] !== verb) return insertAfter(i);
          const line = new Line(tokens.slice(1), true);
          stmt.lines.push(line);
          return line;
        }
        const j = stmt.lines.indexOf(hint as Line);
        if (j >= 0) {
          if (stmt.tokens[0] !== verb) return insertAfter(i);
          const line = new Line(tokens.slice(1), true);
          stmt.lines.splice(j + 1, 0, line);
          return line;
        }
      }
    }
  }
  const line = new Line(tokens);
  file.stmts.push(line);
  return line;
}

/**
 * addLineNear adds a line next to hint as addLine does, but without a hint it appends a
 * line at the end of the file. (The go command's exclude and replace edits behave so.)
 */
export function addLineNear(file: FileSyntax, hint: Line | null, tokens: string[]): Line {
  if (hint) return addLine(file, hint, tokens);
  const line = new Line(tokens);
  file.stmts.push(line);
  return line;
}

/** cleanupSyntax removes dropped lines and empty blocks, and turns one-line blocks into lines. */
export function cleanupSyntax(file: FileSyntax): void {
  const out: Stmt[] = [];
  for (const stmt of file.stmts) {
    if (stmt instanceof Line) {
      if (!stmt.removed) out.push(stmt);
      continue;
    }
    if (!(stmt instanceof LineBlock)) {
      out.push(stmt);
      continue;
    }
    stmt.lines = stmt.lines.filter((l) => !l.removed);
    if (stmt.lines.length === 0) continue;
    if (stmt.lines.length === 1 && stmt.rparen.comments.before.length === 0) {
      // Collapse in place, so that directives keep pointing at their line.
      const line = stmt.lines[0];
      const merged = new Comments();
      merged.before = [...stmt.comments.before, ...line.comments.before];
      merged.suffix = [...line.comments.suffix, ...stmt.comments.suffix];
      merged.after = [...line.comments.after, ...stmt.comments.after];
      line.comments = merged;
      line.tokens = [...stmt.tokens, ...line.tokens];
      line.inBlock = false;
      line.start = { line: 0, column: 0, offset: 0 };
      line.end = { line: 0, column: 0, offset: 0 };
      out.push(line);
      continue;
    }
    out.push(stmt);
  }
  file.stmts = out;
}
