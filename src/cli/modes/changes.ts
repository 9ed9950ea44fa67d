// The change lines every mode reports, and the comparison the write-nothing modes share.

import type { Painter } from "../terminal.js";
import { tidyDiffOutput } from "../../tidy/diff.js";
import type { Change } from "../../tidy/explain.js";
import type { TidyResult } from "../../tidy/tidy.js";
import { Outcome, ok, untidy } from "../exit.js";
import { changeReports, ModuleReport } from "../report.js";

/** withLayout adds a change for a file whose bytes differ though no requirement change explains it (block layout, sorting). */
export function withLayout(changes: Change[], goModDiffers: boolean, goSumDiffers: boolean): Change[] {
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
 * settleComparison settles a report as go's -diff sees the module, writing nothing: the
 * diff, and the changes it shows (untidy when there is a diff).
 */
export function settleComparison(result: TidyResult, report: ModuleReport): Outcome {
  const diff = tidyDiffOutput(result);
  report.diff = diff;
  report.status = diff ? "untidy" : "tidy";
  const modDiffers = diff.includes("diff current/go.mod tidy/go.mod\n");
  const sumDiffers = diff.includes("diff current/go.sum tidy/go.sum\n");
  // (A go line added to a go.mod without one is not shown by -diff: go adds it on reading.)
  const shown = result.goModChanges.filter((c) => !(c.action === "set-go" && c.from === undefined));
  report.changes = changeReports(withLayout([...shown, ...result.diffGoSumChanges], modDiffers, sumDiffers)
    .filter((c) => (c.file === "go.mod" ? modDiffers : sumDiffers)));
  return diff ? untidy : ok;
}

/** colorChange paints a change line: additions and upgrades green, removals and downgrades red, the rest yellow; the reason dim. */
export function colorChange(c: Painter, line: string): string {
  if (c.level === 0) return line;
  const colon = line.indexOf(": ");
  const head = colon < 0 ? line : line.slice(0, colon);
  const rest = colon < 0 ? "" : line.slice(colon);
  const paint = /^(add|upgrade|mark \S+ direct)/.test(head) ? c.green : /^(remove|downgrade)/.test(head) ? c.red : c.yellow;
  return paint(head) + c.dim(rest);
}

/** printChanges prints a heading and the report's change lines, one per line, indented. */
export function printChanges(out: { out(text: string): void; color: Painter }, heading: string, report: ModuleReport): void {
  out.out(out.color.bold(heading) + "\n");
  for (const ch of report.changes) out.out(`\t${colorChange(out.color, ch.text)}\n`);
}
