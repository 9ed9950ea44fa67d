// Tidy (no mode flag): write go.mod and go.sum as go mod tidy does, printing nothing
// beyond go's own lines.

import { writeTidyResult } from "../../tidy/write.js";
import { ok } from "../exit.js";
import { changeReports, type ModuleReport } from "../report.js";
import { withLayout } from "./changes.js";
import type { ModeHandler } from "./handler.js";

export const tidyMode: ModeHandler = {
  explains: false,
  progressLines: true,
  settle(root, result, report, write) {
    const written = writeTidyResult(root, result, write);
    // Only --json shows a tidy's changes: they are made when the report is read (a go.sum
    // of a million lines has hundreds of thousands of them).
    let changes: ModuleReport["changes"] | null = null;
    Object.defineProperty(report, "changes", {
      enumerable: true, configurable: true,
      get: () => (changes ??= changeReports(withLayout([...result.goModChanges, ...result.goSumChanges], written.goMod, written.goSum))),
    });
    report.status = written.goMod || written.goSum ? "updated" : "tidy";
    return ok;
  },
  print() {
    // go mod tidy prints nothing when it succeeds.
  },
};
