// Module path and version functions against answers recorded from golang.org/x/mod
// (test/scripts/record-module.mjs over testdata/module/inputs.txt).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { matchPrefixPatterns } from "../../src/fetch/glob.js";
import { compareGoVersions, goLang, isValidGoVersion } from "../../src/module/gover.js";
import {
  canonicalVersion, checkFilePath, checkImportPath, checkPath, checkPathMajor, escapePath,
  semver, splitPathVersion, unescapePath,
} from "../../src/index.js";

interface Recorded {
  Versions: { Version: string; Canonical: string; Major: string; MajorMinor: string; Prerelease: string; Build: string; ModuleCanonical: string; Valid: boolean }[];
  Compares: { A: string; B: string; Cmp: number }[];
  Paths: { Path: string; CheckPath: string; CheckImportPath: string; CheckFilePath: string; Prefix: string; PathMajor: string; Escaped: string; EscapeErr: string; SplitOK: boolean }[];
  Majors: { Version: string; PathMajor: string; Err: string }[];
  Globs: { Globs: string; Target: string; Match: boolean }[];
  GoVersions: { A: string; B: string; Cmp: number; LangA: string; ValidA: boolean }[];
}

const rec: Recorded = JSON.parse(readFileSync(join(__dirname, "..", "..", "testdata", "module", "recorded.json"), "utf8"));

function errorText(fn: () => unknown): string {
  try {
    fn();
    return "";
  } catch (e) {
    return (e as Error).message;
  }
}

describe("semver as golang.org/x/mod/semver", () => {
  it("has recorded inputs", () => expect(rec.Versions.length).toBeGreaterThan(30));
  for (const v of rec.Versions) {
    it(`parses ${JSON.stringify(v.Version)}`, () => {
      expect({
        valid: semver.isValid(v.Version), canonical: semver.canonical(v.Version), major: semver.major(v.Version),
        majorMinor: semver.majorMinor(v.Version), prerelease: semver.prerelease(v.Version), build: semver.build(v.Version),
        moduleCanonical: canonicalVersion(v.Version),
      }).toEqual({
        valid: v.Valid, canonical: v.Canonical, major: v.Major, majorMinor: v.MajorMinor,
        prerelease: v.Prerelease, build: v.Build, moduleCanonical: v.ModuleCanonical,
      });
    });
  }
  it(`compares all ${rec.Compares.length} pairs`, () => {
    const wrong = rec.Compares.filter((c) => semver.compare(c.A, c.B) !== c.Cmp);
    expect(wrong).toEqual([]);
  });
});

describe("module paths as golang.org/x/mod/module", () => {
  for (const p of rec.Paths) {
    it(`checks ${JSON.stringify(p.Path)}`, () => {
      const split = splitPathVersion(p.Path);
      expect({
        checkPath: errorText(() => checkPath(p.Path)),
        checkImportPath: errorText(() => checkImportPath(p.Path)),
        checkFilePath: errorText(() => checkFilePath(p.Path)),
        prefix: split.prefix, pathMajor: split.pathMajor, ok: split.ok,
        escapeErr: errorText(() => escapePath(p.Path)),
      }).toEqual({
        checkPath: p.CheckPath, checkImportPath: p.CheckImportPath, checkFilePath: p.CheckFilePath,
        prefix: p.Prefix, pathMajor: p.PathMajor, ok: p.SplitOK, escapeErr: p.EscapeErr,
      });
      if (!p.EscapeErr) {
        expect(escapePath(p.Path)).toBe(p.Escaped);
        expect(unescapePath(p.Escaped)).toBe(p.Path);
      }
    });
  }
  for (const m of rec.Majors) {
    it(`matches ${m.Version} against ${JSON.stringify(m.PathMajor)}`, () => {
      expect(errorText(() => checkPathMajor(m.Version, m.PathMajor))).toBe(m.Err);
    });
  }
});

describe("GOPRIVATE-style globs as module.MatchPrefixPatterns", () => {
  it("has recorded cases", () => expect(rec.Globs.length).toBeGreaterThan(20));
  for (const g of rec.Globs) {
    it(`${JSON.stringify(g.Globs)} against ${g.Target}`, () => {
      expect(matchPrefixPatterns(g.Globs, g.Target)).toBe(g.Match);
    });
  }
});

describe("Go release versions as go/version", () => {
  it(`compares all ${rec.GoVersions.length} pairs`, () => {
    expect(rec.GoVersions.length).toBeGreaterThan(400);
    const wrong = rec.GoVersions.filter((g) => compareGoVersions(g.A, g.B) !== g.Cmp);
    expect(wrong).toEqual([]);
  });
  it("knows which versions are valid and their language versions", () => {
    const seen = new Set<string>();
    for (const g of rec.GoVersions) {
      if (seen.has(g.A)) continue;
      seen.add(g.A);
      expect([g.A, isValidGoVersion(g.A)]).toEqual([g.A, g.ValidA]);
      if (g.ValidA) expect([g.A, "go" + goLang(g.A)]).toEqual([g.A, g.LangA]);
    }
    expect(seen.size).toBeGreaterThan(20);
  });
});
