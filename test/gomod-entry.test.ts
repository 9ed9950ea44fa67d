// The light entry point, gotidy-ts/gomod (src/gomod.ts, package.json "exports"): go.mod,
// go.sum and go.work work through it loads neither the HTTP client (undici) nor the Go
// parser (web-tree-sitter), nor the command line's packages, nor the code that fetches,
// scans or tidies. The child processes import the package by its name, as a user does,
// from the package that vitest's global setup built from src/ for this run.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, inject, it } from "vitest";
import * as full from "../src/index.js";
import * as light from "../src/gomod.js";
// @ts-expect-error: a plain JavaScript module, shared with the child processes
import { goModWork } from "./support/gomod-work.mjs";

const root = join(__dirname, "..");
const hook = join(root, "test", "support", "deny-packages-hook.mjs");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-gomod-entry-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const work = join(root, "test", "support", "gomod-work.mjs");
const heavy = ["undici", "web-tree-sitter", "commander", "chalk"];

function runChild(entry: string, script: string, name: string) {
  const log = join(scratch, `${name}.log`);
  const r = spawnSync(process.execPath, ["--import", hook, "--input-type=module", "-e", `const m = await import(${JSON.stringify(entry)});\n${script}`], {
    cwd: inject("builtPackage"), encoding: "utf8", env: { ...process.env, GOTIDY_TEST_DENY: heavy.join(","), GOTIDY_TEST_LOG: log },
  });
  let loaded: string[] = [];
  try {
    loaded = readFileSync(log, "utf8").split("\n").filter(Boolean);
  } catch {
    // nothing was resolved
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

describe("gotidy-ts/gomod", () => {
  it("does go.mod, go.sum and go.work work without loading undici, web-tree-sitter or the CLI's packages", () => {
    const script = `const { goModWork } = await import(${JSON.stringify(pathToFileURL(work).href)});\nconsole.log(JSON.stringify(goModWork(m)));`;
    const r = runChild("gotidy-ts/gomod", script, "light");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    // the same answers as the full entry point's functions, in this process
    expect(JSON.parse(r.stdout)).toEqual(goModWork(full));
    expect(JSON.parse(r.stdout).error).toMatch(/^GoModErrorList: go\.mod:2\b.*unknown directive: foo$/);
    // what it loaded: the package's go.mod and module code, and no package from node_modules (zips are read with node:zlib)
    const packages = new Set(r.loaded.filter((u) => u.includes("/node_modules/")).map((u) => u.replace(/.*\/node_modules\/((@[^/]+\/)?[^/]+).*/, "$1")));
    expect([...packages]).toEqual([]);
    const dirs = new Set(r.loaded.filter((u) => u.includes("/dist/")).map((u) => u.replace(/.*\/dist\//, "").split("/")[0]));
    for (const dir of ["cli", "fetch", "scan", "load", "mvs", "tidy", "settings"]) expect(dirs, dir).not.toContain(dir);
    expect(dirs).toContain("modfile");
  });

  it("is a test that fails when the heavy packages are loaded: the full entry point's scanner needs web-tree-sitter", () => {
    const r = runChild("gotidy-ts", "await m.createScanner();", "full");
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Cannot find package 'web-tree-sitter' (denied by the test)");
  });

  it("exports a subset of the full entry point, the same functions and classes", () => {
    const names = Object.keys(light);
    expect(names).toEqual(expect.arrayContaining(["parseGoMod", "formatGoMod", "parseGoSum", "formatGoSum", "hashGoMod", "hashZip", "parseGoWork", "semver"]));
    for (const name of names) {
      if (name === "semver") expect(light.semver).toEqual(full.semver);
      else expect((light as Record<string, unknown>)[name], name).toBe((full as Record<string, unknown>)[name]);
    }
  });

  it("is in package.json's exports, with its declarations (npm run test:install checks that they are packed)", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.exports["./gomod"]).toEqual({ types: "./dist/gomod.d.ts", default: "./dist/gomod.js" });
  });
});
