// The errors a tidy run reports, worded as the go command prints them.

import { TooNewError } from "../load/summary.js";
import type { ModuleVersion } from "../module/version.js";
import { BuildListError } from "../mvs/mvs.js";
import type { TidyOptions } from "./options.js";

/**
 * TidyErrors: errors of a tidy run, each a line as the go command prints it; errors (an
 * AggregateError's list) holds the underlying errors where known (a FetchError behind a
 * package error, say).
 */
export class TidyErrors extends AggregateError {
  declare readonly errors: Error[];

  constructor(readonly lines: string[], causes: Error[] = []) {
    super(causes, lines.join("\n"));
    this.name = "TidyErrors";
  }
}

/**
 * tooNewLine is the go command's error line for a module needing a newer Go: what needs
 * it (err.what unless given), and the GOTOOLCHAIN setting when that forbids switching.
 */
export function tooNewLine(options: TidyOptions, err: TooNewError, what?: string): string {
  return `go: ${err.text(options.settings.values.GOTOOLCHAIN, what)}`;
}

/**
 * GraphTooNew is a module graph that could not be read because a module in it needs a
 * newer Go: the error to report, and the first module on the requirement path to it.
 */
export interface GraphTooNew {
  error: TidyErrors;
  /** The main module's requirement that leads to the module (null when none does). */
  first: ModuleVersion | null;
}

/**
 * graphTooNew recognises a BuildListError whose cause is a TooNewError and returns the
 * go command's report of it: its message alone, without the requirement chain (naming
 * the module only when the main module requires it directly). Any other error gives null.
 */
export function graphTooNew(options: TidyOptions, err: unknown): GraphTooNew | null {
  if (!(err instanceof BuildListError) || !(err.cause instanceof TooNewError)) return null;
  const path = err.chain.filter((m) => m.version !== "");
  const what = path.length === 1 ? `${err.module.path}@${err.module.version}` : undefined;
  return { error: new TidyErrors([tooNewLine(options, err.cause, what)], [err.cause]), first: path[0] ?? null };
}
