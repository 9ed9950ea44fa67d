// The pre-commit and CI side of the executable: --check, --dry-run, --json, -q, --offline,
// colours, the progress line and --recursive, run as a user runs them (bin/gotidy-ts.js in
// a child process, built from the current sources: see test/support/cli.ts) against scenarios whose
// go.mod and -diff output go recorded.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";
import { startArchiveProxy, FakeProxy } from "../support/fake-proxy.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { runCommand } from "../support/recorder.js";
import { cliArgs, cliShellCommand } from "../support/cli.js";
import { root } from "../support/paths.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-check-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** spawnRun runs a command and keeps its status and output (not its time). */
async function spawnRun(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const { status, stdout, stderr } = await runCommand(cmd, args, { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...env } });
  return { status, stdout, stderr };
}

function run(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return spawnRun(process.execPath, cliArgs(args), cwd, { GOENV: "off", GOSUMDB: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", ...env });
}

let counter = 0;

/** scenario materializes a recorded scenario's module and starts its proxy. */
async function scenario(name: string): Promise<{ dir: string; proxy: FakeProxy; env: NodeJS.ProcessEnv; archive: ReturnType<typeof parseTxtar> }> {
  const archive = parseTxtar(readFileSync(join(root, "testdata", "scenarios", name + ".txtar"), "utf8"));
  const proxy = await startArchiveProxy(archive.files);
  const dir = join(scratch, `${name}-${counter++}`);
  writeTxtarFiles(dir, archive.files.filter((f) => !f.name.startsWith("proxy/") && !f.name.startsWith("want/") && f.name !== "flags"));
  return { dir, proxy, archive, env: { GOPROXY: proxy.url, GOMODCACHE: join(dir, ".modcache") } };
}

function module(name: string, files: Record<string, string>): string {
  const dir = join(scratch, `${name}-${counter++}`);
  for (const [f, data] of Object.entries(files)) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), data);
  }
  return dir;
}

const untidyLocal = {
  "go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n\nreplace example.com/gone => ./gone\n",
  "m.go": "package m\n",
  "gone/go.mod": "module example.com/gone\n\ngo 1.21\n",
  "gone/g.go": "package gone\n",
};

