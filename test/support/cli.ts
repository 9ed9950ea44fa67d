// How tests start the executable: bin/gotidy-ts.js in a child process, as a user runs it,
// but the copy that global-setup.ts built from the current sources for this test run, never
// the project's dist/, which may be older than src/.

import { join } from "node:path";
import { inject } from "vitest";

/** bin is the launcher of the package built from src/ for this run. */
export const bin = join(inject("builtPackage"), "bin", "gotidy-ts.js");

/** builtModule is the path of the compiled module for a file of src/ ("fetch/http.ts"). */
export function builtModule(srcFile: string): string {
  return join(inject("builtPackage"), "dist", srcFile.replace(/\.ts$/, ".js"));
}

/** cliArgs are node's arguments that run bin with args. */
export function cliArgs(args: readonly string[]): string[] {
  return [bin, ...args];
}

/** cliShellCommand is a shell command line that runs bin with args. */
export function cliShellCommand(args: readonly string[]): string {
  return [process.execPath, ...cliArgs(args)].map((a) => JSON.stringify(a)).join(" ");
}
