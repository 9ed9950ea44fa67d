// The Go parser is loaded only by a run that tidies a module: with web-tree-sitter
// missing (test/support/no-parser-hook.mjs), --help, --version and usage errors work as
// always, and a tidy run fails with one line and exit 2.
// Runs bin/gotidy-ts.js as built from the current sources (test/support/cli.ts): no build needed first.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliArgs } from "../support/cli.js";
import { root } from "../support/paths.js";

const hook = join(root, "test", "support", "no-parser-hook.mjs");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-parser-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
writeFileSync(join(scratch, "go.mod"), "module example.com/m\n\ngo 1.21\n");
writeFileSync(join(scratch, "m.go"), "package m\n\nimport _ \"fmt\"\n");

function run(args: string[], withoutParser = true) {
  const node = withoutParser ? ["--import", hook] : [];
  const r = spawnSync(process.execPath, [...node, ...cliArgs(args)], {
    cwd: scratch, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", GOFLAGS: "", GOPROXY: "off" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("loading the Go parser", () => {
  it("is not needed for --version, --help or a usage error", () => {
    const version = run(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: gotidy-ts");
    const usage = run(["--check", "--diff"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^gotidy-ts: .*cannot be used together\n$/);
  });

  it("is needed to tidy: without it, one line saying what and what to do, and exit 2", () => {
    for (const args of [[], ["--check"], ["-r", "."]]) {
      const r = run(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^gotidy-ts: cannot load the Go parser \(web-tree-sitter\): Cannot find package 'web-tree-sitter'.* \(reinstall gotidy-ts: [^\n]*\)\n$/);
    }
    const json = run(["--check", "--json"]);
    expect(json.status).toBe(2);
    expect(JSON.parse(json.stdout).modules[0].errors[0].class).toBe("setup");
  });

  it("tidies the same module when the parser loads", () => {
    const r = run(["--check"], false);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
