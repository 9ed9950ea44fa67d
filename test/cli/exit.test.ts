// The exit statuses, as the README's table gives them, from the one function that decides them.

import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { errorExitStatus, exitStatus, failed, Mode, ok, untidy, UsageError, worstStatus } from "../../src/cli/exit.js";

describe("exitStatus", () => {
  const modes: Mode[] = ["tidy", "diff", "check", "dry-run"];
  const table: [string, ReturnType<typeof failed>, number[]][] = [
    ["tidy", ok, [0, 0, 0, 0]],
    ["not tidy", untidy, [1, 1, 1, 0]],
    ["go's error (a package not found)", failed("not-found"), [1, 1, 2, 2]],
    ["go's error (go.mod does not parse)", failed("parse"), [1, 1, 2, 2]],
    ["go.mod cannot be written", failed("write"), [1, 1, 2, 2]],
    ["--offline needing the network", failed("offline"), [2, 2, 2, 2]],
    ["an internal error", failed("internal"), [2, 2, 2, 2]],
    ["-r finding no module", failed("no-module", true), [2, 2, 2, 2]],
  ];
  for (const [what, outcome, want] of table) {
    it(`${what}: ${want.join(" ")}`, () => {
      // "not tidy" is not an outcome of tidying (it writes); its column is shown for completeness.
      expect(modes.map((m) => exitStatus(outcome, m))).toEqual(want);
    });
  }

  it("is the worst of several modules', 0 for none", () => {
    expect(worstStatus([0, 1, 0])).toBe(1);
    expect(worstStatus([1, 2, 0])).toBe(2);
    expect(worstStatus([])).toBe(0);
  });

  it("is 0 after --help or --version, 2 for bad usage and for a bug", () => {
    expect(errorExitStatus(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)"))).toBe(0);
    expect(errorExitStatus(new CommanderError(1, "commander.unknownOption", "error: unknown option '-frob'"))).toBe(2);
    expect(errorExitStatus(new UsageError("gotidy-ts: --check and -diff cannot be used together"))).toBe(2);
    expect(errorExitStatus(new TypeError("x is undefined"))).toBe(2);
  });
});
