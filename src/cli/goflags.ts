// GOFLAGS on the command line: go mod tidy's flags from GOFLAGS (the environment or a go
// env file) first, the command line's over them, as the go command applies them.

import { tidyGoFlags, type TidyGoFlags } from "../settings/goflags.js";
import type { GoSettings } from "../settings/resolve.js";

/** The command-line flags GOFLAGS can also set. */
export type GoFlagsOverridable = Pick<TidyGoFlags, "e" | "v" | "x" | "diff" | "go" | "compat" | "modfile">;

/**
 * boolFlagValues takes go mod tidy's boolean flags given a value (-e=false, -diff=true),
 * which commander does not parse, out of argv: the rest, and the values (the last wins).
 * (-e=false is how a GOFLAGS -e is turned off.)
 */
export function boolFlagValues(argv: string[]): { rest: string[]; values: GoFlagsOverridable } {
  const values: Record<string, boolean> = {};
  const rest = argv.filter((a) => {
    const m = /^--?(e|v|x|diff)=(true|false)$/.exec(a);
    if (m) values[m[1]] = m[2] === "true";
    return !m;
  });
  return { rest, values };
}

const defined = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, value]) => value !== undefined)) as Partial<T>;

/**
 * overGoFlags returns the command line's flags over those GOFLAGS sets. It throws the
 * GoSettingError of a GOFLAGS the go command refuses.
 */
export function overGoFlags<F extends GoFlagsOverridable>(settings: GoSettings, commandLine: F): F {
  const { e, v, x, diff, go, compat, modfile } = tidyGoFlags(settings);
  return { ...defined({ e, v, x, diff, go, compat, modfile }), ...defined(commandLine) } as F;
}
