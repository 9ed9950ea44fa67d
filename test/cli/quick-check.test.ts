// The quick entry (src/cli/quick-check.ts): a plain --check of a module the result cache
// knows is answered before the command line's bundle is loaded. Whether the bundle was
// loaded shows in the code cache (bin/gotidy-ts.js): a run that loads it writes the
// bundle's code cache when there is none, so with the bundle's files removed before each
// run, "none written" means the quick entry answered. Every answer, quick or not, must be
// the answer of a run with --no-cache.
//
// The module is tidy: a package importing fmt and a package of a directory replacement.
// Every test has its own copy, written before the tests and then left alone past the racy
// window (2 s), so that its files may be trusted by the caches.

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { checkEnv, editKeepingStat, replacedModuleFiles, runNode, writeCopies, type Run } from "../support/check-run.js";
import { bin } from "../support/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-quick-check-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = replacedModuleFiles("\nfunc F() int {\n\treturn 1\n}\n");

const names = ["plain", "flags", "body", "files", "imports", "size-mtime", "racy", "settings", "version", "garbage"];

const built = inject("builtPackage");
const mainStamp = /^\/\/ build ([0-9a-f]+)\n/.exec(readFileSync(join(built, "dist", "cli", "gotidy-ts.cjs"), "latin1"))![1];

beforeAll(() => {
  // (the copy "files" has one file more, written with the others)
  mkdirSync(join(scratch, "files", "m"), { recursive: true });
  writeFileSync(join(scratch, "files", "m", "n.go"), 'package m\n\nimport _ "os"\n');
  return writeCopies(scratch, names, files); // past the racy window, see above
});

const env = (name: string, extra: NodeJS.ProcessEnv = {}) => checkEnv(join(scratch, name), "off", extra);

/** mainBundleCaches lists the code-cache files of the command line's bundle in test name's cache. */
function mainBundleCaches(name: string): string[] {
  const dir = join(scratch, name, "cache", "v8");
  try {
    return readdirSync(dir).filter((f) => f.startsWith(mainStamp));
  } catch {
    return [];
  }
}

/** check runs the launcher (launcher: another one) with args in test name's module, and says whether the quick entry answered. */
async function check(name: string, args: string[], options: { env?: NodeJS.ProcessEnv; launcher?: string; cwd?: string } = {}): Promise<Run & { quick: boolean }> {
  for (const f of mainBundleCaches(name)) rmSync(join(scratch, name, "cache", "v8", f));
  const run = await runNode([options.launcher ?? bin, ...args], options.cwd ?? join(scratch, name, "m"), env(name, options.env)).done;
  return { ...run, quick: mainBundleCaches(name).length === 0 };
}

/** expectAsUncached runs args with the cache and with --no-cache: the same answer (with status, when given); returns whether the quick entry answered. */
async function expectAsUncached(name: string, args: string[], status: number | null, options: { env?: NodeJS.ProcessEnv; launcher?: string } = {}): Promise<boolean> {
  const { quick, ...cached } = await check(name, args, options);
  const { quick: _, ...uncached } = await check(name, [...args, "--no-cache"], options);
  expect(cached).toEqual(uncached);
  if (status !== null) expect(cached.status).toBe(status);
  return quick;
}

const path = (name: string, f: string) => join(scratch, name, "m", f);

