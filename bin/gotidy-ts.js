#!/usr/bin/env node
// Starts the built command line; when it cannot be loaded (an install from git whose
// prepare script did not run has no dist/, a dependency is missing), one line and exit 2.
const main = new URL("../dist/cli/main.js", import.meta.url).href;
import(main).then((cli) => cli.run(process.argv.slice(2)), (e) => {
  const built = e?.code === "ERR_MODULE_NOT_FOUND" && e.url === main;
  const what = built ? "this installation was never built (no dist/)" : String(e?.message ?? e).split("\n")[0];
  process.stderr.write(`gotidy-ts: cannot start: ${what} (reinstall gotidy-ts: from a packed tarball or the npm registry, or from git with install scripts allowed)\n`);
  process.exitCode = 2;
});
