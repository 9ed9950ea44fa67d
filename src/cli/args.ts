// The tidy command's arguments: `gotidy-ts [flags] [dir...]`, with the go command's
// single-dash spellings (-diff, -go=1.21) taken as well as the double-dash ones, checked
// and turned into one TidyCommand value.

import { Command, Option } from "commander";
import { goVersionRE } from "../modfile/rules.js";
import { compareGoVersions, localGoVersion } from "../module/gover.js";
import { GoSettingError, GoSettings, resolveSettings } from "../settings/index.js";
import { boolFlagValues, overGoFlags, type GoFlagsOverridable } from "./goflags.js";
import { commandsHelp } from "./commands.js";
import type { CliContext } from "./context.js";
import { Mode, UsageError } from "./exit.js";
import { defaultTimeoutMs } from "../fetch/http.js";
import { formatWait } from "../fetch/transport-error.js";
import { requestTimeout } from "./timeout.js";
import { packageVersion } from "./version.js";

/** A tidy run as the command line asks for it. */
export interface TidyCommand {
  mode: Mode;
  /** The directories named: the module directory, or with recursive those to search (never empty). */
  dirs: string[];
  recursive: boolean;
  /** Modules tidied at once with recursive. */
  jobs: number;
  json: boolean;
  quiet: boolean;
  /** -v */
  verbose: boolean;
  /** -x */
  trace: boolean;
  /** -e */
  allowErrors: boolean;
  offline: boolean;
  /** --timeout (or GOTIDY_TIMEOUT): milliseconds to wait for each request's connection and answer. */
  timeoutMs: number;
  /** --no-cache: neither read nor write gotidy-ts's cache in this run. */
  noCache: boolean;
  goVersion?: string;
  compatVersion?: string;
  /** -modfile: the file read and written instead of go.mod (its .sum instead of go.sum),
   * as given (relative to the working directory); absent or "" for go.mod. */
  modFile?: string;
  /** The go settings, resolved once from the context's environment and home directory. */
  settings: GoSettings;
}

/** Flags as commander returns them. */
interface Flags extends GoFlagsOverridable {
  check?: boolean;
  dryRun?: boolean;
  json?: boolean;
  quiet?: boolean;
  offline?: boolean;
  cache?: boolean;
  recursive?: string | boolean;
  jobs?: string;
  timeout?: string;
}

/**
 * goLongFlags are the flags normalizeGoFlags rewrites. Besides gotidy-ts's own, it holds
 * go's build flag -modcacherw, which gotidy-ts does not take on the command line (it is
 * read from GOFLAGS, as go reads it): rewritten, it is refused by its whole name instead
 * of as a cluster of one-letter flags. go's -C is not taken either: the module directory
 * is an argument.
 */
const goLongFlags = new Set(["diff", "go", "compat", "modfile", "modcacherw", "help", "version", "check", "json", "offline"]);

/**
 * normalizeGoFlags accepts the go command's single-dash spellings of long flags (-diff,
 * -go=1.21, -compat 1.20) by rewriting them to the double-dash form commander parses.
 * One-letter flags (-e, -v, -x, -n, -q, -r, -j) and everything else pass unchanged.
 */
export function normalizeGoFlags(argv: string[]): string[] {
  return argv.map((a) => {
    const m = /^-([a-z]+)(=.*)?$/.exec(a);
    return m && goLongFlags.has(m[1]) ? "-" + a : a;
  });
}

/** goUsage is go mod tidy's usage, printed after an invalid -go or -compat value as go does. */
const goUsage = "usage: go mod tidy [-e] [-v] [-x] [-diff] [-go=version] [-compat=version]\nRun 'go help mod tidy' for details.";

/**
 * tidyProgram is the commander definition of the tidy command; its help lists the
 * commands too. Its output goes to the context's streams; it throws CommanderError
 * instead of exiting (after --help and --version too, with exit code 0).
 */
