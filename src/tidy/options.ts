// The options and the result of a tidy run, as library callers and the CLI see them.

import type { Dirent } from "node:fs";
import type { FetchObserver } from "../fetch/observer.js";
import type { Fetcher } from "../fetch/fetcher.js";
import type { Verifier } from "../fetch/verify.js";
import type { ParsedGoMods } from "../load/summary.js";
import type { Scanner } from "../scan/scanner.js";
import type { GoSettings } from "../settings/resolve.js";
import type { Change } from "./explain.js";

export interface TidyOptions {
  /** The module root (the directory holding go.mod). */
  root: string;
  /** The go command's settings (src/settings), resolved once by the caller. */
  settings: GoSettings;
  /** Progress lines ("go: downloading ..."). */
  log?: (line: string) => void;
  trace?: (line: string) => void;
  warn?: (line: string) => void;
  /**
   * The environment version control commands (git, for GOPROXY's "direct") run with, as
   * the go command runs them with its own. Without it, "direct" is not available.
   */
  commandEnv?: Readonly<Record<string, string | undefined>>;
  /** For tests: a prepared fetcher and verifier instead of ones built from the settings. */
  fetch?: { fetcher: Fetcher; verifier: Verifier };
  /** The working directory, for the paths in messages. */
  cwd: string;
  /**
   * go's -modfile: the go.mod file to read and write instead of root's (its go.sum is the
   * same path with ".sum" for ".mod"); a relative path is taken against cwd. Without it,
   * GOFLAGS's -modfile applies.
   */
  modFile?: string;
  /** -e: report package errors (through log) and tidy anyway. */
  allowErrors?: boolean;
  /** -go: the Go version to write (and whose semantics to load with). */
  goVersion?: string;
  /** -compat: the oldest Go version that must select the same versions. */
  compatVersion?: string;
  /** -v: conflicts are described with their whole requirement path. */
  verbose?: boolean;
  /**
   * Told of the requirements no longer needed (the result's unused) as soon as they are
   * known: before the -compat check, where the go command prints its -v "unused" lines.
   */
  onUnused?: (paths: readonly string[]) => void;
  /** Make no network request: only the module cache, go.sum and local files are used. */
  offline?: boolean;
  /** Milliseconds to wait for each request's response headers, and between chunks of its body (default 60 s). */
  timeoutMs?: number;
  /** Told of every request, download and body chunk of the fetch layer. */
  observer?: FetchObserver;
  /** Told of the scanning of the main module and of each package read. */
  progress?: (event: TidyProgress) => void;
  /** Reads package directories; default: a tree-sitter scanner made when the first
   * directory is read (a run that fails before never loads the parser) and closed at the end. */
  scanner?: Scanner;
  /** The facts of module go.mod files parsed before, to read instead of parsing them (src/load/summary.ts). */
  parsedGoMods?: ParsedGoMods;
  /** Directories of the main module listed a moment ago, read instead of listing them again. */
  listings?: ReadonlyMap<string, Dirent[]>;
}

/** Progress of a tidy run: the main module's files scanned, then packages read. */
export type TidyProgress =
  | { kind: "scanned"; packages: number; files: number }
  | { kind: "package"; path: string; packages: number; files: number };

export interface TidyResult {
  /** The main module's path. */
  modulePath: string;
  /** The go.mod and go.sum files read, and to write (root's, or -modfile's). */
  goModFile: string;
  goSumFile: string;
  oldGoMod: Buffer;
  /** The go.mod as parsed and printed back unchanged: what -diff compares with. */
  currentGoMod: string;
  newGoMod: string;
  oldGoSum: Buffer | null;
  newGoSum: string;
  /** Whether the run verified a checksum the go.sum read lacks (kept or not): the go
   * command then writes go.sum, even where that creates an empty one. */
  sumsAdded?: boolean;
  /** Requirements no longer needed (the -v "unused" lines). */
  unused: string[];
  /** The go.sum that -diff compares with: for compat above 1.16 the go command also keeps
   * the existing sums of every module in the build list there. */
  diffGoSum: string;
  /** What changes in go.mod and why (requirements, go and toolchain lines). */
  goModChanges: Change[];
  /** What changes in go.sum when tidy writes it, and why. */
  goSumChanges: Change[];
  /** What changes in go.sum as -diff shows it (diffGoSum against the old go.sum). */
  diffGoSumChanges: Change[];
}
