// The result cache of --check under --recursive, -v, -x and --json, through the command as
// a user runs it. As in check-cache.test.ts, a run that cannot load the Go parser
// (test/support/no-parser-hook.mjs) succeeds only when the cache answers every module, and
// after every change the answer must be that of a run with --no-cache, byte for byte.
//
// Two kinds of module, tidy by go mod tidy -diff:
//   - "local": the module of check-cache.test.ts (a package of a directory replacement,
//     and fmt): nothing from the module cache;
//   - "deps": testdata/scenarios/sumdb-malformed-gosum-complete.txtar (go recorded it tidy),
//     three modules served by the fake proxy, so that a run reads the module cache and the
//     output of -v and --json depends on what it finds there.
// Each test has its own copies, written before the tests and then left alone past the racy
// window (2 s), except where a test edits them, as a user would, during a run.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEnv, runNode, type Run } from "../support/check-run.js";
import { cliArgs } from "../support/cli.js";
import { archiveProxyFiles, startArchiveProxy, startFakeProxy, type FakeProxy } from "../support/fake-proxy.js";
import { root } from "../support/paths.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const hook = join(root, "test", "support", "no-parser-hook.mjs");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-check-cache-modes-test-"));
const scenario = parseTxtar(readFileSync(join(root, "testdata", "scenarios", "sumdb-malformed-gosum-complete.txtar"), "utf8"));
let proxy: FakeProxy;

const local: Record<string, string> = {
  "go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/r v0.0.0\n\nreplace example.com/r => ./r\n",
  "m.go": 'package m\n\nimport (\n\t_ "example.com/r/p"\n\t_ "fmt"\n)\n',
  "r/go.mod": "module example.com/r\n\ngo 1.21\n",
  "r/p/p.go": 'package p\n\nimport _ "strings"\n',
};
const deps = scenario.files.filter((f) => ["go.mod", "go.sum", "m.go"].includes(f.name));
/** The lines go printed checking deps with a cold module cache, sorted (their order varies). */
const wantStderr = txtarFile(scenario, "want/stderr")!.split("\n").sort();

/** The tests' trees: below each, the modules a, b (local, with their replacements a/r and b/r) and c (deps) of a -r run. */
const names = ["recursive", "r-gomod", "r-imports", "r-settings", "verbose", "json", "trace", "during", "during-gomod"];

beforeAll(async () => {
  proxy = await startArchiveProxy(scenario.files);
  for (const n of names) {
    for (const m of ["a", "b"]) {
      for (const [f, text] of Object.entries(local)) {
        mkdirSync(join(scratch, n, "tree", m, f, ".."), { recursive: true });
        writeFileSync(join(scratch, n, "tree", m, f), text);
      }
    }
    writeTxtarFiles(join(scratch, n, "tree", "c"), deps);
  }
  await new Promise((r) => setTimeout(r, 2100)); // past the racy window
});
afterAll(async () => {
  await proxy?.close();
  spawnSync("chmod", ["-R", "u+w", scratch]); // the module cache is read-only
  rmSync(scratch, { recursive: true, force: true });
});

const env = (name: string, extra: NodeJS.ProcessEnv = {}) => checkEnv(join(scratch, name), proxy.url, extra);

