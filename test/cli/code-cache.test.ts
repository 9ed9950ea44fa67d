// bin/gotidy-ts.js keeps V8's compiled code for the command line's bundle in the code
// cache ($GOTIDYCACHE/v8): written when a run ends, named by the bundle's content hash,
// Node's version and the architecture; a run that tidied writes a fuller one. A damaged,
// truncated or rejected file is ignored and rewritten; `off` writes nothing. Whether a
// cache was used shows in what the launcher writes: a cache it used is left as it is.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { bin } from "../support/cli.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-code-cache-"));
afterAll(() => {
  spawnSync("chmod", ["-R", "u+w", scratch]);
  rmSync(scratch, { recursive: true, force: true });
});
const mod = join(scratch, "m");
mkdirSync(mod);
writeFileSync(join(mod, "go.mod"), "module example.com/m\n\ngo 1.21\n");
writeFileSync(join(mod, "m.go"), "package m\n\nimport _ \"fmt\"\n");

const bundle = join(inject("builtPackage"), "dist", "cli", "gotidy-ts.cjs");
const stampOf = (file: string) => /^\/\/ build ([0-9a-f]+)\n/.exec(readFileSync(file, "latin1"))![1];
const stamp = stampOf(bundle);
const cacheName = (kind: string) => `${stamp}-${process.version}-${process.arch}-${kind}.bin`;
// The quick entry's bundle (a --check loads it first) has a cache of its own.
const quickStamp = stampOf(join(inject("builtPackage"), "dist", "cli", "gotidy-ts-quick.cjs"));
const quickName = `${quickStamp}-${process.version}-${process.arch}-quick.bin`;

function run(args: string[], env: Record<string, string>) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: mod, encoding: "utf8", env: { ...process.env, GOPROXY: "off", GOFLAGS: "", ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function freshCache(name: string): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  return dir;
}

const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest();

/** valid tells whether a cache file holds its payload's SHA-256 ahead of it. */
function valid(file: string): boolean {
  const bytes = readFileSync(file);
  return bytes.length > 32 && bytes.subarray(0, 32).equals(sha256(bytes.subarray(32)));
}

