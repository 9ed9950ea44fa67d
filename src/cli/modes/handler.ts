// What a mode (tidy, -diff, --check, --dry-run) does with a successful tidy result: what
// the module's report says, what is written, and what is printed as text (--json prints
// the reports instead, see json.ts).

import type { Painter } from "../terminal.js";
import type { TidyResult } from "../../tidy/tidy.js";
import type { WriteTidyOptions } from "../../tidy/write.js";
import type { Outcome } from "../exit.js";
import type { ModuleReport } from "../report.js";
import type { Sink } from "../ui.js";

/** Where a mode prints a module's text, and the flags that shape it. */
export interface ModuleOutput extends Sink {
  /** Colours for stdout. */
  color: Painter;
  quiet: boolean;
  verbose: boolean;
  /** The run is a pre-commit hook: instructions name what the user's own shell has. */
  inHook: boolean;
}

export interface ModeHandler {
  /**
   * Whether a failure is printed with its hint. Modes that print go's output (tidy,
   * -diff) add only a fetch error's hint, so that the output stays the go command's.
   */
  explains: boolean;
  /** Whether go's progress lines ("go: downloading ...") are printed without -v. */
  progressLines: boolean;
  /** settle fills the report's status, changes and diff from the result, writing what the mode writes (with the write options). */
  settle(root: string, result: TidyResult, report: ModuleReport, write: WriteTidyOptions): Outcome;
  /** print prints a settled report as text. */
  print(report: ModuleReport, out: ModuleOutput): void;
}
