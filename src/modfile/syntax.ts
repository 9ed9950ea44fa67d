// The syntax tree of a go.mod file: statements, blocks and the comments attached
// to them. It keeps everything the printer needs to reproduce the file, and no meaning;
// the directives are interpreted in rules.ts.

/** A position in the input: 1-based line, 1-based column in code points, 0-based string offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export const noPosition: Position = Object.freeze({ line: 0, column: 0, offset: 0 });

/** A single `//` comment. An empty token marks a preserved blank line inside a block. */
export interface Comment {
  start: Position;
  token: string;
  /** true for an end-of-line comment, false for a comment on a line of its own. */
  suffix: boolean;
}

/** The comments attached to a piece of syntax. */
export class Comments {
  /** Whole-line comments before the element. */
  before: Comment[] = [];
  /** End-of-line comments after the element. */
  suffix: Comment[] = [];
  /** Whole-line comments after the element (top-level statements only). */
  after: Comment[] = [];
}

/** A line of tokens: a directive at top level, or one entry of a block. */
export class Line {
  readonly kind = "line";
  comments = new Comments();
  /** Set by edits; a removed line and its comments disappear at cleanup. */
  removed = false;
  constructor(
    public tokens: string[],
    public inBlock = false,
    public start: Position = noPosition,
    public end: Position = noPosition,
  ) {}
}

/** The `(` of a block, which holds the block's suffix comment. */
export class LParen {
  comments = new Comments();
  constructor(public pos: Position = noPosition) {}
}

/** The `)` of a block, which holds the comments after its last line. */
export class RParen {
  comments = new Comments();
  constructor(public pos: Position = noPosition) {}
}

/** A factored block: `require ( ... )`. */
export class LineBlock {
  readonly kind = "block";
  comments = new Comments();
  lparen: LParen;
  rparen: RParen;
  constructor(
    public tokens: string[],
    public lines: Line[] = [],
    public start: Position = noPosition,
    lparenPos: Position = noPosition,
    rparenPos: Position = noPosition,
  ) {
    this.lparen = new LParen(lparenPos);
    this.rparen = new RParen(rparenPos);
  }
}

/** A run of top-level comments that belongs to no statement. */
export class CommentBlock {
  readonly kind = "comments";
  comments = new Comments();
  constructor(public start: Position = noPosition) {}
}

export type Stmt = Line | LineBlock | CommentBlock;

/** A whole go.mod file. */
export class FileSyntax {
  comments = new Comments();
  stmts: Stmt[] = [];
  constructor(public name: string) {}
}
