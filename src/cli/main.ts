// The command line's entry: with quick-main.ts, the only place that reads the process
// (argv comes from bin/, the environment, the working directory, the output streams;
// process-context.ts) and sets its exit status. What the commands do is in dispatch.ts
// and the files it leads to:
//
//   dispatch.ts      a command named by the first argument, or the tidy command
//   args.ts          the tidy command's flags, go's single-dash spellings included
//   tidy-command.ts  checks before tidying, one module or --recursive, the exit status
//   module.ts        one module's run; modes/ settles and prints it per mode
//   recursive.ts     --recursive, over scheduler.ts; json.ts the --json report
//   exit.ts          every exit status, decided in one place

import type { ModuleWalk } from "../cache/check-result.js";
import { parserLoaded } from "../scan/tree-sitter.js";
import { dispatch } from "./dispatch.js";
import { processContext } from "./process-context.js";

/**
 * run executes the command line (the arguments after the program name) and sets the
 * process exit status; quick is what the quick entry (quick-main.ts) left it.
 */
export async function run(argv: string[], quick?: { missed: string; walk?: ModuleWalk }): Promise<void> {
  // A closed pipe (| head) ends the run quietly, as it would for any Unix tool.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
  process.exitCode = await dispatch(argv, { ...processContext(), checkMissed: quick?.missed, checkWalk: quick?.walk });
}

/**
 * tidied reports whether this process loaded the Go parser, that is, tidied a module:
 * bin/gotidy-ts.js keeps a fuller code cache after such a run.
 */
export function tidied(): boolean {
  return parserLoaded();
}
