// Commands by the first argument, and directories everywhere else: run in this process
// against the current source, with an environment and working directory of the test's.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands.js";
import type { CliContext } from "../../src/cli/context.js";
import { dispatch, route } from "../../src/cli/dispatch.js";
import { packageVersion } from "../../src/cli/version.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-dispatch-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A working directory holding modules in directories named like commands, each untidy (no blank line before go). */
function workspace(): string {
  const dir = mkdtempSync(join(scratch, "ws-"));
  for (const name of ["doctor", "cache", "help"]) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "go.mod"), `module example.com/${name}\ngo 1.21\n`);
    writeFileSync(join(dir, name, "x.go"), "package x\n");
  }
  return dir;
}
const tidyGoMod = (name: string) => `module example.com/${name}\n\ngo 1.21\n`;

async function run(cwd: string, argv: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const ctx: CliContext = {
    cwd,
    home: cwd,
    env: { HOME: cwd, GOENV: "off", GOPROXY: "off", GOSUMDB: "off", GOFLAGS: "-modcacherw", GOMODCACHE: join(cwd, ".modcache"), GOTOOLCHAIN: "local", NO_COLOR: "1", ...env },
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
  };
  const status = await dispatch(argv, ctx);
  return { status, stdout, stderr };
}

describe("route", () => {
  it("takes a command only from the first argument", () => {
    const cases: [string[], string | null][] = [
      [["doctor"], "doctor"],
      [["cache", "clean"], "cache"],
      [["help", "version"], "help"],
      [["version"], "version"],
      [["--version"], "version"],
      [["--version", "."], null],
      [["-e", "--version"], null],
      [["./doctor"], null],
      [["doctor/"], null],
      [["-v", "doctor"], null],
      [["-r", "cache"], null],
      [["--", "doctor"], null],
      [["--check", "help"], null],
      [[], null],
    ];
    for (const [argv, want] of cases) expect([argv, route(argv).command?.name ?? null]).toEqual([argv, want]);
    expect(route(["cache", "clean", "-x"]).args).toEqual(["clean", "-x"]);
    expect(route(["-v", "doctor"]).args).toEqual(["-v", "doctor"]);
  });
});

