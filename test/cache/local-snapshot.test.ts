// The snapshot of a module's directories (src/cache/local-snapshot.ts) through the caching
// scanner: once a run has read the module, a later one answers every directory from the
// one snapshot entry (here with each directory's own entry removed and no parser, so that
// only the snapshot can answer), and a directory whose files changed in any way is not
// answered from it.

import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CacheMiss, cachingScanner } from "../../src/cache/scanner.js";
import { CacheStore } from "../../src/cache/store.js";
import { createScanner } from "../../src/scan/source-scanner.js";
import type { SourceScanner } from "../../src/scan/source-scanner.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-local-snapshot-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let parser: SourceScanner;
beforeAll(async () => {
  parser = await createScanner();
});

const later = () => Date.now() + 10_000; // past the racy window of files just written (the clock moved instead of waiting)

/** module writes a module of two package directories, a and b, below its own directory of scratch. */
function module(name: string): { root: string; store: CacheStore } {
  const root = join(scratch, name, "m");
  for (const [f, text] of Object.entries({
    "a/a.go": 'package a\n\nimport "example.com/x"\n',
    "a/a_test.go": 'package a\n\nimport "example.com/t"\n',
    "b/b.go": 'package b\n\nimport "example.com/y"\n',
  })) {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), text);
  }
  return { root, store: new CacheStore(join(scratch, name, "cache"), { toolVersion: "1" }) };
}

/** dropDirEntries removes every directory entry of the store but the snapshot of root. */
function dropDirEntries(store: CacheStore, root: string): void {
  const keep = store.pathOf("dir", `snapshot ${root}`);
  const dir = join(store.dir, "dir");
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const path = join(dir, f);
    if (path !== keep && statSync(path).isFile()) unlinkSync(path);
  }
}

async function scanBoth(scanner: ReturnType<typeof cachingScanner>, root: string) {
  const out = [await scanner.scanDir(join(root, "a")), await scanner.scanDir(join(root, "b"))];
  scanner.flush();
  return out;
}

describe("the snapshot of a module's directories", () => {
  it("answers every directory of a module read before from one entry", async () => {
    const { root, store } = module("hit");
    const read = await scanBoth(cachingScanner(parser, { store, moduleCache: join(scratch, "modcache"), now: later, roots: [root] }), root);
    expect(read.map((p) => p?.imports)).toEqual([["example.com/x"], ["example.com/y"]]);
    dropDirEntries(store, root);
    const cacheOnly = cachingScanner(null, { store, moduleCache: join(scratch, "modcache"), roots: [root] });
    expect(await scanBoth(cacheOnly, root)).toEqual(read);
  });

  it("does not answer a directory one of whose files was added, removed or changed", async () => {
    for (const [name, change] of Object.entries({
      added: (root: string) => writeFileSync(join(root, "a", "c.go"), "package a\n"),
      removed: (root: string) => unlinkSync(join(root, "a", "a_test.go")),
      changed: (root: string) => appendFileSync(join(root, "a", "a.go"), "\n"),
    })) {
      const { root, store } = module(name);
      await scanBoth(cachingScanner(parser, { store, moduleCache: join(scratch, "modcache"), now: later, roots: [root] }), root);
      dropDirEntries(store, root);
      change(root);
      const cacheOnly = cachingScanner(null, { store, moduleCache: join(scratch, "modcache"), roots: [root] });
      await expect(cacheOnly.scanDir(join(root, "a")), name).rejects.toBeInstanceOf(CacheMiss);
      expect((await cacheOnly.scanDir(join(root, "b")))?.imports, name).toEqual(["example.com/y"]);
    }
  });

  it("keeps no directory read within the racy window of one of its files", async () => {
    const { root, store } = module("racy");
    await scanBoth(cachingScanner(parser, { store, moduleCache: join(scratch, "modcache"), roots: [root] }), root);
    const cacheOnly = cachingScanner(null, { store, moduleCache: join(scratch, "modcache"), roots: [root] });
    await expect(cacheOnly.scanDir(join(root, "a"))).rejects.toBeInstanceOf(CacheMiss);
  });

  it("ignores a damaged snapshot, and a part that names another directory", async () => {
    const { root, store } = module("damaged");
    const scanner = () => cachingScanner(parser, { store, moduleCache: join(scratch, "modcache"), now: later, roots: [root] });
    const read = await scanBoth(scanner(), root);
    const file = store.pathOf("dir", `snapshot ${root}`);
    writeFileSync(file, "garbage");
    dropDirEntries(store, root);
    const cacheOnly = () => cachingScanner(null, { store, moduleCache: join(scratch, "modcache"), roots: [root] });
    await expect(cacheOnly().scanDir(join(root, "b"))).rejects.toBeInstanceOf(CacheMiss);
    // b's part stored under a's name: a valid entry, whose part does not answer for a
    expect(await scanBoth(scanner(), root)).toEqual(read);
    const entry = store.getParts("dir", `snapshot ${root}`, true)!;
    store.putParts("dir", `snapshot ${root}`, null, new Map([[join(root, "a"), entry.text(join(root, "b"))!]]));
    dropDirEntries(store, root);
    await expect(cacheOnly().scanDir(join(root, "a"))).rejects.toBeInstanceOf(CacheMiss);
  });
});
