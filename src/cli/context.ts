// What a run of the command line works against: the environment, the working directory,
// the home directory and the two output streams. process-context.ts builds it from the
// process, the one place that reads process.env, process.cwd() and os.homedir();
// everything else in cli/ takes it as a value (the go settings are resolved from it once,
// in args.ts), so a test or another program can run a command against an environment of
// its own.

import type { ModuleWalk } from "../cache/check-result.js";
import type { Writable } from "./terminal.js";

export interface CliContext {
  env: NodeJS.ProcessEnv;
  /** The working directory: relative directory arguments and printed paths are against it. */
  cwd: string;
  /** The home directory (for the go env file and the module cache's default place). */
  home: string;
  stdout: Writable;
  stderr: Writable;
  /**
   * A module root whose result-cache keys the quick entry (quick-check.ts) took for this
   * command line and found no answer under: the tidy command's first look-up, the same,
   * is passed over.
   */
  checkMissed?: string;
  /** The walk of checkMissed's files those keys were taken from, for the tidy command's own keys of it. */
  checkWalk?: ModuleWalk;
}
