// The command line: the only place that reads argv, prints, and chooses exit codes.
//
// Modes: tidy (write go.mod and go.sum, as go mod tidy), -diff (go's), --check (write
// nothing; exit 0 tidy, 1 not tidy, 2 error) and --dry-run (write nothing; say what would
// change and why). Any of them with --json (one report on stdout), --offline (no network),
// -q (errors only) and --recursive (every module below a directory, or a go.work's).

import { readFileSync, renameSync, statSync, writeFileSync, rmSync } from "node:fs";
import { randomInt } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { homedir } from "node:os";
import { Command, CommanderError, Option } from "commander";
import type { ChalkInstance } from "chalk";
import type { FetchObserver } from "../fetch/observer.js";
import { tidy, TidyProgress, TidyResult } from "../tidy/tidy.js";
import { tidyDiffOutput } from "../tidy/diff.js";
import type { Change } from "../tidy/explain.js";
import { findModuleRoot } from "./paths.js";
import { errnoText, shortPath } from "../text/paths.js";
import { goVersionRE } from "../modfile/rules.js";
import { compareGoVersions, localGoVersion } from "../module/gover.js";
import { findModules, WorkspaceError } from "../workspace/discover.js";
import type { Scanner } from "../scan/scanner.js";
import { createScanner } from "../scan/source-scanner.js";
import { ScannerLoadError } from "../scan/tree-sitter.js";
import { checkModuleMode, GoSettingError, GoSettings, resolveSettings, unsetHint } from "../settings/index.js";
import { boolFlagValues, overGoFlags } from "./goflags.js";
import {
  changeReports, classify, ErrorClass, goMessage, hints, isFetchFailure, ModuleReport, reportVersion, RunReport, summarize,
} from "./report.js";
import { colorDiff, colors, formatBytes, ProgressLine, Writable } from "./terminal.js";

