// One module's run: tidy it, settle and print its report in the command's mode, and
// come to an outcome. A failure fails this module only (--recursive goes on).

import type { Dirent } from "node:fs";
import { basename } from "node:path";
import type { ModuleCacheFile } from "../cache/check-result.js";
import { findFetchError } from "../fetch/errors.js";
import type { FetchObserver } from "../fetch/observer.js";
import type { ParsedGoMods } from "../load/summary.js";
import type { Scanner } from "../scan/scanner.js";
import { tidy, TidyResult } from "../tidy/tidy.js";
import type { TidyCommand } from "./args.js";
import type { CliContext } from "./context.js";
import { failed, Outcome } from "./exit.js";
import { internalMessage } from "./messages.js";
import { ModeHandler, modes } from "./modes/index.js";
import { classify, goMessage, isFetchFailure, ModuleReport } from "./report.js";
import { displayPath } from "./paths.js";
import { writeOptions } from "./test-pause.js";
import type { Sink, Ui } from "./ui.js";

export interface ModuleRun {
  report: ModuleReport;
  outcome: Outcome;
  /** The module-cache files the run read, when it took every module file from the module cache (else null or absent). */
  moduleFiles?: ModuleCacheFile[] | null;
}

/** ModuleFiles collects the module files a run resolved: those read from the module cache, or null once one was not. */
class ModuleFiles {
  private readonly seen = new Set<string>();
  files: ModuleCacheFile[] | null = [];

  add(module: string, version: string, file: string, fromCache: boolean): void {
    // A tree extracted now from a zip the cache held shows in no output (the go command
    // prints nothing for it either): only what came from the network makes the run's
    // answer one a later run would not give.
    if (!fromCache && file !== "dir") this.files = null;
    const key = `${module} ${version} ${file}`;
    if (!this.files || this.seen.has(key)) return;
    this.seen.add(key);
    this.files.push([module, version, file]);
  }
}

/** emptyReport is the report of a module in dir before anything is known. */
export function emptyReport(dir: string): ModuleReport {
  return { dir, path: "", status: "tidy", changes: [], diff: "", unused: [], errors: [], warnings: [], fetched: [], requests: [] };
}

const progressLine = /^go: (downloading|finding module|found) /;

/** observe is the fetch observer of one module: the progress line, and the report's requests and downloads. */
function observe(ui: Ui, report: ModuleReport, files: ModuleFiles): FetchObserver {
  const observer = ui.status.observer();
  return {
    progress: observer.progress,
    request: (e) => {
      report.requests.push(e);
      observer.request?.(e);
    },
    download: (e) => {
      files.add(e.module, e.version, e.file, e.fromCache);
      if (!e.fromCache && (e.file === "mod" || e.file === "zip")) report.fetched.push({ module: e.module, version: e.version, file: e.file });
    },
  };
}

/** runTidy runs tidy on the module in root with the command's options, logging into the report and the sink. */
async function runTidy(root: string, cmd: TidyCommand, report: ModuleReport, files: ModuleFiles, ui: Ui, sink: Sink, ctx: CliContext, readers: Readers): Promise<TidyResult> {
  const handler = modes[cmd.mode];
  const text = !cmd.json;
  const showProgressLines = text && !cmd.quiet && (handler.progressLines || cmd.verbose);
  const log = (line: string) => {
    if (progressLine.test(line)) {
      if (showProgressLines) sink.err(line);
      return;
    }
    report.warnings.push(line); // -e package errors and notes
    if (text) sink.err(line);
  };
  const warn = (line: string) => {
    report.warnings.push(line);
    if (text && !cmd.quiet) sink.err(line);
  };
  return tidy({
    root, settings: cmd.settings, cwd: ctx.cwd, commandEnv: ctx.env, log, warn, trace: cmd.trace ? (l) => sink.err(l) : undefined,
    allowErrors: cmd.allowErrors, goVersion: cmd.goVersion, compatVersion: cmd.compatVersion, verbose: cmd.verbose, modFile: cmd.modFile,
    // As go -v: the "unused" lines come before what the -compat check prints.
    onUnused: !cmd.json && cmd.verbose && !cmd.quiet ? (paths) => { for (const u of paths) sink.err(`unused ${u}`); } : undefined,
    offline: cmd.offline, timeoutMs: cmd.timeoutMs, observer: observe(ui, report, files), progress: ui.status.onTidy(report.dir),
    scanner: readers.scanner, parsedGoMods: readers.parsedGoMods, listings: readers.listings,
  });
}

/** The classes whose hint a failure shows in every mode (see failure). */
const hintedClasses: ReadonlySet<string> = new Set(["offline", "tls", "timeout", "proxy-auth", "proxy"]);

/** failure records an error of the module's run in its report, printing it as text (go's words, and a hint where the mode gives one). */
function failure(e: unknown, root: string, cmd: TidyCommand, handler: ModeHandler, report: ModuleReport, sink: Sink, ctx: CliContext): ModuleRun {
  const message = goMessage(e, root, ctx.cwd) ?? internalMessage(e, ctx.env);
  const err = classify(e, message);
  report.errors.push(err);
  report.status = "failed";
  if (!cmd.json) {
    // Where go's words do not say what to do (offline mode, a certificate, a timeout, a
    // request retried in vain, a private module sent past the private proxy, an HTTP
    // proxy that refused, which go's words do not name; behind a package error too), the
    // hint is shown in every mode.
    const retried = (findFetchError(e)?.attempts ?? 0) > 1;
    const routed = findFetchError(e, (f) => f.routingHint !== undefined) !== null;
    const showHint = err.hint && (handler.explains || isFetchFailure(e) || retried || routed || hintedClasses.has(err.class));
    sink.err(message + (showHint ? `\n\thint: ${err.hint}` : ""));
  }
  return { report, outcome: failed(err.class) };
}

/** How a run reads packages, and the go.mod files parsed before (from gotidy-ts's cache). */
export interface Readers {
  scanner: Scanner;
  parsedGoMods?: ParsedGoMods;
  /** The module's directories listed a moment ago (the quick entry's walk). */
  listings?: ReadonlyMap<string, Dirent[]>;
}

/** tidyModule tidies the module in root in the command's mode, reading packages with readers' scanner, and returns its report and outcome. */
export async function tidyModule(root: string, cmd: TidyCommand, ui: Ui, sink: Sink, ctx: CliContext, readers: Readers): Promise<ModuleRun> {
  const handler = modes[cmd.mode];
  const report = emptyReport(displayPath(root, ctx.cwd));
  const single = ui.status.modulesTotal === 1;
  const files = new ModuleFiles();
  let result: TidyResult;
  try {
    result = await runTidy(root, cmd, report, files, ui, sink, ctx, readers);
    if (single) ui.progress.finish();
  } catch (e) {
    if (single) ui.progress.finish();
    return failure(e, root, cmd, handler, report, sink, ctx);
  }
  report.path = result.modulePath;
  report.unused = result.unused;
  if (basename(result.goModFile) !== "go.mod") report.files = { goMod: basename(result.goModFile), goSum: basename(result.goSumFile) };
  let outcome: Outcome;
  try {
    outcome = handler.settle(root, result, report, writeOptions(ctx.env));
  } catch (e) {
    return failure(e, root, cmd, handler, report, sink, ctx);
  }
  if (!cmd.json) handler.print(report, { out: (t) => sink.out(t), err: (l) => sink.err(l), color: ui.cOut, quiet: cmd.quiet, verbose: cmd.verbose, inHook: ui.inHook });
  return { report, outcome, moduleFiles: files.files };
}
