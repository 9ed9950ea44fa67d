// --check: write nothing; when not tidy print go's diff (not with -q), why each change is
// made, and how to fix it.

import { colorDiff } from "../terminal.js";
import { printChanges, settleComparison } from "./changes.js";
import type { ModeHandler } from "./handler.js";

export const checkMode: ModeHandler = {
  explains: true,
  progressLines: false,
  settle: (_root, result, report) => settleComparison(result, report),
  print(report, out) {
    if (!report.diff) return;
    if (!out.quiet) out.out(colorDiff(out.color, report.diff));
    printChanges(out, `${report.dir}: go.mod and go.sum are not tidy:`, report);
    if (!out.quiet) out.out(`To fix: run gotidy-ts${report.dir === "." ? "" : " " + report.dir} (or go mod tidy in ${report.dir})\n`);
  },
};
