// The modes of the tidy command, by name.

import type { Mode } from "../exit.js";
import { checkMode } from "./check.js";
import { diffMode } from "./diff.js";
import { dryRunMode } from "./dry-run.js";
import type { ModeHandler } from "./handler.js";
import { tidyMode } from "./tidy.js";

export type { ModeHandler, ModuleOutput } from "./handler.js";

export const modes: Record<Mode, ModeHandler> = {
  tidy: tidyMode,
  diff: diffMode,
  check: checkMode,
  "dry-run": dryRunMode,
};
