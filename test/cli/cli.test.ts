// The gotidy-ts executable against `go mod tidy`'s recorded output where tidy fails
// before loading (testdata/cli, recorded by test/scripts/record-gomod.mjs).
// Runs bin/gotidy-ts.js as built from the current sources (test/support/cli.ts): no build needed first.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { cliArgs } from "../support/cli.js";
import { root } from "../support/paths.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runIn(cwd: string, args: string[] = []) {
  const r = spawnSync(process.execPath, cliArgs(args), { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function materialize(name: string, files: { name: string; data: string }[]): string {
  const dir = join(scratch, name);
  writeTxtarFiles(dir, files.filter((f) => f.name !== "cwd" && f.name !== "flags" && !f.name.startsWith("want/")));
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("gotidy-ts against go mod tidy", () => {
  const dir = join(root, "testdata", "cli");
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded cases", () => expect(names.length).toBeGreaterThanOrEqual(5));
  for (const n of names) {
    it(n.slice(0, -6), () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const base = materialize(n.slice(0, -6), archive.files);
      const cwd = join(base, (txtarFile(archive, "cwd") ?? "").trim());
      const r = runIn(cwd, (txtarFile(archive, "flags") ?? "").split("\n").filter(Boolean));
      // The recorder writes paths below the case's directory relative to it.
      expect(r.stderr.split(base + "/").join("")).toBe(txtarFile(archive, "want/stderr"));
      expect(`${r.status}\n`).toBe(txtarFile(archive, "want/status"));
    });
  }
});

describe("gotidy-ts", () => {
  it("prints its version", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const r = runIn(root, ["--version"]);
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.status).toBe(0);
  });

  it("tidies the module named on the command line, leaving a tidy go.mod untouched", () => {
    const gomod = "module example.com/m\n\ngo 1.21\n";
    const dir = materialize("flags", [{ name: "m/go.mod", data: gomod }, { name: "m/m.go", data: "package m\n\nimport _ \"fmt\"\n" }]);
    const r = runIn(dir, ["-v", "-x", "m"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "m", "go.mod"), "utf8")).toBe(gomod);
  });

  it("rejects an unknown flag with usage status 2", () => {
    const r = runIn(scratch, ["-frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});

describe("gotidy-ts -diff", () => {
  it("prints nothing and exits 0 for a tidy module", () => {
    const dir = materialize("diff-clean", [{ name: "go.mod", data: "module example.com/m\n\ngo 1.21\n" }, { name: "m.go", data: "package m\n" }]);
    const r = runIn(dir, ["-diff"]);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
  });

  it("shows no formatting-only change, as go's -diff, though tidy itself rewrites it", () => {
    const gomod = "module example.com/m\ngo 1.21\n";
    const dir = materialize("diff-format", [{ name: "go.mod", data: gomod }, { name: "m.go", data: "package m\n" }]);
    expect(runIn(dir, ["-diff"])).toMatchObject({ status: 0, stdout: "" });
    expect(readFileSync(join(dir, "go.mod"), "utf8")).toBe(gomod);
    expect(runIn(dir, [])).toMatchObject({ status: 0, stderr: "" });
    expect(readFileSync(join(dir, "go.mod"), "utf8")).toBe("module example.com/m\n\ngo 1.21\n");
  });

  it("prints the diff, writes nothing and exits 1 for an untidy module", () => {
    const gomod = "module example.com/m\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n";
    const dir = materialize("diff-untidy", [{ name: "go.mod", data: gomod }, { name: "m.go", data: "package m\n" }, { name: "gone/go.mod", data: "module example.com/gone\n" }]);
    writeFileSync(join(dir, "go.mod"), gomod + "\nreplace example.com/gone => ./gone\n");
    const r = runIn(dir, ["-diff"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("diff current/go.mod tidy/go.mod\n--- current/go.mod\n+++ tidy/go.mod\n@@ -2,6 +2,4 @@\n \n go 1.21\n \n-require example.com/gone v1.0.0\n-\n replace example.com/gone => ./gone\n\n");
    expect(readFileSync(join(dir, "go.mod"), "utf8")).toBe(gomod + "\nreplace example.com/gone => ./gone\n");
  });
});

describe("gotidy-ts end to end against a proxy", () => {
  for (const scenario of ["indirect-added", "query-found", "unused-removed", "query-no-module"]) {
    it(`writes what go mod tidy wrote: ${scenario}`, async () => {
      const archive = parseTxtar(readFileSync(join(root, "testdata", "scenarios", scenario + ".txtar"), "utf8"));
      const { startArchiveProxy } = await import("../support/fake-proxy.js");
      const proxy = await startArchiveProxy(archive.files);
      const dir = materialize(`e2e-${scenario}`, archive.files.filter((f) => !f.name.startsWith("proxy/")));
      const { spawn } = await import("node:child_process");
      const r = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const p = spawn(process.execPath, cliArgs(["-v"]), {
          cwd: dir,
          env: { PATH: process.env.PATH, HOME: dir, GOPROXY: proxy.url, GOSUMDB: "off", GOFLAGS: "-modcacherw", GOMODCACHE: join(dir, ".modcache"), GOENV: "off", NO_COLOR: "1" },
        });
        let stderr = "";
        p.stderr.on("data", (c) => (stderr += c));
        p.on("close", (status) => resolve({ status, stderr }));
      });
      await proxy.close();
      const want = (txtarFile(archive, "want/stderr") ?? "").split(proxy.url).join("$PROXY");
      expect(`${r.status}\n`).toBe(txtarFile(archive, "want/status"));
      expect(readFileSync(join(dir, "go.mod"), "utf8")).toBe(txtarFile(archive, "want/go.mod"));
      const sum = join(dir, "go.sum");
      if (txtarFile(archive, "want/no-go.sum") !== undefined) expect(existsSync(sum)).toBe(false);
      else expect(readFileSync(sum, "utf8")).toBe(txtarFile(archive, "want/go.sum"));
      const lines = (s: string) => s.split(/\n(?=\S)/).filter(Boolean).map((l) => l.split(proxy.url).join("$PROXY")).sort();
      const got = r.stderr.split("\n").filter((l) => !l.startsWith("unused ")).join("\n");
      expect(lines(got)).toEqual(lines(want));
      new ModuleCache(join(dir, ".modcache")).removeTree(join(dir, ".modcache"));
    });
  }
});
