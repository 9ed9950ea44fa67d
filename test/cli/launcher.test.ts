// bin/gotidy-ts.js, the launcher: in an installation that was never built (an install from
// git whose prepare script did not run has no dist/), or whose built files cannot be loaded,
// it says so in one line, without a stack trace, and exits 2; it keeps V8's young
// generation from growing, and WebAssembly on V8's baseline compiler.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bin } from "../support/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-launcher-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** install makes a package directory holding the launcher (and its package.json) and package.json, and no dist/. */
function install(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(join(dir, "bin"), { recursive: true });
  copyFileSync(bin, join(dir, "bin", "gotidy-ts.js"));
  copyFileSync(join(dirname(bin), "package.json"), join(dir, "bin", "package.json"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "gotidy-ts", type: "module" }));
  return dir;
}

const start = (dir: string) => spawnSync(process.execPath, [join(dir, "bin", "gotidy-ts.js"), "--version"], { encoding: "utf8" });

describe("bin/gotidy-ts.js", () => {
  it("in an installation without dist/: one line saying so and what to do, exit 2", () => {
    const r = start(install("unbuilt"));
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^gotidy-ts: cannot start: this installation was never built \(no dist\/\) \(reinstall gotidy-ts: [^\n]+\)\n$/);
    expect(r.status).toBe(2);
  });

  it("when the built command line cannot load a package: one line naming it, exit 2", () => {
    const dir = install("missing-package");
    mkdirSync(join(dir, "dist", "cli"), { recursive: true });
    writeFileSync(join(dir, "dist", "cli", "gotidy-ts.cjs"), 'require("some-package-that-is-not-installed");\nexports.run = () => {};\n');
    const r = start(dir);
    expect(r.stderr).toMatch(/^gotidy-ts: cannot start: Cannot find module 'some-package-that-is-not-installed'[^\n]* \(reinstall gotidy-ts: [^\n]+\)\n$/);
    expect(r.status).toBe(2);
  });

  it("starts the built command line", () => {
    const r = spawnSync(process.execPath, [bin, "--version"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(r.status).toBe(0);
  });

  it("keeps V8's young generation small (a few MB, not 32), however much of it survives", () => {
    // A preloaded script, run before the launcher, that at exit makes objects of which many
    // survive collections (what makes V8 grow the space), then reports the space's size.
    const probe = join(scratch, "young-generation.cjs");
    writeFileSync(probe, `
      const v8 = require("node:v8");
      const size = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size;
      const first = size();
      process.on("exit", () => {
        let kept = [];
        for (let i = 0; i < 2e6; i++) {
          kept.push({ i, s: "x" + i });
          if (kept.length > 3e5) kept = [];
        }
        process.stderr.write(JSON.stringify({ first, last: size() }) + "\\n");
      });
    `);
    const r = spawnSync(process.execPath, ["--require", probe, bin, "--version"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const { first, last } = JSON.parse(r.stderr.trim().split("\n").pop()!) as { first: number; last: number };
    expect(last).toBeLessThanOrEqual(Math.max(2 * first, 4 << 20));
    // Without the launcher's setting, the same objects grow it well past that.
    const plain = spawnSync(process.execPath, ["--require", probe, "-e", "0"], { encoding: "utf8" });
    const grown = JSON.parse(plain.stderr.trim()) as { first: number; last: number };
    expect(grown.last).toBeGreaterThanOrEqual(16 << 20);
  });

  it("keeps WebAssembly on V8's baseline compiler (Liftoff), where plain node optimizes a hot function", () => {
    // A preloaded script (with V8's test functions) that at exit calls a tiny WebAssembly
    // function until V8 has optimized it or a large number of calls is made, then reports
    // which compiler's code it runs.
    const probe = join(scratch, "wasm-tier.cjs");
    writeFileSync(probe, `
      // (module (func (export "f") (param i32) (result i32) local.get 0 i32.const 1 i32.add))
      const bytes = new Uint8Array([0,97,115,109,1,0,0,0,1,6,1,96,1,127,1,127,3,2,1,0,7,5,1,1,102,0,0,10,9,1,7,0,32,0,65,1,106,11]);
      process.on("exit", () => {
        const f = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports.f;
        let x = 0;
        for (let round = 0; round < 5000 && !%IsTurboFanFunction(f); round++) for (let i = 0; i < 10000; i++) x = f(x);
        process.stderr.write(JSON.stringify({ liftoff: %IsLiftoffFunction(f), optimized: %IsTurboFanFunction(f) }) + "\\n");
      });
    `);
    const report = (args: string[]) => {
      const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--require", probe, ...args], { encoding: "utf8" });
      expect(r.status).toBe(0);
      return JSON.parse(r.stderr.trim().split("\n").pop()!) as { liftoff: boolean; optimized: boolean };
    };
    expect(report([bin, "--version"])).toEqual({ liftoff: true, optimized: false });
    expect(report(["-e", "0"])).toEqual({ liftoff: false, optimized: true });
  });

  it("lets JavaScript run about four times as long as plain node before optimizing it", () => {
    // A preloaded script (with V8's test functions) that at exit calls a small function
    // until V8 has optimized it (TurboFan), then reports the number of calls; V8 compiles
    // on the main thread here, so that the count does not depend on its threads' timing.
    const probe = join(scratch, "js-tier.cjs");
    writeFileSync(probe, `
      process.on("exit", () => {
        function f(a) { let s = 0; for (let i = 0; i < 20; i++) s += (a ^ i) & 7; return s; }
        let calls = 0;
        while (calls < 1e6 && !(%GetOptimizationStatus(f) & 64)) f(calls++);
        process.stderr.write(JSON.stringify({ calls }) + "\\n");
      });
    `);
    const calls = (args: string[]) => {
      const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--no-concurrent-recompilation", "--require", probe, ...args], { encoding: "utf8" });
      expect(r.status).toBe(0);
      return (JSON.parse(r.stderr.trim().split("\n").pop()!) as { calls: number }).calls;
    };
    const plain = calls(["-e", "0"]);
    const launched = calls([bin, "--version"]);
    expect(plain).toBeLessThan(1e6);
    expect(launched).toBeLessThan(1e6);
    expect(launched).toBeGreaterThanOrEqual(3 * plain);
  });
});
