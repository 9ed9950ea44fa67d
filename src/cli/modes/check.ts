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
    const files = report.files ?? { goMod: "go.mod", goSum: "go.sum" };
    printChanges(out, `${report.dir}: ${files.goMod} and ${files.goSum} are not tidy:`, report);
    if (!out.quiet) out.out(fixLine(report.dir, out.inHook));
  },
};

/** fixLine says what makes the module at dir tidy; in a hook, with commands of the user's own shell. */
function fixLine(dir: string, inHook: boolean): string {
  if (inHook) return `To fix: run go mod tidy in ${dir}, or pre-commit run gotidy-ts --all-files (with the gotidy-ts hook in .pre-commit-config.yaml)\n`;
  return `To fix: run gotidy-ts${dir === "." ? "" : " " + dir} (or go mod tidy in ${dir})\n`;
}