function version(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

/**
 * normalizeGoFlags accepts the go command's single-dash spellings (-diff, -go=1.21,
 * -C dir) by rewriting them to the double-dash form commander parses.
 */
export function normalizeGoFlags(argv: string[]): string[] {
  const long = new Set(["diff", "go", "compat", "modfile", "modcacherw", "help", "version", "check", "json", "offline"]);
  return argv.map((a) => {
    const m = /^-([a-z]+)(=.*)?$/.exec(a);
    return m && long.has(m[1]) ? "-" + a : a;
  });
}

const usage = "usage: go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]\nRun 'go help mod tidy' for details.";

class ExitError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

/** writeAtomic replaces a file through a temporary file in the same directory. */
function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${randomInt(1_000_000_000)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

interface Flags {
  e?: boolean;
  v?: boolean;
  x?: boolean;
  diff?: boolean;
  go?: string;
  compat?: string;
  check?: boolean;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
  recursive?: string | boolean;
  jobs?: string;
}

type Mode = RunReport["mode"];

/** What a run is resolved against: the settings (resolved once) and the working directory. */
interface RunContext {
  settings: GoSettings;
  cwd: string;
}

/** Where a module's output goes: straight to the terminal, or buffered (--recursive). */
interface Sink {
  out(text: string): void;
  err(line: string): void;
}

interface Ui {
  cOut: ChalkInstance;
  progress: ProgressLine;
  status: ProgressState;
}

/** ProgressState: what the progress line shows. */
class ProgressState {
  modulesDone = 0;
  modulesTotal = 1;
  phase = "";
  bytes = 0;
  private readonly active = new Map<string, { label: string; received: number; total?: number }>();

  constructor(private readonly line: ProgressLine) {}

  observer(): FetchObserver {
    return {
      progress: (e) => {
        const key = e.url;
        const prev = this.active.get(key)?.received ?? 0;
        this.bytes += e.received - prev;
        const label = `${e.module}${e.version ? " " + e.version : ""} (${e.file})`;
        if (e.total !== undefined && e.received >= e.total) this.active.delete(key);
        else this.active.set(key, { label, received: e.received, total: e.total });
        this.draw();
      },
      request: (e) => {
        this.active.delete(e.url);
        this.draw();
      },
    };
  }

  onTidy(dir: string): (e: TidyProgress) => void {
    return (e) => {
      this.phase = e.kind === "scanned"
        ? `${dir}: scanned ${e.files} files`
        : `${dir}: ${e.packages} packages, ${e.files} files read`;
      this.draw();
    };
  }

  draw(force = false): void {
    if (!this.line.enabled) return;
    const parts: string[] = [];
    if (this.modulesTotal > 1) parts.push(`[${this.modulesDone}/${this.modulesTotal} modules]`);
    if (this.phase) parts.push(this.phase);
    if (this.bytes > 0 || this.active.size > 0) {
      const current = [...this.active.values()].pop();
      const pct = current?.total ? ` ${Math.floor((100 * current.received) / current.total)}%` : "";
      parts.push(`downloaded ${formatBytes(this.bytes)}` + (current ? ` · ${current.label}${pct}` : ""));
    }
    this.line.set(parts.join(" · "), force);
  }
}

const progressLine = /^go: (downloading|finding module|found) /;

function checkVersionFlags(flags: Flags): void {
  for (const [name, value] of [["go", flags.go], ["compat", flags.compat]] as const) {
    if (!value) continue;
    const problem = !goVersionRE.test(value)
      ? `expecting a Go version like "${localGoVersion}"`
      : compareGoVersions(value, localGoVersion) > 0 ? `maximum supported Go version is ${localGoVersion}` : null;
    if (problem) throw new ExitError(`invalid value "${value}" for flag -${name}: ${problem}\n${usage}`, 2);
  }
}

/** internalMessage: a bug, not bad input: the message, and the stack only when asked for. */
function internalMessage(e: unknown): string {
  const detail = process.env.GOTIDY_DEBUG ? (e as Error).stack : (e as Error)?.message;
  return `gotidy-ts: internal error: ${detail ?? String(e)}`;
}

/** gosumChanged: whether tidy's go.sum differs from the file (no go.sum is created empty). */
function gosumChanged(r: TidyResult): boolean {
  const old = r.oldGoSum?.toString("utf8") ?? null;
  return old !== r.newGoSum && !(old === null && r.newGoSum === "");
}

/** layoutChanges covers a diff that no requirement change explains (block layout, sorting). */
function withLayout(changes: Change[], goModDiffers: boolean, goSumDiffers: boolean): Change[] {
  const out = [...changes];
  if (goModDiffers && !changes.some((c) => c.file === "go.mod")) {
    out.unshift({ file: "go.mod", action: "layout", module: "", reason: "requirements are rewritten in the go command's block layout (direct and indirect blocks, sorted)" });
  }
  if (goSumDiffers && !changes.some((c) => c.file === "go.sum")) {
    out.push({ file: "go.sum", action: "layout", module: "", reason: "lines are sorted and de-duplicated" });
  }
  return out;
}

/**
 * openScanner loads the Go parser once for the run, when a module is about to be tidied
 * (never for --help, --version or a usage error); when it cannot, the one line that says
 * why and what to do.
 */
async function openScanner(): Promise<{ scanner: Scanner } | { problem: string }> {
  try {
    return { scanner: await createScanner() };
  } catch (e) {
    if (!(e instanceof ScannerLoadError)) throw e;
    return { problem: `gotidy-ts: ${e.message} (${hints.setup})` };
  }
}

/** tidyOne runs one module in the given mode and returns its report and exit status. */
async function tidyOne(root: string, flags: Flags, mode: Mode, ui: Ui, sink: Sink, scanner: Scanner, ctx: RunContext): Promise<{ report: ModuleReport; exit: number }> {
  const dir = displayPath(root, ctx.cwd);
  const report: ModuleReport = {
    dir, path: "", status: "tidy", changes: [], diff: "", unused: [], errors: [], warnings: [], fetched: [], requests: [],
  };
  const text = !flags.json;
  const showProgressLines = text && !flags.quiet && (mode === "tidy" || mode === "diff" || flags.v);
  const observer = ui.status.observer();
  const fetchObserver: FetchObserver = {
    progress: observer.progress,
    request: (e) => {
      report.requests.push(e);
      observer.request?.(e);
    },
    download: (e) => {
      if (!e.fromCache && (e.file === "mod" || e.file === "zip")) report.fetched.push({ module: e.module, version: e.version, file: e.file });
    },
  };
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
    if (text && !flags.quiet) sink.err(line);
  };
  let result: TidyResult;
  const single = ui.status.modulesTotal === 1;
  try {
    result = await tidy({
      root, settings: ctx.settings, cwd: ctx.cwd, log, warn, trace: flags.x ? (l) => sink.err(l) : undefined, allowErrors: flags.e,
      goVersion: flags.go, compatVersion: flags.compat, verbose: flags.v, offline: flags.offline,
      observer: fetchObserver, progress: ui.status.onTidy(dir), scanner,
    });
    if (single) ui.progress.finish();
  } catch (e) {
    if (single) ui.progress.finish();
    const message = goMessage(e, root, ctx.cwd) ?? internalMessage(e);
    const err = classify(e, message);
    report.errors.push(err);
    report.status = "failed";
    if (text) {
      // go's words; the hint where gotidy-ts has one (for -diff and tidy only a fetch
      // error's, so the output stays the go command's otherwise).
      const showHint = err.hint && (mode === "check" || mode === "dry-run" || isFetchFailure(e) || err.class === "offline");
      sink.err(message + (showHint ? `\n\thint: ${err.hint}` : ""));
    }
    const exit = mode === "check" || mode === "dry-run" || err.class === "offline" || err.class === "internal" ? 2 : 1;
    return { report, exit };
  }
  report.path = result.modulePath;
  report.unused = result.unused;
  if (text && flags.v && !flags.quiet) for (const u of result.unused) sink.err(`unused ${u}`);

  if (mode === "tidy") {
    const sumChanged = gosumChanged(result);
    const modChanged = result.oldGoMod.toString("utf8") !== result.newGoMod;
    report.changes = changeReports(withLayout([...result.goModChanges, ...result.goSumChanges], modChanged, sumChanged));
    // go.sum first, then go.mod, each only when it changed.
    if (sumChanged) writeAtomic(join(root, "go.sum"), result.newGoSum);
    if (modChanged) writeAtomic(join(root, "go.mod"), result.newGoMod);
    report.status = sumChanged || modChanged ? "updated" : "tidy";
    return { report, exit: 0 };
  }

  const diff = tidyDiffOutput(result);
  report.diff = diff;
  report.status = diff ? "untidy" : "tidy";
  const modDiffers = diff.includes("diff current/go.mod tidy/go.mod\n");
  const sumDiffers = diff.includes("diff current/go.sum tidy/go.sum\n");
  // (A go line added to a go.mod without one is not shown by -diff: go adds it on reading.)
  const shown = result.goModChanges.filter((c) => !(c.action === "set-go" && c.from === undefined));
  report.changes = changeReports(withLayout([...shown, ...result.diffGoSumChanges], modDiffers, sumDiffers)
    .filter((c) => (c.file === "go.mod" ? modDiffers : sumDiffers)));
  if (mode === "diff") {
    if (text) sink.out(colorDiff(ui.cOut, diff));
    return { report, exit: diff ? 1 : 0 };
  }
  if (text) {
    const c = ui.cOut;
    if (mode === "check" && diff && !flags.quiet) sink.out(colorDiff(c, diff));
    if (mode === "dry-run" && flags.v && !flags.quiet && diff) sink.out(colorDiff(c, diff));
    if (diff && (mode === "check" || !flags.quiet)) {
      const heading = mode === "check" ? `${dir}: go.mod and go.sum are not tidy:` : `${dir}: tidy would make these changes:`;
      sink.out(c.bold(heading) + "\n");
      for (const ch of report.changes) sink.out(`\t${colorChange(c, ch.text)}\n`);
      if (mode === "check" && !flags.quiet) sink.out(`To fix: run gotidy-ts${dir === "." ? "" : " " + dir} (or go mod tidy in ${dir})\n`);
    }
    if (mode === "dry-run" && flags.v && !flags.quiet) {
      if (report.fetched.length > 0) {
        sink.out(c.bold(`${dir}: downloaded into the module cache (needed to tidy):`) + "\n");
        for (const f of report.fetched) sink.out(`\t${f.module} ${f.version} (${f.file === "mod" ? "go.mod" : "zip"})\n`);
      } else {
        sink.out(`${dir}: nothing to download: everything needed is in the module cache\n`);
      }
      if (!diff) sink.out(`${dir}: tidy\n`);
    }
  }
  return { report, exit: mode === "check" && diff ? 1 : 0 };
}

function colorChange(c: ChalkInstance, line: string): string {
  if (c.level === 0) return line;
  const colon = line.indexOf(": ");
  const head = colon < 0 ? line : line.slice(0, colon);
  const rest = colon < 0 ? "" : line.slice(colon);
  const paint = /^(add|upgrade|mark \S+ direct)/.test(head) ? c.green : /^(remove|downgrade)/.test(head) ? c.red : c.yellow;
  return paint(head) + c.dim(rest);
}

/** modeOf picks the mode from the flags, refusing combinations that contradict each other. */
function modeOf(flags: Flags): Mode {
  const chosen = [flags.check && "--check", flags.diff && "-diff", flags.dryRun && "--dry-run"].filter(Boolean);
  if (chosen.length > 1) throw new ExitError(`gotidy-ts: ${chosen.join(" and ")} cannot be used together`, 2);
  return flags.check ? "check" : flags.diff ? "diff" : flags.dryRun ? "dry-run" : "tidy";
}

async function runAll(dirArgs: string[], flags: Flags, ui: Ui, ctx: RunContext): Promise<number> {
  checkVersionFlags(flags);
  const mode = modeOf(flags);
  const recursive = flags.recursive !== undefined && flags.recursive !== false;
  if (!recursive && dirArgs.length > 1) throw new ExitError("gotidy-ts: only one module directory can be named without --recursive", 2);
  const stdout = (s: string) => ui.progress.around(() => process.stdout.write(s));
  const stderr = (l: string) => ui.progress.around(() => process.stderr.write(l + "\n"));
  const reports: ModuleReport[] = [];
  let exit = 0;
  let scanner: Scanner | null = null;
  const finish = () => {
    scanner?.close();
    ui.progress.finish();
    if (flags.json) {
      const report: RunReport = { version: reportVersion, mode, offline: !!flags.offline, exitCode: exit, summary: summarize(reports), modules: reports };
      process.stdout.write(JSON.stringify(report, null, 2) + "\n");
    }
    return exit;
  };
  // An error before any module is tidied: go's message (and a hint with --check and
  // --dry-run), the same status with --json, and there a report holding the error.
  const errorStatus = mode === "check" || mode === "dry-run" ? 2 : 1;
  const fail = (dir: string, message: string, cls: ErrorClass, hint?: string, status = errorStatus): number => {
    if (!flags.json) {
      const showHint = hint && (mode === "check" || mode === "dry-run");
      throw new ExitError(message + (showHint ? `\n\thint: ${hint}` : ""), status);
    }
    exit = status;
    reports.push({ ...emptyReport(displayPath(dir, ctx.cwd)), errors: [hint ? { class: cls, message, hint } : { class: cls, message }] });
    return finish();
  };
  const dirs = recursive ? [...(typeof flags.recursive === "string" ? [flags.recursive] : []), ...dirArgs] : dirArgs;
  if (dirs.length === 0) dirs.push(".");
  for (const d of dirs) {
    // As go -C: a directory that does not exist is an error, not a reason to look above it.
    let problem: string | null = null;
    try {
      if (!statSync(d).isDirectory()) problem = errnoText("ENOTDIR");
    } catch (e) {
      problem = errnoText(e as NodeJS.ErrnoException);
    }
    if (problem) return fail(d, `go: chdir ${d}: ${problem}`, "usage", "name an existing module directory");
  }
  try {
    checkModuleMode(ctx.settings); // GO111MODULE, from the environment or a go env file
  } catch (e) {
    if (!(e instanceof GoSettingError)) throw e;
    return fail(dirs[0], `go: ${e.message}`, "usage", `${unsetHint("GO111MODULE", ctx.settings)}: gotidy-ts works in module mode only`);
  }

  if (!recursive) {
    const root = findModuleRoot(resolve(ctx.cwd, dirs[0]));
    if (!root) {
      return fail(dirs[0], "go: go.mod file not found in current directory or any parent directory; see 'go help modules'", "no-module", hints["no-module"]);
    }
    const opened = await openScanner();
    if ("problem" in opened) return fail(root, opened.problem, "setup", undefined, 2);
    scanner = opened.scanner;
    const r = await tidyOne(root, flags, mode, ui, { out: stdout, err: stderr }, scanner, ctx);
    reports.push(r.report);
    exit = r.exit;
    return finish();
  }

  // --recursive: every module below the directories (or their go.work's), in parallel.
  const found = new Set<string>();
  for (const start of dirs) {
    try {
      for (const m of (await findModules(start, { cwd: ctx.cwd, settings: ctx.settings })).modules) found.add(m);
    } catch (e) {
      if (!(e instanceof WorkspaceError)) throw e;
      return fail(start, e.message, "usage", undefined, 2);
    }
  }
  const roots = [...found].sort();
  if (roots.length === 0) return fail(dirs[0], `gotidy-ts: no go.mod found in ${dirs.join(", ")} or below`, "no-module", undefined, 2);
  const opened = await openScanner();
  if ("problem" in opened) return fail(dirs[0], opened.problem, "setup", undefined, 2);
  const shared = (scanner = opened.scanner);
  ui.status.modulesTotal = roots.length;
  const jobs = Math.max(1, Number(flags.jobs) || 4);
  type Outcome = { report: ModuleReport; exit: number };
  const outputs: { text: string; stderr: boolean }[][] = roots.map(() => []);
  const settle: { resolve: (o: Outcome) => void; reject: (e: unknown) => void }[] = [];
  const results = roots.map(() => new Promise<Outcome>((resolve, reject) => settle.push({ resolve, reject })));
  for (const r of results) r.catch(() => undefined); // awaited below, in order
  let next = 0;
  const worker = async () => {
    while (next < roots.length) {
      const i = next++;
      const buf = outputs[i];
      const sink: Sink = { out: (s) => buf.push({ text: s, stderr: false }), err: (l) => buf.push({ text: l + "\n", stderr: true }) };
      await tidyOne(roots[i], flags, mode, ui, sink, shared, ctx).then(settle[i].resolve, settle[i].reject);
      ui.status.modulesDone++;
      ui.status.draw();
    }
  };
  const workers = Array.from({ length: Math.min(jobs, roots.length) }, worker);
  // Print each module's output in order, as soon as it and those before it are done.
  for (let i = 0; i < roots.length; i++) {
    const r = await results[i];
    reports.push(r.report);
    exit = Math.max(exit, r.exit);
    const lines = outputs[i];
    if (flags.json) {
      // Only -x lines were kept for stderr.
      const trace = lines.filter((l) => l.stderr).map((l) => l.text).join("");
      if (trace) ui.progress.around(() => process.stderr.write(trace));
    } else if (lines.length > 0) {
      const outText = lines.filter((l) => !l.stderr).map((l) => l.text).join("");
      const errText = lines.filter((l) => l.stderr).map((l) => l.text).join("");
      stdout(ui.cOut.bold(`== ${r.report.dir}`) + "\n");
      if (errText) ui.progress.around(() => process.stderr.write(errText));
      if (outText) stdout(outText);
    }
  }
  await Promise.all(workers);
  if (!flags.json) {
    const s = summarize(reports);
    const parts = [`${s.modules} modules`];
    if (s.tidy) parts.push(`${s.tidy} tidy`);
    if (s.updated) parts.push(`${s.updated} updated`);
    if (s.untidy) parts.push(`${s.untidy} not tidy`);
    if (s.failed) parts.push(`${s.failed} failed`);
    if (!flags.quiet || s.failed || s.untidy) stdout(`gotidy-ts: ${parts.join(", ")}\n`);
  }
  return finish();
}

/** displayPath: a directory as the output names it ("." for the working directory). */
function displayPath(dir: string, cwd: string): string {
  return shortPath(resolve(cwd, dir), cwd);
}

function emptyReport(dir: string): ModuleReport {
  return { dir, path: "", status: "failed", changes: [], diff: "", unused: [], errors: [], warnings: [], fetched: [], requests: [] };
}

/** withGoFlags is the command line's flags over GOFLAGS's; a GOFLAGS go refuses is an ExitError with its words. */
function withGoFlags(settings: GoSettings, commandLine: Flags): Flags {
  try {
    return overGoFlags(settings, commandLine);
  } catch (e) {
    if (!(e instanceof GoSettingError)) throw e;
    throw new ExitError(`go: ${e.message}` + (e.showUsage ? `\n${usage}` : ""), e.exitCode);
  }
}

/** run executes the command line and sets the process exit status. */
export async function run(argv: string[]): Promise<void> {
  const program = new Command("gotidy-ts")
    .description("go mod tidy, reimplemented in TypeScript")
    .argument("[dir...]", "module directory (default: the current directory); with --recursive, directories to search")
    .option("-e", "proceed despite errors encountered while loading packages")
    .option("-v", "print information about removed modules (with --check or --dry-run: also downloads and the diff)")
    .option("-x", "print the requests made")
    .option("--diff", "print the changes as a unified diff instead of writing them (exit 1 if any)")
    .option("--check", "write nothing; exit 0 when tidy, 1 when not (printing the diff and why), 2 on errors")
    .option("-n, --dry-run", "write nothing; print what would change and why")
    .option("--json", "print one machine-readable report on stdout")
    .option("-q, --quiet", "print nothing but errors (and, with --check, what is not tidy)")
    .option("--offline", "make no network request: use only go.sum, the module cache and local files")
    .option("-r, --recursive [dir]", "every module below dir (default: the current directory), or those its go.work lists")
    .addOption(new Option("-j, --jobs <n>", "modules tidied at once with --recursive").default("4"))
    .option("--go <version>", "set the expected Go language version")
    .option("--compat <version>", "the oldest Go version whose go command must select the same versions")
    .version(version(), "--version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  // A closed pipe (| head) ends the run quietly, as it would for any Unix tool.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  // The one place the process's environment, working directory and home directory are
  // read: the settings are resolved from them once, and passed down with the directory.
  const env = process.env;
  const cwd = process.cwd();
  const cOut = colors(env, process.stdout);
  let progress: ProgressLine | null = null;
  try {
    const { rest, values } = boolFlagValues(argv);
    program.parse(normalizeGoFlags(rest), { from: "user" });
    const settings = resolveSettings(env, homedir());
    const flags = withGoFlags(settings, { ...program.opts<Flags>(), ...values });
    progress = ProgressLine.for(process.stderr as Writable, env, !!flags.quiet);
    const ui: Ui = { cOut, progress, status: new ProgressState(progress) };
    process.exitCode = await runAll(program.args, flags, ui, { settings, cwd });
  } catch (e) {
    progress?.clear();
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof ExitError) {
      if (e.message) process.stderr.write(e.message + "\n");
      process.exitCode = e.code;
      return;
    }
    process.stderr.write(internalMessage(e) + "\n");
    process.exitCode = 2;
  }
}
