// --recursive: every module below the directories named (or those their go.work lists),
// tidied a few at a time (those the result cache of --check answers first, without
// loading the parser when it answers them all); each module's output is printed whole, in the modules' order,
// under a "== dir" heading, then one summary line.

import type { Dirent } from "node:fs";
import type { GoSettings } from "../settings/index.js";
import { findModules, WorkspaceError } from "../workspace/discover.js";
import type { TidyCommand } from "./args.js";
import type { CliContext } from "./context.js";
import type { ModuleRun } from "./module.js";
import { summarize } from "./report.js";
import { runInOrder } from "./scheduler.js";
import { BufferedSink, Ui } from "./ui.js";

/** A reason the modules cannot be found, with go's (or gotidy-ts's) message. */
export interface DiscoveryFailure {
  dir: string;
  message: string;
  class: "usage" | "no-module";
}

/**
 * findRecursiveRoots lists the module roots below each directory (a directory's go.work,
 * unless the settings' GOWORK is off, lists them instead), sorted, or says why there are none;
 * listings is filled with the directories the walk read.
 */
export async function findRecursiveRoots(dirs: string[], settings: GoSettings, ctx: CliContext, listings?: Map<string, Dirent[]>): Promise<string[] | DiscoveryFailure> {
  const found = new Set<string>();
  for (const start of dirs) {
    try {
      const { modules } = await findModules(start, { cwd: ctx.cwd, settings, listings });
      for (const m of modules) found.add(m);
    } catch (e) {
      if (!(e instanceof WorkspaceError)) throw e;
      return { dir: start, message: e.message, class: "usage" };
    }
  }
  if (found.size === 0) return { dir: dirs[0], message: `gotidy-ts: no go.mod found in ${dirs.join(", ")} or below`, class: "no-module" };
  return [...found].sort();
}

/** printModule prints a finished module's buffered output (with --json only the -x lines, on stderr). */
function printModule(run: ModuleRun, sink: BufferedSink, cmd: TidyCommand, ui: Ui): void {
  if (cmd.json) {
    const trace = sink.text(true);
    if (trace) ui.stderr(trace);
    return;
  }
  if (sink.chunks.length === 0) return;
  const errText = sink.text(true);
  const outText = sink.text(false);
  ui.stdout(ui.cOut.bold(`== ${run.report.dir}`) + "\n");
  if (errText) ui.stderr(errText);
  if (outText) ui.stdout(outText);
}

/** summaryLine is the last line of a text run: how many modules came to what (printed with -q only when some failed or are not tidy). */
function printSummary(runs: ModuleRun[], cmd: TidyCommand, ui: Ui): void {
  const s = summarize(runs.map((r) => r.report));
  const parts = [`${s.modules} ${s.modules === 1 ? "module" : "modules"}`];
  if (s.tidy) parts.push(`${s.tidy} tidy`);
  if (s.updated) parts.push(`${s.updated} updated`);
  if (s.untidy) parts.push(`${s.untidy} not tidy`);
  if (s.failed) parts.push(`${s.failed} failed`);
  if (!cmd.quiet || s.failed || s.untidy) ui.stdout(`gotidy-ts: ${parts.join(", ")}\n`);
}

/** What tidyRecursive starts from: each module's sink, the runs already answered (by the result cache), and how to run the others. */
export interface RecursivePlan {
  sinks: BufferedSink[];
  answered: (ModuleRun | null)[];
  /** run runs the module at roots[i] (null when every module was answered). */
  run: ((root: string, sink: BufferedSink) => Promise<ModuleRun>) | null;
}

/**
 * tidyRecursive tidies the modules in roots, cmd.jobs at a time, those not answered yet
 * by plan.run, and returns their runs in order, each printed whole once it and every
 * module before it are done, then the summary.
 */
export async function tidyRecursive(roots: string[], cmd: TidyCommand, ui: Ui, plan: RecursivePlan): Promise<ModuleRun[]> {
  ui.status.modulesTotal = roots.length;
  const runs: ModuleRun[] = [];
  const work = async (root: string, i: number) => {
    const run = plan.answered[i] ?? await plan.run!(root, plan.sinks[i]);
    ui.status.modulesDone++;
    ui.status.draw();
    return run;
  };
  await runInOrder(roots, cmd.jobs, work, (run, i) => {
    runs.push(run);
    printModule(run, plan.sinks[i], cmd, ui);
  });
  if (!cmd.json) printSummary(runs, cmd, ui);
  return runs;
}
