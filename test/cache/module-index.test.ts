// The index of module-cache packages (src/cache/module-index.ts) through the caching
// scanner: a later run answers every directory a first run read from its entry alone, and
// gives the answers the parser gives; an entry that is truncated, edited or of another
// gotidy-ts version is never an answer, and a part of the wrong shape is read again from
// the files; what two processes added is merged; directories are placed in their module
// whether or not their path is clean.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modulePlace } from "../../src/cache/module-index.js";
import { CacheMiss, cachingScanner } from "../../src/cache/scanner.js";
import { CacheStore } from "../../src/cache/store.js";
import { createScanner, type SourceScanner } from "../../src/scan/source-scanner.js";
import type { Scanner } from "../../src/scan/scanner.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-module-index-test-"));
const modcache = join(scratch, "modcache");
const mod = join(modcache, "example.com", "a@v1.0.0");
let parser: SourceScanner;

const files: Record<string, string> = {
  "a.go": "package a\n\nimport \"example.com/b\"\n",
  "a_test.go": "package a\n\nimport \"testing\"\n",
  "x/x.go": "package x\n\nimport (\n\t\"fmt\"\n\t\"example.com/a/y\"\n)\n",
  "y/y.go": "// +build ignore\n\npackage y\n",
  "z/README": "no Go here\n",
  "__proto__/p.go": "package p\n",
  "cut/ok.go": "package cut\n\nimport \"example.com/ok\"\n",
  "cut/cut.go": "package cut\n\nimport (\n\t\"example.com/kept\"\n",
};
const dirs = ["", "x", "y", "z", "__proto__", "missing"].map((d) => (d ? join(mod, d) : mod));