describe("the V8 code cache", () => {
  it("is named by the bundle's hash, which the build writes on its first line", () => {
    const text = readFileSync(bundle, "latin1");
    const rest = text.slice(text.indexOf("\n") + 1);
    expect(createHash("sha256").update(rest).digest("hex").slice(0, stamp.length)).toBe(stamp);
    expect(stamp).toMatch(/^[0-9a-f]{32}$/);
  });

  it("is written by a first run, used as it is by the next, and made fuller by a tidy run", () => {
    const dir = freshCache("lifecycle");
    const v8 = join(dir, "v8");
    const first = run(["--version"], { GOTIDYCACHE: dir });
    expect(first).toMatchObject({ status: 0, stderr: "" });
    expect(files(v8)).toEqual([cacheName("light")]);
    const light = join(v8, cacheName("light"));
    expect(valid(light)).toBe(true);
    const before = { bytes: readFileSync(light), mtime: statSync(light).mtimeMs };
    expect(run(["--version"], { GOTIDYCACHE: dir })).toEqual(first);
    expect(readFileSync(light).equals(before.bytes)).toBe(true);
    expect(statSync(light).mtimeMs).toBe(before.mtime);
    const check = run(["--check"], { GOTIDYCACHE: dir });
    expect(check).toMatchObject({ status: 0, stderr: "" });
    expect(files(v8)).toEqual([cacheName("full"), cacheName("light"), quickName].sort());
    const full = join(v8, cacheName("full"));
    const fullBytes = readFileSync(full);
    // The quick entry's cache, written by a run it could not answer (which goes on with
    // V8 flags of its own), is taken as it is by the next, which it answers.
    const quick = join(v8, quickName);
    const quickBefore = { bytes: readFileSync(quick), mtime: statSync(quick).mtimeMs };
    expect(run(["--check"], { GOTIDYCACHE: dir })).toEqual(check);
    expect(readFileSync(full).equals(fullBytes)).toBe(true);
    expect(readFileSync(quick).equals(quickBefore.bytes)).toBe(true);
    expect(statSync(quick).mtimeMs).toBe(quickBefore.mtime);
    // a light run after a full cache exists uses it and writes nothing
    rmSync(light);
    expect(run(["--version"], { GOTIDYCACHE: dir })).toEqual(first);
    expect(files(v8)).toEqual([cacheName("full"), quickName].sort());
  });

  it("is partial after a run that tidied and failed, and made full by the next run that exits 0", () => {
    const dir = freshCache("partial");
    const v8 = join(dir, "v8");
    const m = join(scratch, "failing");
    mkdirSync(m, { recursive: true });
    writeFileSync(join(m, "go.mod"), "module example.com/m\n\ngo 1.21\n");
    // The parser reads m.go, then the module providing the import cannot be looked up.
    writeFileSync(join(m, "m.go"), 'package m\n\nimport _ "example.com/missing"\n');
    const failed = run([m], { GOTIDYCACHE: dir });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/example\.com\/missing/);
    expect(files(v8)).toEqual([cacheName("partial")]);
    const partial = readFileSync(join(v8, cacheName("partial")));
    // a light run uses it and writes nothing: the partial cache is the fuller one
    expect(run(["--version"], { GOTIDYCACHE: dir }).status).toBe(0);
    expect(files(v8)).toEqual([cacheName("partial")]);
    writeFileSync(join(m, "m.go"), 'package m\n\nimport _ "fmt"\n');
    expect(run([m], { GOTIDYCACHE: dir })).toMatchObject({ status: 0, stderr: "" });
    expect(files(v8)).toEqual([cacheName("full"), cacheName("partial")]);
    expect(readFileSync(join(v8, cacheName("partial"))).equals(partial)).toBe(true);
    expect(valid(join(v8, cacheName("full")))).toBe(true);
  });

  it("ignores a damaged, truncated or rejected file, and replaces it", () => {
    const dir = freshCache("damaged");
    const v8 = join(dir, "v8");
    const want = run(["--version"], { GOTIDYCACHE: dir });
    const light = join(v8, cacheName("light"));
    const good = readFileSync(light);
    const garbage = Buffer.from("not a code cache at all");
    const rejected = Buffer.alloc(4096, 7); // a right sum over bytes V8 refuses
    const withSum = Buffer.concat([sha256(rejected), rejected]);
    for (const bad of [garbage, good.subarray(0, good.length >> 1), Buffer.alloc(0), withSum]) {
      writeFileSync(light, bad);
      expect(run(["--version"], { GOTIDYCACHE: dir })).toEqual(want);
      expect(valid(light)).toBe(true);
      expect(readFileSync(light).equals(bad)).toBe(false);
    }
  });

  it("with GOTIDYCACHE=off, or a directory that cannot be written, runs without one", () => {
    const home = freshCache("home");
    const off = run(["--version"], { GOTIDYCACHE: "off", HOME: home, XDG_CACHE_HOME: join(home, "xdg") });
    expect(off).toMatchObject({ status: 0, stderr: "" });
    expect(files(home)).toEqual([]);
    const locked = freshCache("locked");
    chmodSync(locked, 0o500);
    const r = run(["--check"], { GOTIDYCACHE: locked });
    expect(r).toMatchObject({ status: 0, stderr: "" });
    if (process.getuid?.() !== 0) expect(files(locked)).toEqual([]); // root writes anyway
  });

  it("goes under XDG_CACHE_HOME when GOTIDYCACHE is not set", () => {
    const xdg = freshCache("xdg");
    const env = { ...process.env, GOPROXY: "off", XDG_CACHE_HOME: xdg } as Record<string, string>;
    delete env.GOTIDYCACHE;
    const r = spawnSync(process.execPath, [bin, "--version"], { cwd: mod, encoding: "utf8", env });
    expect(r.status).toBe(0);
    if (process.platform === "linux") expect(files(join(xdg, "gotidy-ts", "v8"))).toEqual([cacheName("light")]);
  });
});
