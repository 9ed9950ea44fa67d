// GOFLAGS and GO111MODULE as go mod tidy applies them. The go command's own words for each
// refusal are pinned by the recorded scenarios testdata/scenarios/goenv-*.txtar; these
// cover the splitting and each flag form.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { GoSettingError } from "../../src/settings/errors.js";
import { splitGoFlags, tidyGoFlags } from "../../src/settings/goflags.js";
import { checkModuleMode, unsetHint } from "../../src/settings/module-mode.js";
import { resolveSettings } from "../../src/settings/resolve.js";

const settings = (env: Record<string, string>) => resolveSettings({ PATH: "", GOENV: "off", ...env }, "");

function refusal(f: () => unknown): GoSettingError {
  try {
    f();
  } catch (e) {
    if (e instanceof GoSettingError) return e;
    throw e;
  }
  throw new Error("no GoSettingError thrown");
}

describe("splitGoFlags", () => {
  it("splits at spaces and takes quoted words whole", () => {
    expect(splitGoFlags(" -e\t-v\n'-ldflags=-s -w' \"-tags=a b\"  ")).toEqual(["-e", "-v", "-ldflags=-s -w", "-tags=a b"]);
    expect(splitGoFlags("")).toEqual([]);
    expect(splitGoFlags("-x='a b'")).toEqual(["-x='a", "b'"]); // quotes count only at a word's start
  });
  it("refuses an unterminated quote", () => {
    expect(() => splitGoFlags("-e \"-v")).toThrow('unterminated " string');
  });
});

describe("tidyGoFlags", () => {
  it("sets go mod tidy's flags, in order, and passes over other commands' flags", () => {
    expect(tidyGoFlags(settings({ GOFLAGS: "-e --v -x=true -diff=0 -go=1.22 --compat=1.21 -modcacherw -mod=mod -trimpath -e=F" }))).toEqual({
      e: false, v: true, x: true, diff: false, go: "1.22", compat: "1.21", modcacherw: true,
    });
    expect(tidyGoFlags(settings({}))).toEqual({});
  });
  it("refuses what the go command refuses, with its exit status", () => {
    const cases: [string, string, number][] = [
      ["e", 'parsing $GOFLAGS: non-flag "e"', 1],
      ["-e -", 'parsing $GOFLAGS: non-flag "-"', 1],
      ["---e", 'parsing $GOFLAGS: non-flag "---e"', 1],
      ["-=x", 'parsing $GOFLAGS: non-flag "-=x"', 1],
      ["'-e", "parsing $GOFLAGS: unterminated ' string", 1],
      ["-v=yes", 'invalid boolean value "yes" for flag -v (from $GOFLAGS): parse error', 2],
      ["--diff=maybe", 'invalid boolean value "maybe" for flag -diff (from $GOFLAGS): parse error', 2],
      ["-go", "flag needs an argument: -go (from $GOFLAGS)", 2],
      ["-compat=1.99", 'invalid value "1.99" for flag -compat (from $GOFLAGS): maximum supported Go version is 1.26.8', 2],
      ["-go=", 'invalid value "" for flag -go (from $GOFLAGS): expecting a Go version like "1.26.8"', 2],
      ["-C=dir", 'invalid value "dir" for flag -C (from $GOFLAGS): -C flag must be first flag on command line', 2],
    ];
    for (const [goflags, message, status] of cases) {
      const err = refusal(() => tidyGoFlags(settings({ GOFLAGS: goflags })));
      expect([goflags, err.message, err.exitCode, err.showUsage, err.setting]).toEqual([goflags, message, status, status === 2, "GOFLAGS"]);
    }
  });
});

describe("checkModuleMode", () => {
  it("allows module mode and refuses GO111MODULE=off or an unknown value", () => {
    for (const v of ["", "on", "auto"]) expect(() => checkModuleMode(settings({ GO111MODULE: v }))).not.toThrow();
    const off = refusal(() => checkModuleMode(settings({ GO111MODULE: "off" })));
    expect([off.message, off.exitCode, off.source]).toEqual(["modules disabled by GO111MODULE=off; see 'go help modules'", 1, "environment"]);
    expect(refusal(() => checkModuleMode(settings({ GO111MODULE: "On" }))).message).toBe("unknown environment setting GO111MODULE=On");
  });
  it("says how to clear a setting where it was set", () => {
    expect(unsetHint("GO111MODULE", settings({ GO111MODULE: "off" }))).toBe("unset GO111MODULE");
    const file = join(mkdtempSync(join(tmpdir(), "gotidy-goflags-test-")), "env");
    writeFileSync(file, "GO111MODULE=off\n");
    const fromFile = resolveSettings({ PATH: "", GOENV: file }, "");
    expect(refusal(() => checkModuleMode(fromFile)).source).toBe("go env file");
    expect(unsetHint("GO111MODULE", fromFile)).toBe(`run 'go env -u GO111MODULE' (it is set in ${file})`);
    rmSync(dirname(file), { recursive: true, force: true });
  });
});
