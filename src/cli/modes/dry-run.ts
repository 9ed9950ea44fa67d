// --dry-run: write nothing; print what would change and why (with -v also the diff and
// what had to be downloaded); -q prints nothing.

import { colorDiff } from "../terminal.js";
import { printChanges, settleComparison } from "./changes.js";
import type { ModeHandler } from "./handler.js";

export const dryRunMode: ModeHandler = {
  explains: true,
  progressLines: false,
  settle: (_root, result, report) => settleComparison(result, report),
  print(report, out) {
    if (out.quiet) return;
    const dir = report.dir;
    if (out.verbose && report.diff) out.out(colorDiff(out.color, report.diff));
    if (report.diff) printChanges(out, `${dir}: tidy would make these changes:`, report);
    if (!out.verbose) return;
    if (report.fetched.length > 0) {
      out.out(out.color.bold(`${dir}: downloaded into the module cache (needed to tidy):`) + "\n");
      for (const f of report.fetched) out.out(`\t${f.module} ${f.version} (${f.file === "mod" ? "go.mod" : "zip"})\n`);
    } else {
      out.out(`${dir}: nothing to download: everything needed is in the module cache\n`);
    }
    if (!report.diff) out.out(`${dir}: tidy\n`);
  },
};