export function tidyProgram(ctx: CliContext): Command {
  return new Command("gotidy-ts")
    .description("go mod tidy, reimplemented in TypeScript")
    .argument("[dir...]", "module directory (default: the current directory); with --recursive, directories to search")
    .option("-e", "proceed despite errors encountered while loading packages")
    .option("-v", "print information about removed modules (with --check or --dry-run: also downloads and the diff)")
    .option("-x", "print the requests made")
    .option("--diff", "print the changes as a unified diff instead of writing them (exit 1 if any)")
    .option("--check", "write nothing; exit 0 when tidy, 1 when not (printing the diff and why), 2 on errors")
    .option("-n, --dry-run", "write nothing; print what would change and why")
    .option("--json", "print one machine-readable report on stdout")
    .option("-q, --quiet", "print nothing but errors (and, with --check, what is not tidy)")
    .option("--offline", "make no network request: use only go.sum, the module cache and local files")
    .option("--timeout <duration>", `how long to wait for each request's connection and answer (30s, 500ms, 2m); default ${formatWait(defaultTimeoutMs)}, or GOTIDY_TIMEOUT`)
    .option("--no-cache", "neither read nor write gotidy-ts's cache (GOTIDYCACHE) in this run")
    .option("-r, --recursive [dir]", "every module below dir (default: the current directory), or those its go.work lists")
    .addOption(new Option("-j, --jobs <n>", "modules tidied at once with --recursive").default("4"))
    .option("--go <version>", "set the expected Go language version")
    .option("--compat <version>", "the oldest Go version whose go command must select the same versions")
    .option("--modfile <file>", "read and write this file (ending in .mod) and its .sum instead of go.mod and go.sum")
    .version(packageVersion(), "--version")
    .addHelpText("after", commandsHelp())
    .exitOverride()
    .configureOutput({ writeErr: (s) => ctx.stderr.write(s), writeOut: (s) => ctx.stdout.write(s) });
}

/** withGoFlags is the command line's flags over GOFLAGS's; a GOFLAGS go refuses is a UsageError in go's words, with go's status. */
function withGoFlags(settings: GoSettings, commandLine: Flags): Flags {
  try {
    return overGoFlags(settings, commandLine);
  } catch (e) {
    if (!(e instanceof GoSettingError)) throw e;
    throw new UsageError(`go: ${e.message}` + (e.showUsage ? `\n${goUsage}` : ""), e.exitCode);
  }
}

/** checkVersionFlags refuses -go and -compat values go refuses, in go's words. */
function checkVersionFlags(flags: Flags): void {
  for (const [name, value] of [["go", flags.go], ["compat", flags.compat]] as const) {
    if (!value) continue;
    const problem = !goVersionRE.test(value)
      ? `expecting a Go version like "${localGoVersion}"`
      : compareGoVersions(value, localGoVersion) > 0 ? `maximum supported Go version is ${localGoVersion}` : null;
    if (problem) throw new UsageError(`invalid value "${value}" for flag -${name}: ${problem}\n${goUsage}`);
  }
}

/** modeOf picks the mode from the flags, refusing combinations that contradict each other. */
function modeOf(flags: Flags): Mode {
  const chosen = [flags.check && "--check", flags.diff && "-diff", flags.dryRun && "--dry-run"].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`gotidy-ts: ${chosen.join(" and ")} cannot be used together`);
  return flags.check ? "check" : flags.diff ? "diff" : flags.dryRun ? "dry-run" : "tidy";
}

/**
 * parseTidyArgs parses the tidy command's arguments (argv without the program name),
 * GOFLAGS's tidy flags under them (go's -e=false spellings included), and resolves the
 * go settings from ctx. It
 * throws CommanderError for what commander refuses or answers itself (an unknown flag,
 * --help, --version: it has printed already) and UsageError for a command line that
 * cannot run.
 */
export function parseTidyArgs(argv: string[], ctx: CliContext): TidyCommand {
  const program = tidyProgram(ctx);
  const { rest, values } = boolFlagValues(argv);
  program.parse(normalizeGoFlags(rest), { from: "user" });
  const settings = resolveSettings(ctx.env, ctx.home);
  const flags = withGoFlags(settings, { ...program.opts<Flags>(), ...values });
  checkVersionFlags(flags);
  const mode = modeOf(flags);
  const recursive = flags.recursive !== undefined && flags.recursive !== false;
  const args = program.args;
  if (!recursive && args.length > 1) throw new UsageError("gotidy-ts: only one module directory can be named without --recursive");
  const dirs = recursive ? [...(typeof flags.recursive === "string" ? [flags.recursive] : []), ...args] : [...args];
  if (dirs.length === 0) dirs.push(".");
  return {
    mode, dirs, recursive,
    jobs: Math.max(1, Number(flags.jobs) || 4),
    json: !!flags.json, quiet: !!flags.quiet, verbose: !!flags.v, trace: !!flags.x, allowErrors: !!flags.e,
    offline: !!flags.offline, timeoutMs: requestTimeout("gotidy-ts", flags.timeout, ctx.env, defaultTimeoutMs), noCache: flags.cache === false, goVersion: flags.go, compatVersion: flags.compat,
    modFile: flags.modfile, settings,
  };
}