describe("--check", () => {
  for (const name of ["diff-unused-removed", "diff-indirect-added", "diff-query-found", "diff-direct-fixed"]) {
    it(`prints go's -diff and why, writes nothing, exits 1: ${name}`, async () => {
      const s = await scenario(name);
      try {
        const before = readFileSync(join(s.dir, "go.mod"), "utf8");
        const r = await run(s.dir, ["--check"], s.env);
        expect(r.status).toBe(1);
        const diff = txtarFile(s.archive, "want/stdout")!;
        expect(diff).not.toBe("");
        expect(r.stdout.startsWith(diff)).toBe(true);
        const why = r.stdout.slice(diff.length).split("\n");
        expect(why[0]).toBe(".: go.mod and go.sum are not tidy:");
        const changes = why.filter((l) => l.startsWith("\t"));
        expect(changes.length).toBeGreaterThan(0);
        for (const l of changes) expect(l).toMatch(/^\t(add|remove|upgrade|downgrade|mark|set|rewrite) .*: \S/);
        expect(r.stdout).toContain("To fix: run gotidy-ts (or go mod tidy in .)");
        expect(readFileSync(join(s.dir, "go.mod"), "utf8")).toBe(before);
        expect(existsSync(join(s.dir, "go.sum"))).toBe(txtarFile(s.archive, "go.sum") !== undefined);
        // Quiet when all is well: tidy it, then check again.
        expect((await run(s.dir, [], s.env)).status).toBe(0);
        expect(await run(s.dir, ["--check"], s.env)).toEqual({ status: 0, stdout: "", stderr: "" });
      } finally {
        await s.proxy.close();
      }
    });
  }

  it("explains a rewrite that changes no requirement (block layout) and stray go.sum lines", async () => {
    const s = await scenario("diff-layout-only");
    try {
      const r = await run(s.dir, ["--check"], s.env);
      expect(r.status).toBe(1);
      const diff = txtarFile(s.archive, "want/stdout")!;
      expect(r.stdout).toBe(diff + ".: go.mod and go.sum are not tidy:\n" +
        "\trewrite go.mod: requirements are rewritten in the go command's block layout (direct and indirect blocks, sorted)\n" +
        "\tremove go.sum example.com/aaa v1.0.0 (zip): the module is not in the module graph\n" +
        "\tremove go.sum example.com/zzz v1.0.0 (zip): the module is not in the module graph\n" +
        "To fix: run gotidy-ts (or go mod tidy in .)\n");
    } finally {
      await s.proxy.close();
    }
  });

  it("in a pre-commit hook (PRE_COMMIT=1), says how to fix it with what the user's shell has: go mod tidy, or the fixing hook", async () => {
    const s = await scenario("diff-unused-removed");
    try {
      const r = await run(s.dir, ["--check"], { ...s.env, PRE_COMMIT: "1" });
      expect(r.status).toBe(1);
      expect(r.stdout.split("\n").filter((l) => l.startsWith("To fix"))).toEqual([
        "To fix: run go mod tidy in ., or pre-commit run gotidy-ts --all-files (with the gotidy-ts hook in .pre-commit-config.yaml)",
      ]);
      const outside = await run(s.dir, ["--check"], s.env);
      expect(outside.stdout.replace(/^To fix: .*\n/m, "")).toBe(r.stdout.replace(/^To fix: .*\n/m, ""));
    } finally {
      await s.proxy.close();
    }
  });

  it("names each change as the README's example does", async () => {
    const s = await scenario("unused-removed");
    try {
      const r = await run(s.dir, ["--check"], s.env);
      expect(r.stdout).toContain("\tremove example.com/c v1.0.0: no package in the build imports it\n");
      expect(r.stdout).toContain("\tmark example.com/b indirect: only needed by example.com/a\n");
      expect(r.stdout).toContain("\tadd go.sum example.com/a v1.0.0 (zip, go.mod): . imports example.com/a\n");
    } finally {
      await s.proxy.close();
    }
  });

  it("exits 2 with go's error and a hint when a package cannot be found", async () => {
    const s = await scenario("query-no-module");
    try {
      const r = await run(s.dir, ["--check"], s.env);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/cannot find module providing package/);
      expect(r.stderr).toMatch(/\n\thint: /);
    } finally {
      await s.proxy.close();
    }
  });

  it("exits 2 on a go.mod that does not parse, with file:line:col", async () => {
    const dir = module("parse", { "go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0 extra\n", "m.go": "package m\n" });
    const r = await run(dir, ["--check"], { GOPROXY: "off" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^go: errors parsing go\.mod:\ngo\.mod:5(:\d+)?: usage: require module\/path v1\.2\.3\n/);
    expect(r.stderr).toMatch(/\thint: fix go\.mod/);
  });

  it("-q prints the changes without the diff, and nothing at all when tidy", async () => {
    const dir = module("quiet", untidyLocal);
    const r = await run(dir, ["--check", "-q"], { GOPROXY: "off" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(".: go.mod and go.sum are not tidy:\n\tremove example.com/gone v1.0.0: no package in the build imports it\n");
    expect((await run(dir, ["-q"], { GOPROXY: "off" })).status).toBe(0);
    expect(await run(dir, ["--check", "-q"], { GOPROXY: "off" })).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("names the files -modfile names in its heading and JSON report, and leaves go.mod alone", async () => {
    const dir = module("modfile", { ...untidyLocal, "go.mod": "module example.com/m\n\ngo 1.21\n", "go.alt.mod": untidyLocal["go.mod"] });
    const r = await run(dir, ["--check", "-q", "-modfile=go.alt.mod"], { GOPROXY: "off" });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(".: go.alt.mod and go.alt.sum are not tidy:\n\tremove example.com/gone v1.0.0: no package in the build imports it\n");
    const json = await run(dir, ["--check", "--json", "-modfile=go.alt.mod"], { GOPROXY: "off" });
    expect(JSON.parse(json.stdout).modules[0].files).toEqual({ goMod: "go.alt.mod", goSum: "go.alt.sum" });
    const plain = await run(dir, ["--check", "--json"], { GOPROXY: "off" });
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout).modules[0].files).toBeUndefined();
  });

  it("refuses contradictory modes with status 2", async () => {
    const r = await run(scratch, ["--check", "-diff"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("gotidy-ts: --check and -diff cannot be used together\n");
  });
});

describe("--dry-run", () => {
  it("-n -v says what would change, why, and what it downloaded; writes nothing; exits 0", async () => {
    const s = await scenario("indirect-added");
    try {
      const before = readFileSync(join(s.dir, "go.mod"), "utf8");
      const r = await run(s.dir, ["-n", "-v"], s.env);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(".: tidy would make these changes:\n\tadd example.com/b v1.0.0: example.com/a imports example.com/b\n");
      expect(r.stdout).toContain(".: downloaded into the module cache (needed to tidy):\n");
      expect(r.stdout).toMatch(/\texample\.com\/a v1\.0\.0 \(zip\)\n/);
      expect(r.stdout).toMatch(/\texample\.com\/b v1\.0\.0 \(go\.mod\)\n/);
      expect(readFileSync(join(s.dir, "go.mod"), "utf8")).toBe(before);
      // A second dry run finds everything in the module cache.
      const again = await run(s.dir, ["-n", "-v"], s.env);
      expect(again.stdout).toContain(".: nothing to download: everything needed is in the module cache\n");
    } finally {
      await s.proxy.close();
    }
  });
});

describe("--json", () => {
  it("reports changes with reasons, the diff, the requests and the downloads", async () => {
    const s = await scenario("query-found");
    try {
      const r = await run(s.dir, ["--check", "--json"], s.env);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe("");
      const report = JSON.parse(r.stdout);
      expect(report).toMatchObject({ version: 1, mode: "check", offline: false, exitCode: 1, summary: { modules: 1, untidy: 1, tidy: 0, failed: 0, updated: 0 } });
      const [m] = report.modules;
      expect(m).toMatchObject({ dir: ".", path: "example.com/m", status: "untidy", errors: [] });
      expect(m.diff).toBe(readDiffOf("diff-query-found"));
      expect(m.changes.map((c: { text: string }) => c.text)).toContain(
        "add example.com/new v1.2.0: . imports example.com/new/pkg (no requirement provided it: found by a module query)");
      for (const c of m.changes) expect(Object.keys(c)).toEqual(expect.arrayContaining(["file", "action", "module", "reason", "text"]));
      expect(m.requests.length).toBe(s.proxy.requests.length);
      for (const q of m.requests) {
        expect(q.url.startsWith(s.proxy.url)).toBe(true);
        expect(typeof q.bytes).toBe("number");
      }
      expect(m.fetched).toEqual(expect.arrayContaining([{ module: "example.com/new", version: "v1.2.0", file: "zip" }]));
    } finally {
      await s.proxy.close();
    }
  });

  it("classifies errors and gives a hint", async () => {
    const s = await scenario("query-no-module");
    try {
      const r = await run(s.dir, ["--check", "--json"], s.env);
      expect(r.status).toBe(2);
      const [m] = JSON.parse(r.stdout).modules;
      expect(m.status).toBe("failed");
      expect(m.errors).toHaveLength(1);
      expect(m.errors[0].class).toBe("not-found");
      expect(m.errors[0].message).toMatch(/cannot find module providing package/);
      expect(m.errors[0].hint).toMatch(/GOPRIVATE/);
    } finally {
      await s.proxy.close();
    }
  });
});

function readDiffOf(name: string): string {
  return txtarFile(parseTxtar(readFileSync(join(root, "testdata", "scenarios", name + ".txtar"), "utf8")), "want/stdout")!;
}

describe("--offline", () => {
  it("answers from the module cache without a single request, as the online run did", async () => {
    const s = await scenario("unused-removed");
    const online = await run(s.dir, ["--check", "--json"], s.env);
    const asked = s.proxy.requests.length;
    expect(asked).toBeGreaterThan(0);
    try {
      const r = await run(s.dir, ["--check", "--json", "--offline"], s.env);
      expect(s.proxy.requests.length).toBe(asked);
      const a = JSON.parse(online.stdout).modules[0];
      const b = JSON.parse(r.stdout).modules[0];
      expect(b.requests).toEqual([]);
      expect(b.fetched).toEqual([]);
      expect(b.diff).toBe(a.diff);
      expect(b.changes).toEqual(a.changes);
      expect(r.status).toBe(1);
    } finally {
      await s.proxy.close();
    }
  });

  it("exits 2 naming the module it would need to download", async () => {
    const s = await scenario("indirect-added");
    try {
      const r = await run(s.dir, ["--check", "--offline"], s.env);
      expect(s.proxy.requests).toEqual([]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/example\.com\/a@v1\.0\.0/);
      expect(r.stderr).toMatch(/offline/);
      expect(r.stderr).toMatch(/\thint: /);
      const json = JSON.parse((await run(s.dir, ["--check", "--offline", "--json"], s.env)).stdout);
      expect(json.modules[0].errors[0].class).toBe("offline");
    } finally {
      await s.proxy.close();
    }
  });
});

describe("--offline before loading", () => {
  it("says that resolving a go.mod version query needs the network", async () => {
    const dir = module("offline-query", { "go.mod": "module example.com/b\n\ngo 1.21\n\nrequire example.com/x v1\n", "b.go": "package b\n" });
    const r = await run(dir, ["--check", "--offline", "--json"], { GOPROXY: "http://127.0.0.1:9" });
    expect(r.status).toBe(2);
    const [m] = JSON.parse(r.stdout).modules;
    expect(m.errors[0].class).toBe("offline");
    expect(m.errors[0].message).toBe("go: errors parsing go.mod:\ngo.mod:5: module example.com/x: offline: listing versions needs the network (module proxy)");
    expect(m.errors[0].hint).toMatch(/online/);
    expect(m.requests).toEqual([]);
  });
});

describe("terminal output", () => {
  it("colours only when asked: FORCE_COLOR on, NO_COLOR and pipes off", async () => {
    const dir = module("color", untidyLocal);
    const esc = "\x1b[";
    expect((await run(dir, ["--check"], { GOPROXY: "off" })).stdout).not.toContain(esc);
    expect((await run(dir, ["--check"], { GOPROXY: "off", NO_COLOR: "1" })).stdout).not.toContain(esc);
    expect((await run(dir, ["--check"], { GOPROXY: "off", FORCE_COLOR: "0" })).stdout).not.toContain(esc);
    const forced = await run(dir, ["--check"], { GOPROXY: "off", FORCE_COLOR: "1" });
    expect(forced.stdout).toContain(`${esc}31m-require example.com/gone v1.0.0`);
    expect(forced.stdout.replace(/\x1b\[\d+m/g, "")).toBe((await run(dir, ["--check"], { GOPROXY: "off" })).stdout);
  });

  it("draws no progress line into a pipe", async () => {
    const s = await scenario("indirect-added");
    try {
      const r = await run(s.dir, [], s.env);
      expect(r.status).toBe(0);
      expect(r.stderr).not.toMatch(/[\r\x1b]/);
    } finally {
      await s.proxy.close();
    }
  });
});

describe("--recursive", () => {
  it("checks every module below a directory, reports each, and exits with the worst result", async () => {
    const dir = module("tree", {
      "go.mod": "module example.com/top\n\ngo 1.21\n",
      "top.go": "package top\n",
      "svc/a/go.mod": untidyLocal["go.mod"],
      "svc/a/m.go": "package m\n",
      "svc/a/gone/go.mod": "module example.com/gone\n\ngo 1.21\n",
      "svc/b/go.mod": "module example.com/b\n\ngo 1.21\n\nrequire example.com/x v1\n",
      "svc/b/b.go": "package b\n",
      "vendor/v/go.mod": "module example.com/v\n\nbroken(\n",
      "testdata/t/go.mod": "module example.com/t\n\nbroken(\n",
      "_old/go.mod": "module example.com/old\n\nbroken(\n",
      ".hidden/go.mod": "module example.com/hidden\n\nbroken(\n",
      "node_modules/n/go.mod": "module example.com/n\n\nbroken(\n",
    });
    const r = await run(dir, ["--check", "-r"], { GOPROXY: "off" });
    expect(r.status).toBe(2);
    expect(r.stdout).toContain("== svc/a\n");
    expect(r.stdout).toContain("\tremove example.com/gone v1.0.0: no package in the build imports it\n");
    expect(r.stdout).toContain("== svc/b\n");
    expect(r.stdout).not.toContain("== .\n");
    expect(r.stderr).toMatch(/go\.mod:5: module lookup disabled by GOPROXY=off\n/);
    expect(r.stdout).toMatch(/gotidy-ts: 4 modules, 2 tidy, 1 not tidy, 1 failed\n$/);
    const json = JSON.parse((await run(dir, ["--check", "-r", "--json"], { GOPROXY: "off" })).stdout);
    expect(json.summary).toEqual({ modules: 4, tidy: 2, untidy: 1, updated: 0, failed: 1 });
    expect(json.modules.map((m: { dir: string; status: string }) => `${m.dir} ${m.status}`)).toEqual([".", "svc/a", "svc/a/gone", "svc/b"]
      .map((d, i) => `${d} ${["tidy", "untidy", "tidy", "failed"][i]}`));
    // Tidy them all: the failure remains, the untidy module is fixed.
    const fix = await run(dir, ["-r", "-q"], { GOPROXY: "off" });
    expect(fix.status).toBe(1);
    expect((await run(dir, ["--check", "-r", "-q"], { GOPROXY: "off" })).stdout).toBe("== svc/b\ngotidy-ts: 4 modules, 3 tidy, 1 failed\n");
  });

  it("tidies the modules a go.work lists, and only those", async () => {
    const dir = module("work", {
      "go.work": "go 1.22\n\nuse (\n\t./a\n\t./b\n)\n",
      "a/go.mod": untidyLocal["go.mod"],
      "a/m.go": "package m\n",
      "a/gone/go.mod": "module example.com/gone\n\ngo 1.21\n",
      "b/go.mod": "module example.com/b\n\ngo 1.21\n",
      "b/b.go": "package b\n",
      "c/go.mod": "module example.com/c\n\nbroken(\n",
    });
    const r = await run(dir, ["--check", "-r", "--json"], { GOPROXY: "off" });
    expect(r.status).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.modules.map((m: { dir: string }) => m.dir)).toEqual(["a", "b"]);
    rmSync(join(dir, "b"), { recursive: true });
    const missing = await run(dir, ["--check", "-r"], { GOPROXY: "off" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^go: /);
  });
});

describe("progress line", () => {
  it("is drawn on a terminal (a pseudo-terminal from script(1)), and cleared before the results", async () => {
    const s = await scenario("indirect-added");
    try {
      // script(1) runs the command on a pseudo-terminal and copies what it shows to stdout.
      const command = cliShellCommand(["-n"]);
      const r = await spawnRun("script", ["-qec", command, "/dev/null"], s.dir, { TERM: "xterm", GOENV: "off", GOSUMDB: "off", GOFLAGS: "-modcacherw", ...s.env });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/\r\x1b\[2K\.: scanned 1 files/);
      // (Later updates are throttled to one per 80 ms, so how many more appear depends on speed.)
      // The results come after the line was cleared, and it is not drawn again.
      const results = r.stdout.indexOf(".: tidy would make these changes:");
      expect(results).toBeGreaterThan(0);
      expect(r.stdout.slice(0, results)).toMatch(/\r\x1b\[2K(\x1b\[\d+m)*$/);
      expect(r.stdout.slice(results)).not.toContain("\r\x1b[2K");
    } finally {
      await s.proxy.close();
    }
  });
});

describe("errors before and around tidying", () => {
  it("refuses a directory that does not exist, as go -C does, writing nothing", async () => {
    const dir = module("chdir", untidyLocal);
    const r = await run(dir, ["no-such-dir"], { GOPROXY: "off" });
    expect(r).toEqual({ status: 1, stdout: "", stderr: "go: chdir no-such-dir: no such file or directory\n" });
    expect(readFileSync(join(dir, "go.mod"), "utf8")).toBe(untidyLocal["go.mod"]);
    const c = await run(dir, ["--check", "no-such-dir"], { GOPROXY: "off" });
    expect(c.status).toBe(2);
    expect(c.stderr).toMatch(/^go: chdir no-such-dir: no such file or directory\n\thint: /);
  });

  it("gives the same status with --json, and the error in the report", async () => {
    const empty = module("empty", { "README": "no module here\n" });
    const message = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";
    for (const [args, status] of [[[], 1], [["-diff"], 1], [["--check"], 2], [["-n"], 2]] as const) {
      const text = await run(empty, [...args], { GOPROXY: "off" });
      const json = await run(empty, [...args, "--json"], { GOPROXY: "off" });
      expect([text.status, json.status]).toEqual([status, status]);
      const report = JSON.parse(json.stdout);
      expect(report.exitCode).toBe(status);
      expect(report.modules[0].errors[0]).toMatchObject({ class: "no-module", message });
      expect(report.modules[0].errors[0].hint).toMatch(/module directory/);
    }
  });

  it("reports a go.mod without a module line in go's words, and goes on with the other modules", async () => {
    const dir = module("nomodule", {
      "a/go.mod": "go 1.21\n",
      "b/go.mod": untidyLocal["go.mod"],
      "b/m.go": "package m\n",
      "b/gone/go.mod": "module example.com/gone\n\ngo 1.21\n",
    });
    const one = await run(join(dir, "a"), [], { GOPROXY: "off" });
    expect(one).toEqual({ status: 1, stdout: "", stderr: "go: error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod\n" });
    const all = await run(dir, ["--check", "-r", "--json"], { GOPROXY: "off" });
    expect(all.status).toBe(2);
    expect(JSON.parse(all.stdout).summary).toEqual({ modules: 3, tidy: 1, untidy: 1, updated: 0, failed: 1 });
  });

  it("-q silences a dry run, -v or not", async () => {
    const dir = module("quiet-dry", untidyLocal);
    expect(await run(dir, ["-n", "-q", "-v"], { GOPROXY: "off" })).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("-r searches every directory named", async () => {
    const dir = module("two-roots", {
      "x/go.mod": untidyLocal["go.mod"], "x/m.go": "package m\n", "x/gone/go.mod": "module example.com/gone\n\ngo 1.21\n",
      "y/go.mod": "module example.com/y\n\ngo 1.21\n", "y/y.go": "package y\n",
    });
    const json = JSON.parse((await run(dir, ["--check", "--json", "-r", "x", "y"], { GOPROXY: "off" })).stdout);
    expect(json.modules.map((m: { dir: string }) => m.dir)).toEqual(["x", "x/gone", "y"]);
    expect((await run(dir, ["x", "y"], { GOPROXY: "off" })).status).toBe(2);
  });

  it("ends quietly when its output pipe closes", async () => {
    // Many modules, printed one after the other: the pipe is closed before the later ones.
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) {
      files[`m${i}/go.mod`] = untidyLocal["go.mod"];
      files[`m${i}/m.go`] = "package m\n";
      files[`m${i}/gone/go.mod`] = "module example.com/gone\n\ngo 1.21\n";
      files[`m${i}/gone/g.go`] = "package gone\n";
    }
    const dir = module("epipe", files);
    const command = `${cliShellCommand(["--check", "-r"])} | head -c 1`;
    const r = await spawnRun("sh", ["-c", command], dir, { GOENV: "off", GOPROXY: "off", GOFLAGS: "-modcacherw" });
    expect(r.stdout).toBe("=");
    expect(r.stderr).toBe("");
  });

  it("--offline -e does not tidy around a package only the network could locate", async () => {
    const s = await scenario("indirect-added");
    try {
      const r = await run(s.dir, ["--offline", "-e"], s.env);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/offline/);
      expect(readFileSync(join(s.dir, "go.mod"), "utf8")).toBe(txtarFile(s.archive, "go.mod"));
    } finally {
      await s.proxy.close();
    }
  });
});
