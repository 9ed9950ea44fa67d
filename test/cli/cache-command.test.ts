// gotidy-ts cache: where the cache is, what it holds, and clean.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cliArgs } from "../support/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-cache-command-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], extra: NodeJS.ProcessEnv = {}) {
  const env = { PATH: process.env.PATH, HOME: scratch, GOENV: "off", GOFLAGS: "", GOPROXY: "off", GOMODCACHE: join(scratch, "modcache"), ...extra };
  if (!("GOTIDYCACHE" in extra)) delete (env as NodeJS.ProcessEnv).GOTIDYCACHE;
  const r = spawnSync(process.execPath, cliArgs(args), { cwd: join(scratch, "m"), encoding: "utf8", env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

mkdirSync(join(scratch, "m"));
writeFileSync(join(scratch, "m", "go.mod"), "module example.com/m\n\ngo 1.21\n");
writeFileSync(join(scratch, "m", "m.go"), 'package m\n\nimport _ "fmt"\n');

describe("gotidy-ts cache", () => {
  it("shows the default location under the user cache directory, its size and entries, and cleans it", () => {
    const dir = join(scratch, "xdg", "gotidy-ts");
    const xdg = { XDG_CACHE_HOME: join(scratch, "xdg") };
    expect(run(["cache"], xdg)).toEqual({ status: 0, stdout: `location: ${dir}\nsize: 0 B (0 entries: 0 module, 0 dir, 0 check)\n`, stderr: "" });
    expect(run(["--check"], xdg).status).toBe(0);
    const filled = run(["cache", "--json"], xdg);
    const report = JSON.parse(filled.stdout) as { dir: string; bytes: number; entries: number; kinds: Record<string, number> };
    expect(report.dir).toBe(dir);
    expect(report.kinds.dir).toBe(1); // the module's one directory
    expect(report.bytes).toBeGreaterThan(0);
    expect(run(["cache", "clean"], xdg).stdout).toBe(`location: ${dir}\nsize: 0 B (0 entries: 0 module, 0 dir, 0 check)\n`);
  });

  it("follows GOTIDYCACHE, and says when the cache is off", () => {
    const dir = join(scratch, "elsewhere");
    expect(run(["cache"], { GOTIDYCACHE: dir }).stdout).toMatch(new RegExp(`^location: ${dir}\n`));
    expect(run(["cache"], { GOTIDYCACHE: "off" })).toEqual({ status: 0, stdout: "gotidy-ts cache: off\n", stderr: "" });
    expect(run(["cache"], { GOTIDYCACHE: "rel/dir" }).stdout).toBe("gotidy-ts cache: off (GOTIDYCACHE=rel/dir is not an absolute path)\n");
    expect(JSON.parse(run(["cache", "--json"], { GOTIDYCACHE: "off" }).stdout)).toMatchObject({ dir: null, setting: "off", entries: 0 });
  });

  it("refuses other arguments", () => {
    const r = run(["cache", "purge"], { GOTIDYCACHE: "off" });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("gotidy-ts cache: unexpected argument purge\nusage: gotidy-ts cache [clean] [--json]\n");
  });
});
