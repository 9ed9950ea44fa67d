// Writing what tidy computed: go.mod, then go.sum, each replaced atomically and only
// when its bytes change.
//
// The order is the go command's (modload's commitRequirements rewrites go.mod, and a
// deferred call writes go.sum afterwards, only when go.mod was written without error):
// a run stopped between the two leaves the new go.mod beside the old go.sum, which the
// next tidy completes, and never a new go.sum beside the go.mod it does not belong to.
// Each file holds its old bytes or its new ones, never part of them (src/io/atomic.ts);
// a symbolic link is written through and a file keeps its permission bits, as go's
// in-place rewrite does. Temporary files that a killed run left beside go.mod and go.sum
// are removed.

import { basename, join } from "node:path";
import { removeStaleTemps, writeFileAtomic } from "../io/atomic.js";
import { errnoText } from "../text/paths.js";
import type { TidyResult } from "./tidy.js";

/**
 * TidyWriteError is a failure to write go.mod or go.sum, worded as the go command words
 * it ("updating go.mod: open /m/go.mod: permission denied"); cause is the system's error.
 */
export class TidyWriteError extends Error {
  constructor(readonly file: string, override readonly cause: NodeJS.ErrnoException) {
    const where = cause.syscall ? `${cause.syscall} ${cause.path ?? file}: ` : "";
    super(`updating ${basename(file)}: ${where}${errnoText(cause)}`, { cause });
    this.name = "TidyWriteError";
  }
}

/** Which of the two files a tidy result changes (or, after writeTidyResult, changed). */
export interface TidyFileChanges {
  goMod: boolean;
  goSum: boolean;
}

export interface WriteTidyOptions {
  /**
   * Flush each file to the disk before it replaces the old one (default true). Turning
   * it off keeps kills harmless but not power losses.
   */
  sync?: boolean;
}

/**
 * tidyFileChanges reports which files writeTidyResult would write: go.mod when tidy's
 * go.mod differs from the file's bytes, go.sum when tidy's differs from the file (a
 * missing go.sum counts as unchanged when tidy's is empty: none is created empty, as
 * go creates none).
 */
export function tidyFileChanges(result: TidyResult): TidyFileChanges {
  const oldSum = result.oldGoSum?.toString("utf8") ?? null;
  return {
    goMod: result.oldGoMod.toString("utf8") !== result.newGoMod,
    goSum: oldSum !== result.newGoSum && !(oldSum === null && result.newGoSum === ""),
  };
}

/**
 * writeTidyResult writes the go.mod and go.sum of a successful tidy of the module in
 * root (the directory holding go.mod, as passed to tidy), go.mod first, and returns which
 * it wrote. It first removes temporary files that an interrupted earlier write left
 * there. When writing go.mod fails, go.sum is not written and the error is thrown, both
 * files keeping their old bytes; when go.sum fails, go.mod is already new (as with go).
 * A failure is a TidyWriteError whose cause is the system's error.
 */
export function writeTidyResult(root: string, result: TidyResult, options: WriteTidyOptions = {}): TidyFileChanges {
  const goMod = join(root, "go.mod");
  const goSum = join(root, "go.sum");
  removeStaleTemps(goMod);
  removeStaleTemps(goSum);
  const changed = tidyFileChanges(result);
  const sync = options.sync !== false;
  if (changed.goMod) write(goMod, result.newGoMod, sync);
  if (changed.goSum) write(goSum, result.newGoSum, sync);
  return changed;
}

function write(file: string, data: string, sync: boolean): void {
  try {
    writeFileAtomic(file, data, { sync });
  } catch (err) {
    throw new TidyWriteError(file, err as NodeJS.ErrnoException);
  }
}
