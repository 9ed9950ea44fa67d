// What one run found, per module: the shape of --json, and the go command's message, the
// class and the hint of an error. Every decision is made by the error's class and typed
// fields (src/errors/chain.ts walks what it wraps), never by its text.

import { join } from "node:path";
import type { Change } from "../tidy/explain.js";
import { changeLine } from "../tidy/explain.js";
import { findError } from "../errors/chain.js";
import { ChecksumError, fatalError, FetchError, fetchHint, findFetchError } from "../fetch/errors.js";
import { GoModErrorList } from "../modfile/index.js";
import { ModuleError } from "../module/errors.js";
import { BuildListError } from "../mvs/mvs.js";
import { TidyErrors } from "../tidy/tidy.js";
import { TidyWriteError } from "../tidy/write.js";
import { TooNewError } from "../load/summary.js";
import { shortPath } from "../text/paths.js";
import type { FetchDownloadEvent, FetchRequestEvent } from "../fetch/observer.js";

/** The report's format version; it changes only when a field changes meaning or goes away. */
export const reportVersion = 1;

export type ErrorClass =
  | "usage" | "no-module" | "parse" | "package" | "graph" | "toolchain" | "checksum" | "offline" | "setup" | "write" | "internal"
  | FetchError["errorClass"];

export interface ErrorReport {
  class: ErrorClass;
  /** The message, as the go command prints it (several lines for several package errors). */
  message: string;
  hint?: string;
}

export type ModuleStatus = "tidy" | "untidy" | "updated" | "failed";

export interface ChangeReport extends Change {
  /** The change as one line, as the text output prints it. */
  text: string;
}

export interface ModuleReport {
  /** The module directory, relative to the working directory when shorter. */
  dir: string;
  /** The module path from go.mod ("" when go.mod could not be read). */
  path: string;
  status: ModuleStatus;
  /**
   * The names of the files tidied, where -modfile named others than go.mod and go.sum
   * (changes still say "go.mod" and "go.sum" of them, as go's -diff does).
   */
  files?: { goMod: string; goSum: string };
  /** What changes (or would change) in go.mod and go.sum, and why. */
  changes: ChangeReport[];
  /** The unified diff -diff prints ("" when tidy). Not filled when tidying for real. */
  diff: string;
  /** Requirements no longer needed (the go command's -v "unused" lines). */
  unused: string[];
  errors: ErrorReport[];
  /** Warnings and non-fatal package errors (-e). */
  warnings: string[];
  /** Module files that were not in the module cache and were downloaded. */
  fetched: { module: string; version: string; file: string }[];
  /** Every HTTP request made (retries included), without credentials. */
  requests: FetchRequestEvent[];
}

export interface RunReport {
  version: typeof reportVersion;
  mode: "check" | "dry-run" | "diff" | "tidy";
  offline: boolean;
  exitCode: number;
  summary: { modules: number; tidy: number; untidy: number; updated: number; failed: number };
  modules: ModuleReport[];
}

export const hints: Partial<Record<ErrorClass, string>> = {
  parse: "fix go.mod at the position shown, then run again",
  package: "fix or remove the import shown; `-e` tidies despite such errors",
  graph: "a requirement's go.mod could not be read or is inconsistent; check the chain of requirements shown",
  toolchain: "install a newer Go, or lower the requirement that needs it",
  checksum: "the download does not match go.sum or the checksum database: do not ignore this; see 'go help module-auth'",
  "no-module": "run in a module directory (with a go.mod), name one, or use --recursive",
  setup: "reinstall gotidy-ts: its installed files are incomplete or damaged",
  write: "go.mod and go.sum, and the directory holding them, must be writable",
  internal: "this is a bug in gotidy-ts: please report it with the module that shows it (GOTIDY_DEBUG=1 prints the stack)",
};

/**
 * isFetchFailure reports whether an error is a fetch failure itself (a FetchError, or a
 * ModuleError around one), not a package or graph error that wraps one.
 */
export function isFetchFailure(e: unknown): boolean {
  return e instanceof FetchError || (e instanceof ModuleError && findFetchError(e) !== null);
}

/** goMessage is the go command's text for an error of a tidy run of the module at root, or null for a bug. */
export function goMessage(e: unknown, root: string, cwd: string): string | null {
  // A proven fork of the checksum database ends the go command at once, printed alone.
  const fork = findError(e, ChecksumError, (c) => c.problem === "fork");
  if (fork) return `go: ${fork.message}`;
  // The file as the errors name it: go.mod, or the file -modfile named.
  if (e instanceof GoModErrorList) return `go: errors parsing ${e.errors[0]?.fileName || shortPath(join(root, "go.mod"), cwd)}:\n${e.message}`;
  // The go command prints the failures it ends on at once (a go.sum mismatch, a cached
  // module that does not verify) as they are, without "go: ".
  const fatal = fatalError(e);
  if (fatal) return fatal.message.replace(/\n$/, "");
  if (e instanceof TidyErrors) return e.message.replace(/\n$/, "");
  if (isFetchFailure(e) || e instanceof BuildListError || e instanceof TidyWriteError) return `go: ${(e as Error).message}`;
  return null;
}

/** classOf is the report class of an error of a tidy run. */
function classOf(e: unknown): ErrorClass {
  const fetchErr = findFetchError(e);
  if (e instanceof GoModErrorList) return fetchErr?.errorClass ?? "parse";
  if (findError(e, TooNewError)) return "toolchain";
  if (fetchErr) return fetchErr.errorClass;
  if (e instanceof TidyErrors) return "package";
  if (e instanceof BuildListError) return "graph";
  if (e instanceof TidyWriteError) return "write";
  return "internal";
}

/** classify turns an error of a tidy run into its report: class, go's message, and a hint. */
export function classify(e: unknown, message: string): ErrorReport {
  const cls = classOf(e);
  const hint = fetchHint(e) ?? hints[cls];
  return hint ? { class: cls, message, hint } : { class: cls, message };
}

/** changeReports adds to each change the line the text output prints for it. */
export function changeReports(changes: Change[]): ChangeReport[] {
  return changes.map((c) => ({ ...c, text: changeLine(c) }));
}

/** summarize counts the modules by status (the report's summary; the exit status is exit.ts's). */
export function summarize(modules: ModuleReport[]): RunReport["summary"] {
  const count = (s: ModuleStatus) => modules.filter((m) => m.status === s).length;
  return { modules: modules.length, tidy: count("tidy"), untidy: count("untidy"), updated: count("updated"), failed: count("failed") };
}