/** check runs --check with args in test name's tree (dir: a module of it, else the tree), without the parser when parser is false. */
function check(name: string, args: string[], options: { parser?: boolean; dir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return runIn(name, args, options).done;
}

function runIn(name: string, args: string[], options: { parser?: boolean; dir?: string; env?: NodeJS.ProcessEnv }): { done: Promise<Run> } {
  const node = options.parser === false ? ["--import", hook] : [];
  return runNode([...node, ...cliArgs(["--check", ...args])], join(scratch, name, "tree", options.dir ?? ""), env(name, options.env));
}

/** hit runs without the parser: the answer, which must be that of a run with --no-cache. */
async function hit(name: string, args: string[], options: { dir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const r = await check(name, args, { ...options, parser: false });
  expect(r).toEqual(await check(name, [...args, "--no-cache"], options));
  return r;
}

async function expectMiss(name: string, args: string[], options: { dir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const r = await check(name, args, { ...options, parser: false });
  expect(r.status).toBe(2);
  // (--json reports it instead of printing it)
  expect(args.includes("--json") ? JSON.parse(r.stdout).modules[0].errors[0].message : r.stderr).toMatch(/^gotidy-ts: cannot load the Go parser/);
}

/** asUncached runs with the cache and with --no-cache: the same answer, which it returns. */
async function asUncached(name: string, args: string[], options: { dir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const cached = await check(name, args, options);
  expect(cached).toEqual(await check(name, [...args, "--no-cache"], options));
  return cached;
}

function path(name: string, f: string): string {
  return join(scratch, name, "tree", f);
}

/** cacheLines are the -x lines of answers from the result cache, by module heading. */
function cacheLines(stderr: string, name: string): string[] {
  return stderr.split("\n").filter((l) => l.startsWith("# cache ")).map((l) => (l.startsWith(`# cache ${join(scratch, name, "cache", "check")}`) ? "result" : "module cache"));
}

/** removeModule removes example.com/c v1.0.0's zip and extracted tree from the module cache of test name (its go.mod stays). */
function removeModule(name: string): void {
  const cache = join(scratch, name, "modcache");
  spawnSync("chmod", ["-R", "u+w", cache]);
  rmSync(join(cache, "example.com", "c@v1.0.0"), { recursive: true, force: true });
  for (const ext of ["zip", "ziphash"]) rmSync(join(cache, "cache", "download", "example.com", "c", "@v", `v1.0.0.${ext}`), { force: true });
}

describe("the result cache of --check, per module with --recursive", () => {
  it("answers every module of a second --check -r without loading the parser", async () => {
    await expectMiss("recursive", ["-r"]);
    expect((await asUncached("recursive", ["-r"])).stdout).toBe("gotidy-ts: 5 modules, 5 tidy\n");
    expect(await hit("recursive", ["-r"])).toEqual({ status: 0, stdout: "gotidy-ts: 5 modules, 5 tidy\n", stderr: "" });
  });

  it("is keyed by each module's go.mod", async () => {
    await asUncached("r-gomod", ["-r"]);
    expect((await hit("r-gomod", ["-r"])).status).toBe(0);
    // b's requirement of the replacement, which b imports, is marked indirect: not tidy.
    writeFileSync(path("r-gomod", "b/go.mod"), local["go.mod"].replace("v0.0.0\n", "v0.0.0 // indirect\n"));
    await expectMiss("r-gomod", ["-r"]);
    const r = await asUncached("r-gomod", ["-r"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("gotidy-ts: 5 modules, 4 tidy, 1 not tidy\n");
    // a, a/r and b/r from the result cache, b checked again; and c too (its stored run
    // downloaded, so -x cannot be answered for it without knowing what a run would ask for).
    const x = await check("r-gomod", ["-r", "-x"]);
    expect(x.stdout.split("\n").filter((l) => l.startsWith("== "))).toEqual(["== a", "== a/r", "== b", "== b/r", "== c"]);
    const lines = cacheLines(x.stderr, "r-gomod");
    expect(lines.slice(0, 3)).toEqual(["result", "result", "result"]);
    expect(lines.slice(3).length).toBeGreaterThan(0);
    expect(lines.slice(3).every((l) => l === "module cache")).toBe(true);
    writeFileSync(path("r-gomod", "b/go.mod"), local["go.mod"]);
    expect((await asUncached("r-gomod", ["-r"])).status).toBe(0);
  });

  it("is keyed by each module's import sets", async () => {
    await asUncached("r-imports", ["-r"]);
    expect((await hit("r-imports", ["-r"])).status).toBe(0);
    // a's package no longer imports the replacement: example.com/r is unused.
    writeFileSync(path("r-imports", "a/m.go"), 'package m\n\nimport _ "fmt"\n');
    const r = await asUncached("r-imports", ["-r"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("gotidy-ts: 5 modules, 4 tidy, 1 not tidy\n");
    writeFileSync(path("r-imports", "a/m.go"), local["m.go"]);
    expect((await asUncached("r-imports", ["-r"])).status).toBe(0);
  });

  it("is keyed by the settings and the flags", async () => {
    await asUncached("r-settings", ["-r"]);
    expect((await hit("r-settings", ["-r"])).status).toBe(0);
    await expectMiss("r-settings", ["-r"], { env: { GOFLAGS: "-mod=mod" } });
    await expectMiss("r-settings", ["-r"], { env: { GONOSUMDB: "example.com" } });
    await expectMiss("r-settings", ["-r", "-e"]);
    await expectMiss("r-settings", ["-r", "--offline"]);
  });
});

describe("the result cache of --check with -v, -x and --json", () => {
  it("-v: answers while the module cache holds what the stored run read", async () => {
    const first = await check("verbose", ["-v"], { dir: "c" });
    expect(first.status).toBe(0);
    expect(first.stderr.split("\n").sort()).toEqual(wantStderr);
    // That run downloaded: a full run now would not, so the cache cannot say what it would print.
    await expectMiss("verbose", ["-v"], { dir: "c" });
    await asUncached("verbose", ["-v"], { dir: "c" });
    expect(await hit("verbose", ["-v"], { dir: "c" })).toEqual({ status: 0, stdout: "", stderr: "" });
    await asUncached("verbose", ["-r", "-v"]);
    expect(await hit("verbose", ["-r", "-v"])).toEqual({ status: 0, stdout: "gotidy-ts: 5 modules, 5 tidy\n", stderr: "" });
    removeModule("verbose");
    expect((await check("verbose", [], { dir: "c", parser: false })).status).toBe(0); // (its output does not depend on it)
    await expectMiss("verbose", ["-v"], { dir: "c" });
    await expectMiss("verbose", ["-r", "-v"]);
    const again = await check("verbose", ["-v"], { dir: "c" });
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/^go: downloading example\.com\/c v1\.0\.0\n$/);
    expect(wantStderr).toContain(again.stderr.trimEnd());
  });

  it("--json: the report of a full run, until the module cache changes", async () => {
    await check("json", ["-r", "--json"]); // downloads
    await asUncached("json", ["-r", "--json"]);
    const r = await hit("json", ["-r", "--json"]);
    const report = JSON.parse(r.stdout) as { summary: unknown; modules: { dir: string; path: string; status: string }[] };
    expect(report.summary).toEqual({ modules: 5, tidy: 5, untidy: 0, updated: 0, failed: 0 });
    expect(report.modules.map((m) => [m.dir, m.path, m.status])).toEqual([
      ["a", "example.com/m", "tidy"], ["a/r", "example.com/r", "tidy"], ["b", "example.com/m", "tidy"], ["b/r", "example.com/r", "tidy"], ["c", "example.com/m", "tidy"],
    ]);
    expect((await hit("json", ["--json"], { dir: "c" })).status).toBe(0);
    removeModule("json");
    await expectMiss("json", ["--json"], { dir: "c" });
    const full = JSON.parse((await check("json", ["--json"], { dir: "c" })).stdout) as { modules: { fetched: unknown[] }[] };
    expect(full.modules[0].fetched).toEqual([{ module: "example.com/c", version: "v1.0.0", file: "zip" }]);
  });

  it("-x: an answer from the cache names its entry, and makes no request", async () => {
    await check("trace", ["-r"]); // downloads
    const full = await check("trace", ["-x"], { dir: "c", env: { GOTIDYCACHE: "off" } });
    expect(full.status).toBe(0);
    expect(cacheLines(full.stderr, "trace").length).toBeGreaterThan(0);
    expect(cacheLines(full.stderr, "trace").every((l) => l === "module cache")).toBe(true);
    await check("trace", ["-x"], { dir: "c" });
    const cached = await check("trace", ["-x"], { dir: "c", parser: false });
    expect(cached.status).toBe(0);
    expect(cacheLines(cached.stderr, "trace")).toEqual(["result"]);
    expect(cached.stderr).not.toMatch(/^# get /m);
    const all = await check("trace", ["-r", "-x"], { parser: false });
    expect(all.stdout).toBe("== a\n== a/r\n== b\n== b/r\n== c\ngotidy-ts: 5 modules, 5 tidy\n");
    expect(cacheLines(all.stderr, "trace")).toEqual(["result", "result", "result", "result", "result"]);
  });
});

/**
 * editedDuringRun runs --check in test name's module c, which concludes tidy, making edit
 * while the run waits for c's zip (3.5 s late): nothing of that run may be kept, so the
 * next run misses, and the answer is then untidy.
 */
async function editedDuringRun(name: string, edit: () => void): Promise<void> {
  const slow = await startFakeProxy(archiveProxyFiles(scenario.files), { "/example.com/c/@v/v1.0.0.zip": { delayMs: 3500 } });
  try {
    const slowEnv = { GOPROXY: slow.url };
    const running = runIn(name, [], { dir: "c", env: slowEnv });
    while (!slow.requests.some((r) => r.path.endsWith("/c/@v/v1.0.0.zip"))) await new Promise((r) => setTimeout(r, 20));
    edit();
    expect((await running.done).status).toBe(0);
    await expectMiss(name, [], { dir: "c", env: slowEnv });
    const r = await asUncached(name, [], { dir: "c", env: slowEnv });
    expect(r.status).toBe(1);
  } finally {
    await slow.close();
  }
}

describe("the result cache of --check, a file edited during a run", () => {
  it("keeps nothing of a run during which a file of the module changed", async () => {
    // m.go, past the racy window when the run ends, no longer imports example.com/b: b
    // becomes an indirect requirement; the run concluded tidy from m.go as it was before.
    await editedDuringRun("during", () => writeFileSync(path("during", "c/m.go"), 'package m\n\nimport _ "example.com/a"\n'));
  }, 30_000);

  it("keeps nothing of a run during which go.mod changed after the run read it", async () => {
    // go.mod loses its requirement on example.com/c: the run concluded tidy from go.mod as
    // it was, which is no answer for the new one.
    const goMod = path("during-gomod", "c/go.mod");
    await editedDuringRun("during-gomod", () => writeFileSync(goMod, readFileSync(goMod, "utf8").replace("require example.com/c v1.0.0 // indirect\n", "")));
  }, 30_000);
});
