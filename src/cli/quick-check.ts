// The quick answer of a --check: before the command line's bundle is loaded (commander,
// the loader, the parser), a command line of the plainest kind is answered from the result
// cache when it holds the module's answer, by the same key (cache-inputs.ts) and lookup
// (src/cache/check-result.ts) as the tidy command's own. A tidy module's plain --check
// prints nothing and exits 0, so the answer is the exit status alone.
//
// Anything else is left to the tidy command, which then does everything again from the
// start, as if this had not run: a flag besides --check, -q, -e and --offline, more than
// one directory, a GOFLAGS that sets more than -e, GOTIDY_TIMEOUT, anything the tidy
// command would report (a missing directory, module mode off, no go.mod, an ignored one),
// the cache off, and every miss. Nothing is printed and nothing written here but what a
// hit of the tidy command writes too (the entry's use time, and the stat key's entry when
// the import key answered).

import { lookupAnswer, checkKeys, type ModuleWalk } from "../cache/check-result.js";
import { checkModuleMode, tidyGoFlags, type TidyGoFlags } from "../settings/index.js";
import { resolveSettings } from "../settings/resolve.js";
import { checkInputs, openCacheStore } from "./cache-inputs.js";
import { commandNamed } from "./commands.js";
import type { CliContext } from "./context.js";
import { findModuleRoot, ignoredGoMod, missingDir } from "./paths.js";
import { resolve } from "node:path";

/** The command line of a plain --check: its flags and the directory named (or "."). */
interface PlainCheck {
  quiet: boolean;
  allowErrors: boolean;
  offline: boolean;
  dir: string;
}

const flagNames: Record<string, keyof Omit<PlainCheck, "dir"> | "check"> = {
  "--check": "check", "-check": "check", "-q": "quiet", "--quiet": "quiet", "-e": "allowErrors",
  "--offline": "offline", "-offline": "offline",
};

/** plainCheck reads argv as a plain --check, or null for any other command line. */
function plainCheck(argv: string[]): PlainCheck | null {
  if (argv.length > 0 && commandNamed(argv[0])) return null;
  const out: PlainCheck = { quiet: false, allowErrors: false, offline: false, dir: "." };
  let check = false;
  let dirs = 0;
  for (const a of argv) {
    const flag = flagNames[a];
    if (flag === "check") check = true;
    else if (flag) out[flag] = true;
    else if (a === "" || a.startsWith("-") || ++dirs > 1) return null;
    else out.dir = a;
  }
  return check ? out : null;
}

/** goFlagsOf is what GOFLAGS sets of go mod tidy's flags, or null when it is refused or sets more than -e. */
function goFlagsOf(settings: Parameters<typeof tidyGoFlags>[0]): TidyGoFlags | null {
  let flags: TidyGoFlags;
  try {
    flags = tidyGoFlags(settings);
  } catch {
    return null;
  }
  const { v, x, diff, go, compat, modfile } = flags;
  return v !== undefined || x !== undefined || diff !== undefined || go !== undefined || compat !== undefined || modfile !== undefined ? null : flags;
}

/**
 * QuickAnswer is the quick entry's answer: the exit status, or (for the tidy command) the
 * module root whose keys it looked up and did not find (so that the tidy command, whose
 * first look-up would be the same, starts with its second) with the walk of its files
 * those keys were taken from (which the tidy command's keys are taken from too, instead
 * of listing and stating every file again), or nothing.
 */
export type QuickAnswer = { status: number } | { missed: string; walk: ModuleWalk } | null;

/**
 * quickCheck answers argv (without the program name) from the result cache: status 0 when
 * it holds that the module is tidy, else what the tidy command may use.
 */
export async function quickCheck(argv: string[], ctx: CliContext): Promise<QuickAnswer> {
  const plain = plainCheck(argv);
  if (!plain || ctx.env.GOTIDY_TIMEOUT) return null;
  const settings = resolveSettings(ctx.env, ctx.home);
  const goFlags = goFlagsOf(settings);
  if (!goFlags || missingDir(plain.dir, ctx.cwd) !== null) return null;
  try {
    checkModuleMode(settings);
  } catch {
    return null;
  }
  const root = findModuleRoot(resolve(ctx.cwd, plain.dir));
  if (!root || ignoredGoMod(root, settings.values.GOPATH, ctx.env.TMPDIR)) return null;
  const store = openCacheStore(settings);
  if (!store) return null;
  // As the tidy command merges them: the command line's -e over GOFLAGS's.
  const cmd = { settings, allowErrors: plain.allowErrors || !!goFlags.e, offline: plain.offline, quiet: plain.quiet };
  const keys = await checkKeys(store, checkInputs(cmd, root));
  if (!keys) return null;
  return (await lookupAnswer(store, keys)) ? { status: 0 } : { missed: root, walk: keys.walk };
}
