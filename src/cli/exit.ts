// The exit status of a run, decided here and nowhere else, from what each module's run
// came to (an Outcome) and from the typed errors that end a run early.
//
//   outcome                                     tidy   -diff   --check   --dry-run
//   tidy, or tidied (or a command that worked)    0      0        0          0
//   not tidy (changes found, none written)        -      1        1          0
//   failed as go fails (go's error)               1      1        2          2
//   failed in a way of gotidy-ts's own            2      2        2          2
//   bad usage (flags, arguments, commands)        2, whatever the mode (a GOFLAGS go
//                                                 refuses: go's own status, 1 or 2)
//
// Where gotidy-ts does what go mod tidy does (tidying, -diff), an error has go's status
// 1. --check and --dry-run give every error 2, so that a CI job tells "not tidy" (1) from
// "could not tell" (2). Failures of gotidy-ts's own are those go has no counterpart for:
// --offline needing the network, the Go parser failing to load, an internal error (a
// bug), and --recursive finding no module or a go.work it cannot read. With --recursive the status is the worst of the
// modules' (2 over 1 over 0).

import type { ErrorClass } from "./report.js";

export type Mode = "tidy" | "diff" | "check" | "dry-run";

/** What one module's run (or a command) came to. */
export type Outcome =
  | { kind: "ok" }
  | { kind: "untidy" }
  /** own: a failure of gotidy-ts's own (see the table above), not one go reports too. */
  | { kind: "failed"; own: boolean };

/**
 * UsageError is a command line that cannot run; its message is printed as is. Its status
 * is 2, or the go command's own for a GOFLAGS that go refuses (GoSettingError.exitCode).
 */
export class UsageError extends Error {
  constructor(message: string, readonly status: 1 | 2 = 2) {
    super(message);
    this.name = "UsageError";
  }
}

export const ok: Outcome = { kind: "ok" };
export const untidy: Outcome = { kind: "untidy" };

/**
 * failed is the outcome of an error of class cls: own when the caller knows it is one of
 * gotidy-ts's own failures, and always for the offline and internal classes.
 */
export function failed(cls: ErrorClass, own = false): Outcome {
  return { kind: "failed", own: own || cls === "offline" || cls === "internal" };
}

/** exitStatus is the status of an outcome in a mode (see the table above). */
export function exitStatus(outcome: Outcome, mode: Mode = "tidy"): 0 | 1 | 2 {
  switch (outcome.kind) {
    case "ok":
      return 0;
    case "untidy":
      return mode === "dry-run" ? 0 : 1;
    case "failed":
      return outcome.own || mode === "check" || mode === "dry-run" ? 2 : 1;
  }
}

/** worstStatus is the status of a run of several modules: the highest of theirs (0 for none). */
export function worstStatus(statuses: readonly number[]): number {
  return statuses.reduce((a, b) => Math.max(a, b), 0);
}

/**
 * errorExitStatus is the status of an error that ended the run before its modules gave
 * an outcome: 0 after --help and --version (commander's way of ending there), a usage
 * error's status (2, or go's for a GOFLAGS it refuses), and 2 for anything else, which
 * is a bug.
 */
export function errorExitStatus(e: unknown): 0 | 1 | 2 {
  if (isCommanderError(e)) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof UsageError) return e.status;
  return 2;
}

/**
 * isCommanderError tells commander's CommanderError (and its subclasses) by what it
 * carries, a "commander." code and an exit code, so that telling one needs no loading of
 * commander: the command line loads it only to parse a tidy command line or print help.
 */
export function isCommanderError(e: unknown): e is Error & { code: string; exitCode: number } {
  const fields = e as { code?: unknown; exitCode?: unknown } | null;
  return e instanceof Error && typeof fields?.code === "string" && fields.code.startsWith("commander.") && typeof fields.exitCode === "number";
}
