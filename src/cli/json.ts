// --json: one report of the whole run on stdout, whatever the mode.

import type { TidyCommand } from "./args.js";
import type { CliContext } from "./context.js";
import type { ModuleRun } from "./module.js";
import { reportVersion, RunReport, summarize } from "./report.js";

/** runReport is the --json document of a run that exits with status exit. */
export function runReport(cmd: TidyCommand, runs: ModuleRun[], exit: number): RunReport {
  const modules = runs.map((r) => r.report);
  return { version: reportVersion, mode: cmd.mode, offline: cmd.offline, exitCode: exit, summary: summarize(modules), modules };
}

/** printJsonReport prints the run's report, indented, on stdout. */
export function printJsonReport(ctx: CliContext, report: RunReport): void {
  ctx.stdout.write(JSON.stringify(report, null, 2) + "\n");
}
