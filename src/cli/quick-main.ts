// The command line's first entry, bundled on its own (dist/cli/gotidy-ts-quick.cjs, a
// small fraction of the whole): bin/gotidy-ts.js runs it first for a command line that
// names --check, and loads the whole command line (main.ts) only when it gives no answer
// (quick-check.ts).

import type { ModuleWalk } from "../cache/check-result.js";
import { processContext } from "./process-context.js";
import { quickCheck } from "./quick-check.js";

/**
 * run answers the command line (the arguments after the program name) from the result
 * cache, setting the exit status, and returns true; otherwise what main.ts's run may take
 * (a module root whose look-up missed), or false. It never throws (a failure of its own
 * leaves the command line to main.ts).
 */
export async function run(argv: string[]): Promise<boolean | { missed: string; walk: ModuleWalk }> {
  try {
    const answer = await quickCheck(argv, processContext());
    if (answer === null) return false;
    if ("missed" in answer) return answer;
    process.exitCode = answer.status;
    return true;
  } catch {
    return false;
  }
}
