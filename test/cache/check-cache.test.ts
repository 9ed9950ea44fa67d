// The result cache of --check and the scan cache under it, through the command as a user
// runs it. A run that loads no parser (test/support/no-parser-hook.mjs) can only succeed by
// answering from the result cache, so "with the hook: exit 0" means a hit and "exit 2,
// cannot load the Go parser" a miss. After every change the cached answer must be the
// answer of a run with --no-cache.
//
// The module is tidy (checked with go mod tidy -diff): a main package importing fmt and a
// package of a directory replacement, which imports strings. Every test has its own copy,
// all written before the tests and then left alone past the racy window (2 s), so that
// their files may be trusted by the scan cache.

import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkEnv, editKeepingStat, replacedModuleFiles, runNode, writeCopies, type Run } from "../support/check-run.js";
import { cliArgs } from "../support/cli.js";
import { root } from "../support/paths.js";

const hook = join(root, "test", "support", "no-parser-hook.mjs");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-check-cache-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = replacedModuleFiles();

const names = ["body", "hit", "size-mtime", "racy", "gomod", "gosum", "settings", "replacement", "garbage", "concurrent", "off"];

beforeAll(() => writeCopies(scratch, names, files)); // past the racy window, see above

const env = (name: string, extra: NodeJS.ProcessEnv = {}) => checkEnv(join(scratch, name), "off", extra);

/** check runs --check in test name's module, without the parser when parser is false. */
function check(name: string, options: { parser?: boolean; args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const node = options.parser === false ? ["--import", hook] : [];
  return runNode([...node, ...cliArgs(["--check", ...(options.args ?? [])])], join(scratch, name, "m"), env(name, options.env)).done;
}

async function expectHit(name: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  expect(await check(name, { ...options, parser: false })).toEqual({ status: 0, stdout: "", stderr: "" });
}

async function expectMiss(name: string, options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const r = await check(name, { ...options, parser: false });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/^gotidy-ts: cannot load the Go parser/);
}

/** expectAsUncached runs --check with the cache and with --no-cache: the same answer, the status given. */
async function expectAsUncached(name: string, status: number, options: { env?: NodeJS.ProcessEnv } = {}): Promise<void> {
  const cached = await check(name, options);
  expect(cached).toEqual(await check(name, { ...options, args: ["--no-cache"] }));
  expect(cached.status).toBe(status);
}

function path(name: string, f: string): string {
  return join(scratch, name, "m", f);
}

/** entryFiles lists the cache's entry files of test name. */
function entryFiles(name: string): string[] {
  const dir = join(scratch, name, "cache");
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile() && !f.endsWith("trimmed"));
}

describe("the result cache of --check", () => {
  it("answers a second --check of a tidy module without loading the parser", async () => {
    await expectMiss("hit");
    await expectAsUncached("hit", 0);
    await expectHit("hit");
  });

  it("is not trusted after an edit that keeps the file's size and modification time", async () => {
    await expectAsUncached("size-mtime", 0);
    await expectHit("size-mtime");
    const f = path("size-mtime", "m.go");
    // The import of the replacement becomes a comment of the same length: r is unused now.
    editKeepingStat(f);
    await expectAsUncached("size-mtime", 1);
  });

  it("answers tidy after an edit of a function body, and not tidy after an edit of the imports", async () => {
    await expectAsUncached("body", 0);
    appendFileSync(path("body", "m.go"), "\nfunc F() int { return 1 }\n");
    await expectAsUncached("body", 0);
    writeFileSync(path("body", "m.go"), 'package m\n\nimport _ "fmt"\n\nfunc F() int { return 1 }\n');
    await expectAsUncached("body", 1);
  });

  it("keeps nothing of a file modified within the racy window", async () => {
    await expectAsUncached("racy", 0);
    appendFileSync(path("racy", "m.go"), "// edited\n");
    await expectAsUncached("racy", 0); // just modified: the scan cache does not keep m.go
    await expectMiss("racy");
  });

  it("is keyed by go.mod", async () => {
    await expectAsUncached("gomod", 0);
    appendFileSync(path("gomod", "go.mod"), "\n// a comment\n");
    await expectMiss("gomod");
    await expectAsUncached("gomod", 0);
  });

  it("is keyed by go.sum", async () => {
    await expectAsUncached("gosum", 0);
    writeFileSync(path("gosum", "go.sum"), "example.com/x v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
    await expectMiss("gosum");
    await expectAsUncached("gosum", 1);
  });

  it("is keyed by the settings and the flags", async () => {
    await expectAsUncached("settings", 0);
    await expectHit("settings");
    await expectMiss("settings", { env: { GOFLAGS: "-mod=mod" } });
    await expectMiss("settings", { env: { GOPROXY: "https://proxy.example" } });
    await expectMiss("settings", { env: { GONOSUMDB: "example.com" } });
    const flagged = await check("settings", { parser: false, args: ["-e"] });
    expect(flagged.status).toBe(2);
    expect((await check("settings", { parser: false, args: ["--no-cache"] })).status).toBe(2);
  });

  it("is keyed by the files of a directory replacement", async () => {
    await expectAsUncached("replacement", 0);
    await expectHit("replacement");
    appendFileSync(path("replacement", "r/p/p.go"), "// edited\n");
    await expectMiss("replacement");
    writeFileSync(path("replacement", "r/p/p.go"), 'package p\n\nimport _ "example.com/nowhere/q"\n');
    await expectAsUncached("replacement", 2);
  });

  it("ignores truncated and garbage entries, and rebuilds them", async () => {
    await expectAsUncached("garbage", 0);
    await expectHit("garbage");
    const entries = entryFiles("garbage");
    expect(entries.length).toBeGreaterThan(0);
    entries.forEach((f, i) => {
      const text = readFileSync(f, "utf8");
      writeFileSync(f, i % 2 === 0 ? text.slice(0, text.length >> 1) : text.replace(/"tidy":true|"imports":\[/, '"tidy":false,"x":['));
    });
    await expectMiss("garbage");
    await expectAsUncached("garbage", 0);
    await expectHit("garbage");
  });

  it("is filled by two processes at once", async () => {
    const spawnCheck = () => new Promise<number | null>((done) => {
      const child = spawn(process.execPath, cliArgs(["--check"]), { cwd: join(scratch, "concurrent", "m"), env: env("concurrent"), stdio: "ignore" });
      child.on("exit", (code) => done(code));
    });
    expect(await Promise.all([spawnCheck(), spawnCheck()])).toEqual([0, 0]);
    await expectHit("concurrent");
    const kinds = readdirSync(join(scratch, "concurrent", "cache"));
    expect(kinds).toEqual(expect.arrayContaining(["check", "dir"]));
    expect(entryFiles("concurrent").some((f) => f.includes(".tmp"))).toBe(false);
  });

  it("is neither read nor written with GOTIDYCACHE=off or --no-cache", async () => {
    await expectAsUncached("off", 0, { env: { GOTIDYCACHE: "off" } });
    expect(() => readdirSync(join(scratch, "off", "cache"))).toThrow();
    await check("off", { args: ["--no-cache"] });
    expect(() => readdirSync(join(scratch, "off", "cache"))).toThrow();
    await expectMiss("off", { env: { GOTIDYCACHE: "off" } });
    await check("off");
    await expectHit("off");
    await expectMiss("off", { env: { GOTIDYCACHE: join(scratch, "off", "elsewhere") } });
  });
});
