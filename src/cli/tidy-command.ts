// The tidy command, `gotidy-ts [flags] [dir...]`: check what must hold before any module
// is tidied (the directories exist, module mode), find the module or modules, run them,
// and end with the exit status and, with --json, the report.

import type { Dirent } from "node:fs";
import { resolve } from "node:path";
import { checkModuleMode, GoSettingError, unsetHint } from "../settings/index.js";
import { parseTidyArgs, TidyCommand } from "./args.js";
import type { CliContext } from "./context.js";
import { GoModFactsCache } from "../cache/gomod-facts.js";
import { ResultCache, runCache, withCache } from "./cache-use.js";
import { exitStatus, failed, ok, worstStatus } from "./exit.js";
import { printJsonReport, runReport } from "./json.js";
import { emptyReport, ModuleRun, tidyModule } from "./module.js";
import { modes } from "./modes/index.js";
import { findModuleRoot, ignoredGoMod, displayPath, missingDir } from "./paths.js";
import { findRecursiveRoots, tidyRecursive } from "./recursive.js";
import { ErrorClass, hints } from "./report.js";
import { openScanner } from "./scanner.js";
import { BufferedSink, Sink, terminalSink, terminalUi, Ui } from "./ui.js";

/**
 * refusal is the run of a module that cannot start, an error found before tidying: go's
 * message (with a hint where the mode gives hints) on stderr, or in the --json report.
 * own marks a failure of gotidy-ts's own (see exit.ts).
 */
function refusal(dir: string, message: string, cls: ErrorClass, hint: string | undefined, own: boolean, cmd: TidyCommand, ui: Ui, ctx: CliContext): ModuleRun {
  if (!cmd.json) {
    const showHint = hint && modes[cmd.mode].explains;
    ui.stderr(message + (showHint ? `\n\thint: ${hint}` : "") + "\n");
  }
  const error = hint ? { class: cls, message, hint } : { class: cls, message };
  return { report: { ...emptyReport(displayPath(dir, ctx.cwd)), status: "failed", errors: [error] }, outcome: failed(cls, own) };
}

/** tidyRuns runs the command's modules and returns their runs (one refusal when none can start). */
async function tidyRuns(cmd: TidyCommand, ui: Ui, ctx: CliContext): Promise<ModuleRun[]> {
  const refuse = (dir: string, message: string, cls: ErrorClass, hint?: string, own = false) => [refusal(dir, message, cls, hint, own, cmd, ui, ctx)];
  for (const d of cmd.dirs) {
    // As go -C: a directory that does not exist is an error, not a reason to look above it.
    const problem = missingDir(d, ctx.cwd);
    if (problem) return refuse(d, `go: chdir ${d}: ${problem}`, "usage", "name an existing module directory");
  }
  try {
    checkModuleMode(cmd.settings); // GO111MODULE, from the environment or a go env file
  } catch (e) {
    if (!(e instanceof GoSettingError)) throw e;
    return refuse(cmd.dirs[0], `go: ${e.message}`, "usage", `${unsetHint("GO111MODULE", cmd.settings)}: gotidy-ts works in module mode only`);
  }
  let roots: string[];
  const listings = new Map<string, Dirent[]>();
  if (!cmd.recursive) {
    const root = findModuleRoot(resolve(ctx.cwd, cmd.dirs[0]));
    const noModule = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";
    // As go: -modfile names the file read, never where the module is.
    const noRoot = cmd.modFile ? "go: cannot find main module, but -modfile was set.\n\t-modfile cannot be used to set the module root directory." : noModule;
    if (!root) return refuse(cmd.dirs[0], noRoot, "no-module", hints["no-module"]);
    const ignored = ignoredGoMod(root, cmd.settings.values.GOPATH, ctx.env.TMPDIR);
    if (ignored) return refuse(cmd.dirs[0], `${ignored}\n${noModule}`, "no-module", hints["no-module"]);
    roots = [root];
  } else {
    const found = await findRecursiveRoots(cmd.dirs, cmd.settings, ctx, listings);
    if (!Array.isArray(found)) return refuse(found.dir, found.message, found.class, undefined, true);
    roots = found;
  }
  return runModules(roots, cmd, ui, ctx, refuse, listings);
}

/**
 * runModules runs the modules found (listings: the directories --recursive's walk listed):
 * those the result cache answers first (a single module printing as it goes, --recursive
 * ones into their buffers), then, with the parser loaded only if some are left, the
 * others, each stored in the result cache when it concludes tidy.
 */
async function runModules(
  roots: string[], cmd: TidyCommand, ui: Ui, ctx: CliContext,
  refuse: (dir: string, message: string, cls: ErrorClass, hint?: string, own?: boolean) => ModuleRun[], listings: ReadonlyMap<string, Dirent[]>,
): Promise<ModuleRun[]> {
  const cache = runCache(cmd);
  const results = new ResultCache(cache, cmd, ctx, listings);
  const sinks = cmd.recursive ? roots.map(() => new BufferedSink()) : [];
  const sinkOf = (i: number): Sink => (cmd.recursive ? sinks[i] : terminalSink(ui));
  const answered: (ModuleRun | null)[] = [];
  for (const [i, root] of roots.entries()) answered.push(root === ctx.checkMissed ? null : await results.answer(root, sinkOf(i)));
  if (answered.every((r) => r !== null)) {
    return cmd.recursive ? tidyRecursive(roots, cmd, ui, { sinks, answered, run: null }) : answered as ModuleRun[];
  }
  const opened = await openScanner();
  if ("problem" in opened) return refuse(cmd.recursive ? cmd.dirs[0] : roots[0], opened.problem, "setup", undefined, true);
  // The quick entry's walk of the module, when it looked the module up: its listings and
  // stats stand for the run's own, taken a moment later.
  const walk = !cmd.recursive && ctx.checkWalk?.root === roots[0] ? ctx.checkWalk : undefined;
  const caching = withCache(opened.scanner, cache, cmd, roots, walk);
  const scanner = caching ?? opened.scanner;
  const parsedGoMods = cache ? new GoModFactsCache(cache, cmd.recursive ? undefined : roots[0]) : undefined;
  const run = async (root: string, sink: Sink): Promise<ModuleRun> => {
    const hit = await results.answer(root, sink, caching);
    if (hit) return hit;
    const listings = results.listingsFor(root) ?? walk?.listings;
    const done = await tidyModule(root, cmd, ui, sink, ctx, { scanner, parsedGoMods, listings });
    caching?.flush();
    parsedGoMods?.flush();
    await results.record(root, done, listings);
    return done;
  };
  try {
    return cmd.recursive ? await tidyRecursive(roots, cmd, ui, { sinks, answered, run }) : [await run(roots[0], sinkOf(0))];
  } finally {
    scanner.close();
  }
}

/**
 * runTidyCommand runs `gotidy-ts [flags] [dir...]` (argv without the program name) and
 * returns the exit status. Usage errors are thrown (UsageError, CommanderError), as is
 * a bug outside any module's run.
 */
export async function runTidyCommand(argv: string[], ctx: CliContext): Promise<number> {
  const cmd = parseTidyArgs(argv, ctx);
  const ui = await terminalUi(ctx, cmd.quiet);
  try {
    const runs = await tidyRuns(cmd, ui, ctx);
    ui.progress.finish();
    const status = worstStatus(runs.map((r) => exitStatus(r.outcome, cmd.mode)));
    if (cmd.json) printJsonReport(ctx, runReport(cmd, runs, status));
    return status;
  } catch (e) {
    ui.progress.clear();
    throw e;
  }
}
