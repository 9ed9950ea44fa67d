// -diff: go's unified diff of go.mod and go.sum against their tidy forms, nothing written.

import { colorDiff } from "../terminal.js";
import { settleComparison } from "./changes.js";
import type { ModeHandler } from "./handler.js";

export const diffMode: ModeHandler = {
  explains: false,
  progressLines: true,
  settle: (_root, result, report) => settleComparison(result, report),
  print(report, out) {
    out.out(colorDiff(out.color, report.diff));
  },
};
