// The command line's view of the process, for both of its entries (main.ts, and
// quick-main.ts, which answers a --check from the result cache before main.ts is loaded):
// the one place reading process.env, process.cwd() and os.homedir().

import { homedir } from "node:os";
import type { CliContext } from "./context.js";

/**
 * processContext is the CliContext of this process. Its streams are taken when first used:
 * Node makes process.stdout on first access (a pipe's loads node:net and node:stream), and
 * the quick answer of a --check prints nothing.
 */
export function processContext(): CliContext {
  return {
    env: process.env, cwd: process.cwd(), home: homedir(),
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
  };
}
