// The facts of module go.mod files kept in gotidy-ts's cache (src/cache/gomod-facts.ts): a
// summary read from them is the summary read by parsing the file, for every file here; a
// file whose bytes differ is parsed; a damaged table (a fact of the wrong shape, a
// truncated or edited file) is passed over; what a run added is kept for the next one,
// merged with what another process stored meanwhile.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GoModFactsCache } from "../../src/cache/gomod-facts.js";
import { CacheStore } from "../../src/cache/store.js";
import { Replacements, SummaryReader, type GoModFetcher } from "../../src/load/summary.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-gomod-facts-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const goMods: Record<string, string> = {
  "example.com/a@v1.0.0": "module example.com/a\n\ngo 1.21\n\ntoolchain go1.22.1\n\nrequire (\n\texample.com/b v1.2.0\n\texample.com/c v0.1.0 // indirect\n)\n\nretract [v0.9.0, v0.9.5] // broken\n",
  "example.com/b@v1.2.0": "// Deprecated: use example.com/b2\nmodule example.com/b\n\ngo 1.16\n\nrequire example.com/c v0.2.0\n",
  "example.com/c@v0.1.0": "module example.com/c\n",
  "example.com/d@v1.0.0": "module example.com/d\n\ngo 1.99\n",
};

function fetcher(files = goMods): GoModFetcher & { reads: number } {
  const f = {
    reads: 0,
    async goMod(path: string, version: string): Promise<Buffer> {
      f.reads++;
      return Buffer.from(files[`${path}@${version}`]);
    },
  };
  return f;
}

function reader(parsed?: GoModFactsCache, files = goMods): SummaryReader {
  return new SummaryReader({ fetcher: fetcher(files), replacements: new Replacements(null), excluded: new Set(), mainDir: scratch, cwd: scratch, parsed });
}

const settle = (p: Promise<unknown>) => p.then((v) => ({ ok: v }), (e: Error) => ({ error: e.message }));

async function summaries(r: SummaryReader) {
  const out: unknown[] = [];
  for (const key of Object.keys(goMods)) {
    const [path, version] = key.split("@");
    out.push(await settle(r.summary({ path, version })));
  }
  return out;
}

describe("the go.mod facts of the cache", () => {
  it("give the summaries parsing gives, in the run that stored them and in later ones", async () => {
    const want = await summaries(reader());
    const dir = join(scratch, "same");
    const first = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    expect(await summaries(reader(first))).toEqual(want);
    first.flush();
    const later = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    const data = Buffer.from(goMods["example.com/a@v1.0.0"]);
    expect(later.get(data)).toBeDefined();
    expect(await summaries(reader(later))).toEqual(want);
    // bytes not seen before are not known
    expect(later.get(Buffer.from(goMods["example.com/a@v1.0.0"] + "\n"))).toBeUndefined();
  });

  it("keep another process's facts, and pass over a damaged table", async () => {
    const dir = join(scratch, "merge");
    const store = new CacheStore(dir, { toolVersion: "test" });
    const one = new GoModFactsCache(store);
    const two = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    const a = Buffer.from(goMods["example.com/a@v1.0.0"]);
    const b = Buffer.from(goMods["example.com/b@v1.2.0"]);
    await reader(one).summary({ path: "example.com/a", version: "v1.0.0" });
    await reader(two).summary({ path: "example.com/b", version: "v1.2.0" });
    one.flush();
    two.flush();
    const both = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    expect([both.get(a), both.get(b)].every((f) => f !== undefined)).toBe(true);
    // a table whose facts have the wrong shape, or are not JSON: each is parsed again, with the same summary
    const names = store.getParts("module", "go.mod facts")!.names();
    expect(names.length).toBe(2);
    store.putParts("module", "go.mod facts", null, new Map(names.map((k, i) => [k, i === 0 ? JSON.stringify({ module: 1 }) : "{\"module\""])));
    const damaged = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    expect([damaged.get(a), damaged.get(b)]).toEqual([undefined, undefined]);
    expect(await summaries(reader(damaged))).toEqual(await summaries(reader()));
  });

  it("pass over a truncated or edited table, and rebuild it", async () => {
    const dir = join(scratch, "truncated");
    const one = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
    await summaries(reader(one));
    one.flush();
    const file = new CacheStore(dir, { toolVersion: "test" }).pathOf("module", "go.mod facts");
    const whole = readFileSync(file);
    const a = Buffer.from(goMods["example.com/a@v1.0.0"]);
    expect(new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" })).get(a)).toBeDefined();
    // (an edit inside one part: the sum covers every part)
    for (const bad of [whole.subarray(0, whole.length - 10), Buffer.from(whole.toString("latin1").replace("example.com/c", "example.com/x"), "latin1")]) {
      writeFileSync(file, bad);
      const later = new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" }));
      expect(later.get(a)).toBeUndefined();
      expect(await summaries(reader(later))).toEqual(await summaries(reader()));
      later.flush();
      expect(new GoModFactsCache(new CacheStore(dir, { toolVersion: "test" })).get(a)).toBeDefined();
    }
    // another gotidy-ts version never reads it
    expect(new GoModFactsCache(new CacheStore(dir, { toolVersion: "other" })).get(a)).toBeUndefined();
  });

  it("of one main module are read from its own entry, the whole table only for a go.mod that entry does not hold", async () => {
    const dir = join(scratch, "own");
    const store = () => new CacheStore(dir, { toolVersion: "test" });
    const table = store().pathOf("module", "go.mod facts");
    const a = Buffer.from(goMods["example.com/a@v1.0.0"]);
    const b = Buffer.from(goMods["example.com/b@v1.2.0"]);
    // another module's run fills the table with a and b
    const other = new GoModFactsCache(store(), "/other");
    await summaries(reader(other));
    other.flush();
    // the first run of /m asks for a alone: found in the table, then kept as /m's own
    const first = new GoModFactsCache(store(), "/m");
    expect(first.get(a)).toBeDefined();
    first.flush();
    writeFileSync(table, "garbage");
    const later = new GoModFactsCache(store(), "/m");
    expect(later.get(a)).toBeDefined(); // from /m's entry: the table cannot be read
    expect(later.get(b)).toBeUndefined();
    expect(await summaries(reader(later))).toEqual(await summaries(reader()));
    later.flush();
    const again = new GoModFactsCache(store(), "/m");
    expect([again.get(a), again.get(b)].every((f) => f !== undefined)).toBe(true);
  });
});
