// The gotidy-ts executable against `go mod tidy`'s recorded output where tidy fails
// before loading (testdata/cli, recorded by test/scripts/record-gomod.mjs).
// Runs bin/gotidy-ts.js, so the package must be built (npm install builds it).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function runIn(cwd: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function materialize(name: string, files: { name: string; data: string }[]): string {
  const dir = join(scratch, name);
  for (const f of files) {
    if (f.name === "cwd" || f.name.startsWith("want/")) continue;
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.data);
  }
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
      const r = runIn(cwd);
      expect(r.stderr).toBe(txtarFile(archive, "want/stderr"));
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

  it("accepts go's flag spellings and names the module directory", () => {
    const dir = materialize("flags", [{ name: "m/go.mod", data: "module example.com/m\n\ngo 1.21\n" }]);
    const r = runIn(dir, ["-e", "-v", "-diff", "-go=1.21", "--compat", "1.20", "m"]);
    // Until the loader exists, a clean module ends in a clear refusal, not a silent success.
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot tidy yet/);
  });

  it("rejects an unknown flag with usage status 2", () => {
    const r = runIn(scratch, ["-frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});
