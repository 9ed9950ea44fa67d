// Errors in go.mod and go.sum files, formatted as the go command formats them:
// "go.mod:3:2: require example.com/m: version "v1" invalid: must be of the form v1.2.3".

import type { Position } from "./syntax.js";

/** GoModError is one problem at one position of a go.mod file. */
export class GoModError extends Error {
  constructor(
    readonly fileName: string,
    readonly pos: Position | null,
    readonly reason: string,
    readonly verb = "",
    readonly modPath = "",
    cause?: unknown,
  ) {
    super(formatError(fileName, pos, reason, verb, modPath), cause === undefined ? undefined : { cause });
    this.name = "GoModError";
  }
}

function formatError(fileName: string, pos: Position | null, reason: string, verb: string, modPath: string): string {
  let prefix = "";
  if (pos && pos.column > 1) prefix = `${fileName}:${pos.line}:${pos.column}: `;
  else if (pos && pos.line > 0) prefix = `${fileName}:${pos.line}: `;
  else if (fileName) prefix = `${fileName}: `;
  let directive = "";
  if (modPath) directive = `${verb} ${modPath}: `;
  else if (verb) directive = `${verb}: `;
  return prefix + directive + reason;
}

/**
 * GoModErrorList collects every error of one file (go's modfile.ErrorList); its message
 * has one line per error.
 */
export class GoModErrorList extends AggregateError {
  declare readonly errors: GoModError[];

  constructor(errors: GoModError[]) {
    super(errors, errors.map((e) => e.message).join("\n"));
    this.name = "GoModErrorList";
  }
}

/**
 * DirectiveProblem is what reading one directive found wrong (go's errorf and
 * wrapModPathError in modfile's parser): the reason, and the verb and module path it
 * concerns. The reader turns it into a GoModError at the directive's position.
 */
export class DirectiveProblem extends Error {
  constructor(readonly reason: string, readonly verb = "", readonly modPath = "") {
    super(reason);
    this.name = "DirectiveProblem";
  }
}

/** GoSumError: a malformed go.sum line. */
export class GoSumError extends Error {
  constructor(readonly fileName: string, readonly line: number, readonly reason: string) {
    super(`malformed go.sum:\n${fileName}:${line}: ${reason}`);
    this.name = "GoSumError";
  }
}
