// GOFLAGS, as the go command applies it to go mod tidy: the value is split into flags
// (spaces separate them; a flag may be wrapped whole in '' or ""), every word must look
// like a flag, and the flags go mod tidy defines are set, in order, before the command
// line's (which therefore win). Flags of other go commands (-mod=mod, -ldflags=...) are
// passed over, as the go command passes them over; a name no go command defines is
// refused (the names are recorded from the go command in go-flag-names.ts).

import { compareGoVersions, isValidGoVersion, localGoVersion } from "../module/gover.js";
import { quote } from "../text/quote.js";
import { splitQuoted } from "../text/quoted.js";
import { GoSettingError } from "./errors.js";
import { goFlagNames } from "./go-flag-names.js";
import type { GoSettings } from "./resolve.js";

/** The go mod tidy flags GOFLAGS can set; absent when GOFLAGS does not set them. */
export interface TidyGoFlags {
  e?: boolean;
  v?: boolean;
  x?: boolean;
  diff?: boolean;
  go?: string;
  compat?: string;
  modcacherw?: boolean;
  modfile?: string;
}

/** splitGoFlags splits a GOFLAGS value into words as the go command does (text/quoted.ts). */
export const splitGoFlags = splitQuoted;

/** looksLikeFlag: -x, --x, -x=value or --x=value, as the go command requires of every GOFLAGS word. */
function looksLikeFlag(f: string): boolean {
  return f.startsWith("-") && f !== "-" && f !== "--" && !f.startsWith("---") && !f.startsWith("-=") && !f.startsWith("--=");
}

/** parseBool is Go's strconv.ParseBool. */
function parseBool(s: string): boolean | null {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return null;
}

/** goVersionProblem is go mod tidy's complaint about a -go or -compat value, or null. */
export function goVersionProblem(value: string): string | null {
  if (!isValidGoVersion(value)) return `expecting a Go version like "${localGoVersion}"`;
  if (compareGoVersions(value, localGoVersion) > 0) return `maximum supported Go version is ${localGoVersion}`;
  return null;
}

const boolFlags = new Set(["e", "v", "x", "diff", "modcacherw"]);
const valueFlags = new Set(["go", "compat", "modfile", "C"]);

/**
 * tidyGoFlags returns the go mod tidy flags settings.values.GOFLAGS sets. It throws a
 * GoSettingError with the go command's words (exit status 1 for a value that does not
 * split into flags, 2 with the usage text for a bad value of one of tidy's flags).
 */
export function tidyGoFlags(settings: GoSettings): TidyGoFlags {
  const source = settings.sources.GOFLAGS;
  const fail = (message: string, usage: boolean) => new GoSettingError(message, "GOFLAGS", source, usage ? 2 : 1, usage);
  let words: string[];
  try {
    words = splitGoFlags(settings.values.GOFLAGS);
  } catch (e) {
    throw fail(`parsing $GOFLAGS: ${(e as Error).message}`, false);
  }
  // Every word is checked, in order, before any flag is set (go's InitGOFLAGS): a word
  // that is no flag, then a name no go command defines, stop with exit status 1.
  for (const w of words) {
    if (!looksLikeFlag(w)) throw fail(`parsing $GOFLAGS: non-flag ${quote(w)}`, false);
    const name = w.replace(/^--?/, "").split("=")[0];
    if (!goFlagNames.has(name)) throw fail(`parsing $GOFLAGS: unknown flag -${name}`, false);
  }
  const out: TidyGoFlags & Record<string, unknown> = {};
  for (const w of words) {
    const eq = w.indexOf("=");
    const shown = (eq < 0 ? w : w.slice(0, eq)).replace(/^--/, "-");
    const name = shown.slice(1);
    const value = eq < 0 ? undefined : w.slice(eq + 1);
    if (boolFlags.has(name)) {
      const b = value === undefined ? true : parseBool(value);
      if (b === null) throw fail(`invalid boolean value ${quote(value ?? "")} for flag ${shown} (from $GOFLAGS): parse error`, true);
      out[name] = b;
    } else if (valueFlags.has(name)) {
      if (value === undefined) throw fail(`flag needs an argument: ${shown} (from $GOFLAGS)`, true);
      const problem = name === "C" ? "-C flag must be first flag on command line" : name === "modfile" ? null : goVersionProblem(value);
      if (problem) throw fail(`invalid value ${quote(value)} for flag ${shown} (from $GOFLAGS): ${problem}`, true);
      out[name] = value;
    }
  }
  return out;
}