beforeAll(async () => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(mod, name, ".."), { recursive: true });
    writeFileSync(join(mod, name), text);
  }
  parser = await createScanner();
});
afterAll(() => {
  parser?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const storeAt = (name: string, toolVersion = "test") => new CacheStore(join(scratch, name), { toolVersion });

const settle = (p: Promise<unknown>) => p.then((v) => v, (e: Error) => (e instanceof CacheMiss ? "miss" : `error ${e.message}`));

/**
 * answers asks a scanner about every directory: its scan (read as go's module index reads
 * module-cache directories, as the loader asks) and isGoDir (a CacheMiss named).
 */
async function answers(scanner: Scanner) {
  const out: [unknown, unknown][] = [];
  for (const d of dirs) out.push([await settle(scanner.scanDir(d, { indexed: true })), await settle(scanner.isGoDir(d))]);
  return out;
}

async function fill(store: CacheStore) {
  const s = cachingScanner(parser, { store, moduleCache: modcache });
  const got = await answers(s);
  s.flush();
  return got;
}

describe("the module index", () => {
  it("answers what the parser answers, in a later run without the parser", async () => {
    const want = await answers(parser);
    expect(await fill(storeAt("same"))).toEqual(want);
    // (only "missing" cannot be listed: the parser's error is not kept)
    const cacheOnly = await answers(cachingScanner(null, { store: storeAt("same"), moduleCache: modcache }));
    expect(cacheOnly.slice(0, 5)).toEqual(want.slice(0, 5));
    expect(new CacheStore(join(scratch, "same"), { toolVersion: "test" }).getParts("module", mod)!.names().sort()).toEqual(["", "__proto__", "x", "y", "z"]);
  });

  it("is no answer when truncated, edited or of another version", async () => {
    const want = await answers(parser);
    await fill(storeAt("bad"));
    const file = storeAt("bad").pathOf("module", mod);
    const whole = readFileSync(file);
    const edited = Buffer.from(whole.toString("latin1").replace("example.com/b", "example.com/c"), "latin1");
    for (const bad of [whole.subarray(0, whole.length - 5), whole.subarray(0, 100), edited]) {
      writeFileSync(file, bad);
      const cacheOnly = await answers(cachingScanner(null, { store: storeAt("bad"), moduleCache: modcache }));
      expect(cacheOnly.slice(0, 5).every(([dir, goDir]) => dir === "miss" && goDir === "miss")).toBe(true);
      // a run with the parser answers as the parser does, and rewrites the entry
      expect(await fill(storeAt("bad"))).toEqual(want);
      expect((await answers(cachingScanner(null, { store: storeAt("bad"), moduleCache: modcache }))).slice(0, 5)).toEqual(want.slice(0, 5));
    }
    const other = await answers(cachingScanner(null, { store: storeAt("bad", "other"), moduleCache: modcache }));
    expect(other.slice(0, 5).every(([dir]) => dir === "miss")).toBe(true);
  });

  it("reads a directory again when its part has the wrong shape", async () => {
    const want = await answers(parser);
    const store = storeAt("shape");
    await fill(store);
    const e = store.getParts("module", mod)!;
    const parts = new Map(e.names().map((n) => [n, e.text(n)!]));
    parts.set("x", JSON.stringify({ dir: join(mod, "x"), names: "x" }));
    parts.set("", "{");
    store.putParts("module", mod, e.data, parts);
    const cacheOnly = await answers(cachingScanner(null, { store: storeAt("shape"), moduleCache: modcache }));
    expect([cacheOnly[0][0], cacheOnly[1][0]]).toEqual(["miss", "miss"]);
    expect(cacheOnly.slice(2, 5)).toEqual(want.slice(2, 5));
    expect(await fill(storeAt("shape"))).toEqual(want);
  });

  it("merges what two processes added", async () => {
    const want = await answers(parser);
    const one = cachingScanner(parser, { store: storeAt("merge"), moduleCache: modcache });
    const two = cachingScanner(parser, { store: storeAt("merge"), moduleCache: modcache });
    await one.scanDir(mod, { indexed: true });
    await two.scanDir(join(mod, "x"), { indexed: true });
    await two.isGoDir(join(mod, "z"));
    one.flush();
    two.flush();
    const cacheOnly = cachingScanner(null, { store: storeAt("merge"), moduleCache: modcache });
    expect([await cacheOnly.scanDir(mod, { indexed: true }), await cacheOnly.scanDir(join(mod, "x"), { indexed: true }), await cacheOnly.isGoDir(join(mod, "z"))])
      .toEqual([want[0][0], want[1][0], want[3][1]]);
  });

  it("keeps a directory read as go's import reader reads it apart from the index's reading", async () => {
    const cut = join(mod, "cut");
    const imports = (p: unknown) => (p as { imports: string[] }).imports;
    // go's module index drops the imports of a file its parser rejects; its import reader keeps those before the error
    expect(imports(await parser.scanDir(cut, { indexed: true }))).toEqual(["example.com/ok"]);
    expect(imports(await parser.scanDir(cut))).toEqual(["example.com/kept", "example.com/ok"]);
    const store = storeAt("modes");
    const first = cachingScanner(parser, { store, moduleCache: modcache });
    await first.scanDir(cut, { indexed: true });
    first.flush();
    const cacheOnly = cachingScanner(null, { store: storeAt("modes"), moduleCache: modcache });
    expect(imports(await cacheOnly.scanDir(cut, { indexed: true }))).toEqual(["example.com/ok"]);
    expect(await settle(cacheOnly.scanDir(cut))).toBe("miss");
    const second = cachingScanner(parser, { store: storeAt("modes"), moduleCache: modcache });
    await second.scanDir(cut);
    second.flush();
    const both = cachingScanner(null, { store: storeAt("modes"), moduleCache: modcache });
    expect(imports(await both.scanDir(cut))).toEqual(["example.com/kept", "example.com/ok"]);
    expect(imports(await both.scanDir(cut, { indexed: true }))).toEqual(["example.com/ok"]);
  });

  it("places a directory in its module, whether or not its path is clean", () => {
    const place = { root: mod, rel: "x/y" };
    expect(modulePlace(modcache, join(mod, "x", "y"))).toEqual(place);
    expect(modulePlace(modcache + sep, join(mod, "x", "y"))).toEqual(place);
    expect(modulePlace(modcache, `${mod}${sep}x${sep}.${sep}y`)).toEqual(place);
    expect(modulePlace(modcache, `${mod}${sep}x${sep}z${sep}..${sep}y`)).toEqual(place);
    expect(modulePlace(join(modcache, "example.com", ".."), join(mod, "x", "y"))).toEqual(place);
    expect(modulePlace(modcache, mod)).toEqual({ root: mod, rel: "" });
    expect(modulePlace(modcache, join(modcache, "example.com"))).toBeNull();
    expect(modulePlace(modcache, join(modcache, "cache", "download", "x@v1"))).toBeNull();
    expect(modulePlace(modcache, join(scratch, "elsewhere@v1"))).toBeNull();
    expect(modulePlace(modcache, join(scratch, "main", "pkg"))).toBeNull();
    // a sibling whose name starts with the root's
    expect(modulePlace(modcache, `${modcache}x${sep}example.com${sep}a@v1.0.0`)).toBeNull();
    expect(modulePlace(modcache, `${mod}${sep}..${sep}..${sep}..${sep}other@v1`)).toBeNull();
    expect(modulePlace("", mod)).toBeNull();
  });
});