describe("the quick answer of --check", () => {
  it("answers a plain --check of a module found tidy before, without loading the command line", async () => {
    expect(await expectAsUncached("plain", ["--check"], 0)).toBe(false);
    expect(await check("plain", ["--check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    expect(await check("plain", ["-check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    // the module named, from its parent directory
    expect(await check("plain", ["--check", "m"], { cwd: join(scratch, "plain") })).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
  });

  it("answers -q, -e and --offline by their own keys, and leaves every other flag to the command line", async () => {
    for (const flags of [["-q"], ["-e"], ["--offline"], ["-q", "-e", "--offline"]]) {
      expect(await expectAsUncached("flags", ["--check", ...flags], 0)).toBe(false);
      expect(await check("flags", ["--check", ...flags])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    }
    for (const args of [["-v"], ["--json"], ["-r"], ["-e=true"], ["--timeout", "5s"]]) {
      expect([args, await expectAsUncached("flags", ["--check", ...args], 0)]).toEqual([args, false]);
    }
    // (--no-cache, which writes no code cache either, cannot be told apart here; -x names
    // the entry that answered, which a run without the cache has not)
    expect(await check("flags", ["--check", "-x"])).toMatchObject({ status: 0, quick: false });
    expect(await check("flags", ["--check", "--", "."])).toMatchObject({ status: 0, quick: false });
    expect(await check("flags", ["help", "--check"])).toMatchObject({ quick: false });
    expect(await check("flags", ["--check", "--diff"])).toMatchObject({ status: 2, quick: false });
  });

  it("answers after an edit of a function body, and not after an edit of the imports", async () => {
    expect(await expectAsUncached("body", ["--check"], 0)).toBe(false);
    writeFileSync(path("body", "m.go"), files["m.go"].replace("return 1", "return 2 + 3"));
    expect(await check("body", ["--check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    // the import of the replacement gone: r is unused, and the function body edited too
    writeFileSync(path("body", "m.go"), files["m.go"].replace('\t_ "example.com/r/p"\n', "").replace("return 1", "return 4"));
    expect(await expectAsUncached("body", ["--check"], 1)).toBe(false);
  });

  it("answers an edit of a function body by the files it read, and not once a file is removed or added", async () => {
    expect(await expectAsUncached("files", ["--check"], 0)).toBe(false);
    for (const n of [2, 3]) {
      writeFileSync(path("files", "m.go"), files["m.go"].replace("return 1", `return ${n}`));
      expect(await check("files", ["--check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    }
    // a file of the package gone (its import with it): another key, not known yet
    rmSync(path("files", "n.go"));
    expect(await expectAsUncached("files", ["--check"], 0)).toBe(false);
    writeFileSync(path("files", "m.go"), files["m.go"].replace("return 1", "return 4"));
    expect(await check("files", ["--check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    // and back, with the import of the replacement moved into it
    writeFileSync(path("files", "n.go"), 'package m\n\nimport _ "example.com/r/p"\n');
    writeFileSync(path("files", "m.go"), files["m.go"].replace('\t_ "example.com/r/p"\n', "").replace("return 1", "return 5"));
    expect(await expectAsUncached("files", ["--check"], 0)).toBe(false);
  });

  it("does not answer when the imports change, the file's text before its declarations compared whole", async () => {
    expect(await expectAsUncached("imports", ["--check"], 0)).toBe(false);
    // the same length, the import now a comment
    writeFileSync(path("imports", "m.go"), files["m.go"].replace('_ "example.com/r/p"', '// "example.com/r/"'));
    expect(await expectAsUncached("imports", ["--check"], 1)).toBe(false);
    // a declaration line moved before the imports: the cut point is elsewhere
    writeFileSync(path("imports", "m.go"), files["m.go"].replace("package m\n", "package m\n\nvar _ = 0\n"));
    expect(await expectAsUncached("imports", ["--check"], null)).toBe(false);
  });

  it("is not fooled by an edit that keeps the file's size and modification time", async () => {
    const f = path("size-mtime", "m.go");
    expect(await expectAsUncached("size-mtime", ["--check"], 0)).toBe(false);
    expect((await check("size-mtime", ["--check"])).quick).toBe(true);
    editKeepingStat(f);
    expect(await expectAsUncached("size-mtime", ["--check"], 1)).toBe(false);
  });

  it("answers from a file modified within the racy window only what its text holds", async () => {
    expect(await expectAsUncached("racy", ["--check"], 0)).toBe(false);
    // just written, again and again: never trusted by its stat
    for (const n of [2, 3]) {
      writeFileSync(path("racy", "m.go"), files["m.go"].replace("return 1", `return ${n}`));
      expect(await check("racy", ["--check"])).toEqual({ status: 0, stdout: "", stderr: "", quick: true });
    }
    writeFileSync(path("racy", "m.go"), files["m.go"].replace('\t_ "example.com/r/p"\n', ""));
    expect(await expectAsUncached("racy", ["--check"], 1)).toBe(false);
    writeFileSync(path("racy", "m.go"), files["m.go"].replace("return 1", "return 5"));
    await expectAsUncached("racy", ["--check"], 0);
  });

  it("is keyed by the settings: GOFLAGS, GOPROXY, GOSUMDB", async () => {
    expect(await expectAsUncached("settings", ["--check"], 0)).toBe(false);
    for (const extra of [{ GOFLAGS: "-e" }, { GOFLAGS: "-modcacherw" }, { GOPROXY: "file:///nowhere" }, { GOSUMDB: "sum.golang.org" }]) {
      expect(await expectAsUncached("settings", ["--check"], 0, { env: extra })).toBe(false);
      expect((await check("settings", ["--check"], { env: extra })).quick).toBe(true);
    }
    // GOFLAGS that set what the quick entry does not answer, or that go refuses
    for (const GOFLAGS of ["-v", "-x", "-modfile=other.mod", "-go=1.21", "-e=maybe", "nonsense"]) {
      expect((await check("settings", ["--check"], { env: { GOFLAGS } })).quick).toBe(false);
    }
    expect((await check("settings", ["--check"], { env: { GO111MODULE: "off" } })).quick).toBe(false);
    expect((await check("settings", ["--check"], { env: { GOTIDY_TIMEOUT: "soon" } })).quick).toBe(false);
  });

  it("is keyed by the gotidy-ts version", async () => {
    expect(await expectAsUncached("version", ["--check"], 0)).toBe(false);
    expect((await check("version", ["--check"])).quick).toBe(true);
    // the same build, as another version
    const other = join(scratch, "other-version");
    for (const f of ["bin", "dist", "src"]) cpSync(join(built, f), join(other, f), { recursive: true });
    symlinkSync(join(built, "node_modules"), join(other, "node_modules"), "dir");
    const pkg = JSON.parse(readFileSync(join(built, "package.json"), "utf8")) as { version: string };
    writeFileSync(join(other, "package.json"), JSON.stringify({ ...pkg, version: `${pkg.version}-other` }));
    const launcher = join(other, "bin", "gotidy-ts.js");
    expect(await expectAsUncached("version", ["--check"], 0, { launcher })).toBe(false);
    expect((await check("version", ["--check"], { launcher })).quick).toBe(true);
  });

  it("passes over a damaged entry, and answers as without the cache", async () => {
    expect(await expectAsUncached("garbage", ["--check"], 0)).toBe(false);
    const entries = readdirSync(join(scratch, "garbage", "cache", "check"), { recursive: true, encoding: "utf8" })
      .map((f) => join(scratch, "garbage", "cache", "check", f)).filter((f) => statSync(f).isFile());
    expect(entries.length).toBeGreaterThan(0);
    for (const f of entries) writeFileSync(f, readFileSync(f, "utf8").replace('"tidy":true', '"tidy":false').replace("example.com/m", "example.com/x"));
    expect(await expectAsUncached("garbage", ["--check"], 0)).toBe(false);
    expect((await check("garbage", ["--check"])).quick).toBe(true);
  });
});