describe("dispatch", () => {
  it("tidies a directory named like a command when it is named as a path", async () => {
    const ws = workspace();
    expect(await run(ws, ["./doctor"])).toEqual({ status: 0, stdout: "", stderr: "" });
    expect(readFileSync(join(ws, "doctor", "go.mod"), "utf8")).toBe(tidyGoMod("doctor"));
    expect(readFileSync(join(ws, "cache", "go.mod"), "utf8")).not.toBe(tidyGoMod("cache"));
  });

  it("takes such a word as a directory after a flag or after --", async () => {
    const ws = workspace();
    expect(await run(ws, ["-q", "cache"])).toMatchObject({ status: 0, stderr: "" });
    expect(readFileSync(join(ws, "cache", "go.mod"), "utf8")).toBe(tidyGoMod("cache"));
    expect(await run(ws, ["--", "help"])).toMatchObject({ status: 0, stderr: "" });
    expect(readFileSync(join(ws, "help", "go.mod"), "utf8")).toBe(tidyGoMod("help"));
  });


  it("runs the cache command, not the tidy command, for the first argument cache", async () => {
    const ws = workspace();
    const r = await run(ws, ["cache"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^(location: |gotidy-ts cache: off)/);
    expect(readFileSync(join(ws, "cache", "go.mod"), "utf8")).not.toBe(tidyGoMod("cache"));
  });

  it("prints the help with the commands, as --help does", async () => {
    const ws = workspace();
    const help = await run(ws, ["help"]);
    const flag = await run(ws, ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toBe(flag.stdout);
    expect(flag.status).toBe(0);
    for (const c of commands) expect(help.stdout).toMatch(new RegExp(`^  ${c.name}\\b`, "m"));
    expect(help.stdout).toContain("gotidy-ts ./doctor");
    expect(help.stdout).toMatch(/^Usage: gotidy-ts \[options\] \[dir\.\.\.\]/);
  });

  it("prints a command's usage, and refuses an unknown one", async () => {
    const ws = workspace();
    expect(await run(ws, ["help", "version"])).toEqual({ status: 0, stdout: "usage: gotidy-ts version\n\nprint the version of gotidy-ts\n", stderr: "" });
    expect(await run(ws, ["help", "frob"])).toEqual({ status: 2, stdout: "", stderr: "gotidy-ts help frob: unknown command. Run 'gotidy-ts help'.\n" });
    const doctorHelp = await run(ws, ["help", "doctor"]);
    expect(doctorHelp.status).toBe(0);
    expect(doctorHelp.stdout).toMatch(/^usage: gotidy-ts doctor \[-x\] \[--json\] \[--timeout duration\] \[module\[@version\]\.\.\.\]\n/);
    expect(doctorHelp.stdout).toContain("default 30s, or GOTIDY_TIMEOUT");
    expect((await run(ws, ["help", "cache"])).stdout).toMatch(/^usage: gotidy-ts cache \[clean\] \[--json\]\n/);
  });

  it("runs doctor as a command (not the directory doctor): exit 2 on bad usage, 0 when every check passes", async () => {
    const ws = workspace();
    expect(await run(ws, ["doctor", "--frob"])).toEqual({ status: 2, stdout: "", stderr: "gotidy-ts doctor: unknown flag --frob\nusage: gotidy-ts doctor [-x] [--json] [--timeout duration] [module[@version]...]\n" });
    expect((await run(ws, ["doctor", "--timeout", "soon"])).status).toBe(2);
    expect((await run(ws, ["doctor"], { GOTIDY_TIMEOUT: "x" })).status).toBe(2);
    const r = await run(ws, ["doctor"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("GOPROXY: off (from environment)");
    expect(r.stdout).not.toMatch(/\x1b\[/);
    expect(readFileSync(join(ws, "doctor", "go.mod"), "utf8")).not.toBe(tidyGoMod("doctor"));
  });

  it("prints the version, as --version does", async () => {
    const ws = workspace();
    const want = packageVersion() + "\n";
    expect(await run(ws, ["version"])).toEqual({ status: 0, stdout: want, stderr: "" });
    expect(await run(ws, ["--version"])).toEqual({ status: 0, stdout: want, stderr: "" });
    expect(await run(ws, ["version", "x"])).toMatchObject({ status: 2, stdout: "" });
  });

  it("keeps the tidy command's usage errors and statuses", async () => {
    const ws = workspace();
    expect(await run(ws, ["--check", "-diff"])).toEqual({ status: 2, stdout: "", stderr: "gotidy-ts: --check and -diff cannot be used together\n" });
    expect(await run(ws, ["./doctor", "./cache"])).toMatchObject({ status: 2, stderr: "gotidy-ts: only one module directory can be named without --recursive\n" });
    writeFileSync(join(ws, "doctor", "go.mod"), `${tidyGoMod("doctor")}\nrequire example.com/gone v1.0.0\n\nreplace example.com/gone => ./gone\n`);
    mkdirSync(join(ws, "doctor", "gone"));
    writeFileSync(join(ws, "doctor", "gone", "go.mod"), "module example.com/gone\n");
    const check = await run(ws, ["--check", "./doctor"]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain("doctor: go.mod and go.sum are not tidy:\n\tremove example.com/gone v1.0.0");
    expect(await run(ws, ["nowhere"])).toEqual({ status: 1, stdout: "", stderr: "go: chdir nowhere: no such file or directory\n" });
  });

  it("reports a go.sum it cannot write in go's words and status 1, leaving go.mod as go does", async () => {
    const proxy = await startFakeProxy(buildProxyFiles([
      { name: "example.com/dep@v1.0.0/go.mod", data: "module example.com/dep\n\ngo 1.21\n" },
      { name: "example.com/dep@v1.0.0/dep.go", data: "package dep\n" },
    ]));
    try {
      const ws = workspace();
      const m = join(ws, "doctor");
      writeFileSync(join(m, "go.mod"), "module example.com/doctor\ngo 1.21\n\nrequire example.com/dep v1.0.0\n");
      writeFileSync(join(m, "x.go"), "package x\n\nimport _ \"example.com/dep\"\n");
      symlinkSync(join(m, "missing", "go.sum"), join(m, "go.sum")); // written through: its directory is missing
      const r = await run(ws, ["./doctor"], { GOPROXY: proxy.url });
      expect(r).toMatchObject({ status: 1, stdout: "" });
      expect(r.stderr.split("\n").slice(-2)).toEqual([`go: updating go.sum: open ${join(m, "go.sum")}: no such file or directory`, ""]);
      expect(readFileSync(join(m, "go.mod"), "utf8")).toBe("module example.com/doctor\ngo 1.21\n\nrequire example.com/dep v1.0.0\n");
      const json = JSON.parse((await run(ws, ["--json", "./doctor"], { GOPROXY: proxy.url })).stdout);
      expect(json).toMatchObject({ exitCode: 1, modules: [{ status: "failed", errors: [{ class: "write" }] }] });
    } finally {
      await proxy.close();
    }
  });
});
