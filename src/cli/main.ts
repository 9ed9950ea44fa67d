// The command line: the only place that reads argv, prints, and chooses exit codes.

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { parseGoMod } from "../gomod.js";
import { GoModErrorList, parseGoSum } from "../modfile/index.js";
import { findModuleRoot, shortPath } from "./paths.js";

function version(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  return (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
}

/**
 * normalizeGoFlags accepts the go command's single-dash spellings (-diff, -go=1.21,
 * -C dir) by rewriting them to the double-dash form commander parses.
 */
export function normalizeGoFlags(argv: string[]): string[] {
  const long = new Set(["diff", "go", "compat", "modfile", "modcacherw", "help", "version"]);
  return argv.map((a) => {
    const m = /^-([a-z]+)(=.*)?$/.exec(a);
    return m && long.has(m[1]) ? "-" + a : a;
  });
}

class ExitError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

function checkModule(dir: string): void {
  const root = findModuleRoot(resolve(dir));
  if (!root) {
    throw new ExitError("go: go.mod file not found in current directory or any parent directory; see 'go help modules'", 1);
  }
  const gomod = join(root, "go.mod");
  try {
    parseGoMod(readFileSync(gomod), shortPath(gomod));
  } catch (e) {
    if (e instanceof GoModErrorList) throw new ExitError(`go: errors parsing ${shortPath(gomod)}:\n${e.message}`, 1);
    throw e;
  }
  const gosum = join(root, "go.sum");
  let sumText: Buffer | null = null;
  try {
    sumText = readFileSync(gosum);
  } catch {
    // no go.sum: nothing to check
  }
  // go mod tidy skips malformed go.sum lines (and drops them when it rewrites the file).
  if (sumText) parseGoSum(sumText, gosum, { skipMalformed: true });
  throw new ExitError(
    "gotidy-ts: go.mod and go.sum parse cleanly, but this version cannot tidy yet: " +
      "the module loader is not implemented. Use `go mod tidy` for now.", 2);
}

/** run executes the command line and exits the process with its status. */
export function run(argv: string[]): void {
  const program = new Command("gotidy-ts")
    .description("go mod tidy, reimplemented in TypeScript")
    .argument("[dir]", "module directory (default: the current directory)")
    .option("-e", "proceed despite errors encountered while loading packages")
    .option("-v", "print information about removed modules")
    .option("-x", "print the requests made")
    .option("--diff", "print the changes as a unified diff instead of writing them")
    .option("--go <version>", "set the expected Go language version")
    .option("--compat <version>", "the oldest Go version whose go command must select the same versions")
    .version(version(), "--version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });
  try {
    program.parse(normalizeGoFlags(argv), { from: "user" });
    checkModule(program.args[0] ?? ".");
    process.exitCode = 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof ExitError) {
      process.stderr.write(e.message + "\n");
      process.exitCode = e.code;
      return;
    }
    process.stderr.write(`gotidy-ts: internal error: ${(e as Error).message}\n`);
    process.exitCode = 2;
  }
}
