// go.mod edits against outputs recorded from `go mod edit` (flags in the "args" file)
// and requirement layouts recorded from `go mod tidy` (test/scripts/record-gomod.mjs).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  addExclude, addReplace, addRequire, dropExclude, dropGoVersion, dropReplace, dropRequire,
  dropToolchain, formatGoMod, GoModFile, parseGoMod, semver, setGoVersion, setModulePath,
  setRequire, setRequireSeparateIndirect, setToolchain,
} from "../../src/index.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const data = join(__dirname, "..", "..", "testdata", "gomod");

function archives(kind: string) {
  const dir = join(data, kind);
  return readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort()
    .map((n) => ({ name: n.slice(0, -6), archive: parseTxtar(readFileSync(join(dir, n), "utf8")) }));
}

function splitAt(s: string): [string, string] {
  const i = s.lastIndexOf("@");
  return i < 0 ? [s, ""] : [s.slice(0, i), s.slice(i + 1)];
}

/** applyEditFlags applies `go mod edit` flags in the order the go command does. */
function applyEditFlags(f: GoModFile, args: string[]): void {
  const flags = args.map((a) => {
    const m = /^-(\w+)=(.*)$/.exec(a);
    if (!m) throw new Error(`unsupported flag ${a}`);
    return { name: m[1], value: m[2] };
  });
  const first = (name: string) => flags.find((x) => x.name === name)?.value;
  const mod = first("module");
  if (mod) setModulePath(f, mod);
  const go = first("go");
  if (go === "none") dropGoVersion(f);
  else if (go) setGoVersion(f, go);
  const toolchain = first("toolchain");
  if (toolchain === "none") dropToolchain(f);
  else if (toolchain) setToolchain(f, toolchain);
  for (const { name, value } of flags) {
    switch (name) {
      case "require": {
        const [p, v] = splitAt(value);
        addRequire(f, p, v);
        break;
      }
      case "droprequire":
        dropRequire(f, value);
        break;
      case "exclude":
        addExclude(f, ...splitAt(value));
        break;
      case "dropexclude":
        dropExclude(f, ...splitAt(value));
        break;
      case "replace": {
        const eq = value.indexOf("=");
        const [op, ov] = splitAt(value.slice(0, eq));
        const [np, nv] = splitAt(value.slice(eq + 1));
        addReplace(f, { path: op, version: ov }, { path: np, version: nv });
        break;
      }
      case "dropreplace":
        dropReplace(f, ...splitAt(value));
        break;
      case "module": case "go": case "toolchain":
        break;
      default:
        throw new Error(`unsupported flag -${name}`);
    }
  }
}

describe("go mod edit", () => {
  const cases = archives("edit");
  it("has recorded cases", () => expect(cases.length).toBeGreaterThan(20));
  for (const { name, archive } of cases) {
    it(name, () => {
      const args = (txtarFile(archive, "args") ?? "").split("\n").filter(Boolean);
      const f = parseGoMod(txtarFile(archive, "go.mod")!, "go.mod");
      applyEditFlags(f, args);
      expect(formatGoMod(f)).toBe(txtarFile(archive, "want"));
    });
  }
});

describe("requirement layout written by go mod tidy", () => {
  const cases = archives("layout");
  it("has recorded cases", () => expect(cases.length).toBeGreaterThan(10));
  for (const { name, archive } of cases) {
    it(name, () => {
      const want = txtarFile(archive, "want/go.mod")!;
      const tidy = parseGoMod(want, "go.mod");
      const f = parseGoMod(txtarFile(archive, "go.mod")!, "go.mod");
      setGoVersion(f, tidy.go!.version);
      const reqs = tidy.require.map((r) => ({ path: r.mod.path, version: r.mod.version, indirect: r.indirect }));
      if (semver.compare("v" + tidy.go!.version, "v1.17") < 0) setRequire(f, reqs);
      else setRequireSeparateIndirect(f, reqs);
      expect(formatGoMod(f)).toBe(want);
    });
  }
});
