// The command line: the only place that reads argv, prints, and chooses exit codes.

import { readFileSync, renameSync, writeFileSync, rmSync } from "node:fs";
import { randomInt } from "node:crypto";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command, CommanderError } from "commander";
import { GoModErrorList } from "../modfile/index.js";
import { FetchError } from "../fetch/errors.js";
import { ChecksumMismatch } from "../fetch/verify.js";
import { tidy, TidyErrors } from "../tidy/tidy.js";
import { tidyDiffOutput } from "../tidy/diff.js";
import { BuildListError } from "../mvs/mvs.js";
import { findModuleRoot, shortPath } from "./paths.js";
import { goVersionRE } from "../modfile/rules.js";
import { compareGoVersions, localGoVersion } from "../module/gover.js";

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

const usage = "usage: go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]\nRun 'go help mod tidy' for details.";

class ExitError extends Error {
  constructor(message: string, readonly code: number) {
    super(message);
  }
}

/** writeAtomic replaces a file through a temporary file in the same directory. */
function writeAtomic(file: string, data: string): void {
  const tmp = `${file}.${randomInt(1_000_000_000)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

interface Flags {
  e?: boolean;
  v?: boolean;
  x?: boolean;
  diff?: boolean;
  go?: string;
  compat?: string;
}

async function runTidy(dir: string, flags: Flags): Promise<void> {
  for (const [name, value] of [["go", flags.go], ["compat", flags.compat]] as const) {
    if (!value) continue;
    const problem = !goVersionRE.test(value)
      ? `expecting a Go version like "${localGoVersion}"`
      : compareGoVersions(value, localGoVersion) > 0 ? `maximum supported Go version is ${localGoVersion}` : null;
    if (problem) throw new ExitError(`invalid value "${value}" for flag -${name}: ${problem}\n${usage}`, 2);
  }
  if (process.env.GO111MODULE === "off") throw new ExitError("go: modules disabled by GO111MODULE=off; see 'go help modules'", 1);
  const root = findModuleRoot(resolve(dir));
  if (!root) {
    throw new ExitError("go: go.mod file not found in current directory or any parent directory; see 'go help modules'", 1);
  }
  const say = (line: string) => process.stderr.write(line + "\n");
  let result;
  try {
    result = await tidy({
      root, log: say, warn: say, trace: flags.x ? say : undefined, allowErrors: flags.e,
      goVersion: flags.go, compatVersion: flags.compat, verbose: flags.v,
    });
  } catch (e) {
    if (e instanceof GoModErrorList) throw new ExitError(`go: errors parsing ${shortPath(join(root, "go.mod"))}:\n${e.message}`, 1);
    if (e instanceof TidyErrors) throw new ExitError(e.message.replace(/\n$/, ""), 1);
    if (e instanceof ChecksumMismatch) throw new ExitError(e.message.replace(/\n$/, ""), 1);
    if (e instanceof FetchError || e instanceof BuildListError) {
      const hint = e instanceof FetchError && e.hint ? `\n\thint: ${e.hint}` : "";
      throw new ExitError(`go: ${e.message}${hint}`, 1);
    }
    throw e;
  }
  if (flags.v) for (const u of result.unused) say(`unused ${u}`);
  if (flags.diff) {
    // Print what would change (go.mod, then go.sum), write nothing, exit 1 if anything differs.
    const out = tidyDiffOutput(result);
    process.stdout.write(out);
    if (out) throw new ExitError("", 1);
    return;
  }
  // go.sum first, then go.mod, each only when it changed; no go.sum is created empty.
  const sumFile = join(root, "go.sum");
  const oldSum = result.oldGoSum?.toString("utf8") ?? null;
  if (oldSum !== result.newGoSum && !(oldSum === null && result.newGoSum === "")) writeAtomic(sumFile, result.newGoSum);
  if (result.oldGoMod.toString("utf8") !== result.newGoMod) writeAtomic(join(root, "go.mod"), result.newGoMod);
}

/** run executes the command line and sets the process exit status. */
export async function run(argv: string[]): Promise<void> {
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
    await runTidy(program.args[0] ?? ".", program.opts<Flags>());
    process.exitCode = 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof ExitError) {
      if (e.message) process.stderr.write(e.message + "\n");
      process.exitCode = e.code;
      return;
    }
    // A bug, not bad input: the message, and the stack only when asked for.
    const detail = process.env.GOTIDY_DEBUG ? (e as Error).stack : (e as Error).message;
    process.stderr.write(`gotidy-ts: internal error: ${detail ?? String(e)}\n`);
    process.exitCode = 2;
  }
}
