// Writing what tidy computed: go.sum, go.mod, go.sum again, each replaced atomically
// and only when its bytes change.
//
// The order is go mod tidy's: the loader writes go.sum when tidying is done (modload's
// loadFromRoots), then commitRequirements rewrites go.mod and, in a deferred call, go.sum
// once more. Here the first go.sum is the union of the old lines and tidy's, so that a
// run stopped at any point leaves a go.sum that holds every checksum the go.mod beside it
// needs, whichever go.mod that is: old go.mod with old-and-new sums, then new go.mod with
// them, then new go.mod with new sums. (A run stopped after the first step leaves extra
// lines, which the next tidy removes.) When go.sum cannot be written, go.mod is not
// touched, as with go. Each file holds its old bytes or its new ones, never part of them
// (src/io/atomic.ts); a symbolic link is written through and a file keeps its permission
// bits, as go's in-place rewrite does. Temporary files that a killed run left beside
// go.mod and go.sum are removed.

import { basename, join } from "node:path";
import { removeStaleTemps, writeFileAtomic, type AtomicWriteStep } from "../io/atomic.js";
import { errnoText } from "../text/paths.js";
import { encodeText, sameBytes } from "../text/utf8.js";
import type { TidyResult } from "./tidy.js";

/**
 * TidyWriteError is a failure to write go.mod or go.sum, worded as the go command words
 * it ("updating go.mod: open /m/go.mod: permission denied"); cause is the system's error.
 */
export class TidyWriteError extends Error {
  constructor(readonly file: string, override readonly cause: NodeJS.ErrnoException) {
    const where = cause.syscall ? `${cause.syscall} ${file}: ` : "";
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
  /**
   * Called at each step of each file's write (see AtomicWriteOptions.onStep), with the
   * file ("go.mod" or "go.sum") and the temporary file: a test stops the writer there.
   */
  onStep?: (file: string, step: AtomicWriteStep, temp: string) => void;
}

/**
 * tidyFileChanges reports which files writeTidyResult would write: go.mod when tidy's
 * go.mod differs from the file's bytes, go.sum when tidy's differs from the file. A
 * missing go.sum counts as unchanged when tidy's is empty, unless the run verified
 * checksums (which tidy then dropped): the go command writes go.sum whenever a checksum
 * was added to or dropped from what it read, so it creates an empty one then, and none
 * otherwise.
 */
export function tidyFileChanges(result: TidyResult): TidyFileChanges {
  // Bytes are compared, not decoded text: bytes that are not UTF-8 stand as escapes in
  // tidy's text and are written back as the same bytes.
  return {
    goMod: !sameBytes(result.oldGoMod, result.newGoMod),
    goSum: result.oldGoSum === null ? result.newGoSum !== "" || result.sumsAdded === true : !sameBytes(result.oldGoSum, result.newGoSum),
  };
}

/**
 * sumUnion is the go.sum written before go.mod: tidy's lines, then the old file's lines
 * that tidy drops (byte for byte). It is null when the old file already holds every line
 * of tidy's (tidy only drops lines: nothing to write before go.mod), and tidy's go.sum
 * itself when that holds every old line or there is no old file.
 */
export function sumUnion(oldSum: Buffer | null, newSum: string): Buffer | null {
  if (oldSum !== null && newSum === "") return null; // tidy only drops lines
  const newBytes = encodeText(newSum);
  if (oldSum === null) return newBytes;
  const lines = (b: Buffer) => b.toString("latin1").split("\n").filter((l) => l.trim() !== "");
  const oldLines = lines(oldSum);
  const newLines = lines(newBytes);
  const inOld = new Set(oldLines);
  if (newLines.every((l) => inOld.has(l))) return null;
  const inNew = new Set(newLines);
  const dropped = oldLines.filter((l) => !inNew.has(l));
  if (dropped.length === 0) return newBytes;
  return Buffer.concat([newBytes, Buffer.from(dropped.map((l) => l + "\n").join(""), "latin1")]);
}

/**
 * writeTidyResult writes the go.mod and go.sum of a successful tidy of the module in
 * root (the directory holding go.mod, as passed to tidy) in go mod tidy's order and
 * returns which it changed: go.sum first, holding the old lines as well as tidy's (see
 * the file comment), then go.mod, then go.sum as tidy computed it. It first removes the
 * temporary files that an interrupted earlier write left there. A failure is a
 * TidyWriteError whose cause is the system's error, and stops there: when go.sum cannot
 * be written, go.mod keeps its old bytes.
 */
export function writeTidyResult(root: string, result: TidyResult, options: WriteTidyOptions = {}): TidyFileChanges {
  const goMod = result.goModFile ?? join(root, "go.mod");
  const goSum = result.goSumFile ?? join(root, "go.sum");
  removeStaleTemps(goMod);
  removeStaleTemps(goSum);
  const changed = tidyFileChanges(result);
  const write = (file: string, data: Buffer) => writeOne(file, data, options);
  let sumWritten: Buffer | null = null;
  if (changed.goSum) {
    sumWritten = sumUnion(result.oldGoSum, result.newGoSum);
    if (sumWritten) write(goSum, sumWritten);
  }
  if (changed.goMod) write(goMod, encodeText(result.newGoMod));
  const newSum = encodeText(result.newGoSum);
  if (changed.goSum && !sumWritten?.equals(newSum)) write(goSum, newSum);
  return changed;
}

function writeOne(file: string, data: Buffer, options: WriteTidyOptions): void {
  const name = basename(file);
  const onStep = options.onStep;
  try {
    writeFileAtomic(file, data, { sync: options.sync !== false, onStep: onStep && ((step, temp) => onStep(name, step, temp)) });
  } catch (err) {
    throw new TidyWriteError(file, err as NodeJS.ErrnoException);
  }
}
