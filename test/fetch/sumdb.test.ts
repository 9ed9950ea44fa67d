// The checksum database client against a fake database served on 127.0.0.1: answers are
// accepted only when signed and proven to be in the tree, trees must stay consistent, and
// downloads missing from go.sum are checked against the database with go's messages.

import { Dirent, existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { ChecksumError, fetchHint, findFetchError, HTTPError, TransportError } from "../../src/fetch/errors.js";
import { findError } from "../../src/errors/chain.js";
import { goMessage } from "../../src/cli/report.js";
import { HttpClient } from "../../src/fetch/http.js";
import { parseProxyList } from "../../src/fetch/proxy-list.js";
import { SumDB, TreeCheckError } from "../../src/fetch/sumdb/client.js";
import { Verifier } from "../../src/fetch/verify.js";
import { hashGoMod } from "../../src/modfile/hash.js";
import { FakeProxy, startFakeProxy } from "../support/fake-proxy.js";
import { FakeSumDB, makeKey } from "../support/fake-sumdb.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-sumdb-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

let proxy: FakeProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

const key = makeKey("sum.example.test");

function database(records = 600): FakeSumDB {
  const db = new FakeSumDB(key);
  for (let i = 0; i < records; i++) {
    db.add(`example.com/m${i} v1.0.${i % 7} h1:${Buffer.alloc(32, i % 251).toString("base64")}\n` +
      `example.com/m${i} v1.0.${i % 7}/go.mod h1:${Buffer.alloc(32, (i + 1) % 251).toString("base64")}\n`);
  }
  return db;
}

function client(dir: string, url: string): SumDB {
  return new SumDB({
    GOSUMDB: key.vkey, proxies: parseProxyList(url, ""), http: new HttpClient({ retries: 0 }),
    cacheDir: join(dir, "cache"), configDir: join(dir, "config"),
  });
}

describe("checksum database client", () => {
  it("returns proven lines and remembers the signed tree and the answer", async () => {
    const db = database();
    proxy = await startFakeProxy(db.files());
    const dir = mkdtempSync(join(scratch, "ok-"));
    const lines = await client(dir, proxy.url).lookup("example.com/m300", "v1.0.6");
    expect(lines).toEqual(db.records[300].toString().trim().split("\n"));
    expect(readFileSync(join(dir, "config", key.name, "latest"), "utf8")).toBe(db.treeNote());
    expect(existsSync(join(dir, "cache", key.name, "lookup", "example.com", "m300@v1.0.6"))).toBe(true);
    // A second client answers from its caches and the proxy's tiles only.
    const before = proxy.requests.length;
    await client(dir, proxy.url).lookup("example.com/m300", "v1.0.6");
    expect(proxy.requests.slice(before).some((r) => r.path.includes("/lookup/"))).toBe(false);
  });

  it("rejects an answer that is not in the signed tree", async () => {
    const db = database();
    proxy = await startFakeProxy(db.files(undefined, { lookupText: (_id, text) => text.replace("h1:", "h1:X") }));
    const err = await client(mkdtempSync(join(scratch, "tampered-")), proxy.url).lookup("example.com/m5", "v1.0.5").catch((e: Error) => e);
    expect((err as Error).message).toBe("example.com/m5@v1.0.5: cannot authenticate record data in server response");
  });

  it("rejects a tree not signed by the database's key", async () => {
    const db = database(10);
    const other = new FakeSumDB(makeKey(key.name));
    for (const r of db.records) other.add(r.toString());
    proxy = await startFakeProxy(db.files(undefined, { note: other.treeNote() }));
    const err = await client(mkdtempSync(join(scratch, "unsigned-")), proxy.url).lookup("example.com/m1", "v1.0.1").catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^example.com\/m1@v1.0.1: reading tree note: note has no verifiable signatures/);
  });

  it("follows a growing tree, proving the new tree extends the old", async () => {
    const db = database(300);
    const dir = mkdtempSync(join(scratch, "grow-"));
    proxy = await startFakeProxy(db.files());
    await client(dir, proxy.url).lookup("example.com/m10", "v1.0.3");
    await proxy.close();
    for (let i = 300; i < 700; i++) db.add(`example.com/n${i} v2.0.0 h1:${Buffer.alloc(32, i % 13).toString("base64")}\n`);
    proxy = await startFakeProxy(db.files());
    expect(await client(dir, proxy.url).lookup("example.com/n650", "v2.0.0")).toHaveLength(1);
    expect(readFileSync(join(dir, "config", key.name, "latest"), "utf8")).toBe(db.treeNote());
  });

  it("detects a forked tree: SECURITY ERROR with both signed notes, in go's words", async () => {
    // Record 290 is in a tile the first lookup did not save (the saved ones are the client's
    // checked truth: a fork of their records shows as tiles inconsistent with the new tree).
    const { dir, fork } = await grownTree("fork-", (i, r) => (i === 290 ? "example.com/evil v1.0.0 h1:AAAA\n" : r));
    proxy = await startFakeProxy(fork.files());
    const err = await client(dir, proxy.url).lookup("example.com/f50", "v1.0.0").catch((e: Error) => e);
    const fault = findError(err, ChecksumError);
    expect(fault?.problem).toBe("fork");
    const indent = (s: string) => s.replaceAll("\n", "\n\t");
    expect(fault?.message).toMatch(new RegExp("^" + escapeRegExp(
      "SECURITY ERROR\ngo.sum database server misbehavior detected!\n\n" +
      `old database:\n\t${indent(originalNote)}\nnew database:\n\t${indent(fork.treeNote())}\nproof of misbehavior:\n\t` +
      [fork.rangeHash(0, 300), ...consistencyProof(fork, 300, 0, 400, true)].map((h) => h.toString("base64")).join("\n\t")) + "$"));
    expect(goMessage(err, dir, dir)).toBe(`go: ${fault?.message}`);
    expect(readFileSync(join(dir, "config", key.name, "latest"), "utf8")).toBe(originalNote);
  });

  for (const [name, fault] of [["500", { status: 500, body: "tile store down" }], ["a reset connection", { reset: true }]] as const) {
    it(`reports a tile that fails with ${name} during the consistency proof as the network error, not as a fork`, async () => {
      const { dir, grown } = await grownTree(`tile-${fault.status ?? "reset"}-`, (_i, r) => r);
      proxy = await startFakeProxy(grown.files(), { [`/sumdb/${key.name}/tile/*`]: fault });
      const err = await client(dir, proxy.url).lookup("example.com/f50", "v1.0.0").catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const message = (err as Error).message;
      expect(message).not.toMatch(/SECURITY ERROR|misbehavior/);
      expect(findError(err, ChecksumError)).toBeNull();
      expect(findError(err, TreeCheckError)).not.toBeNull();
      const cause = findFetchError(err);
      expect(cause).toBeInstanceOf(fault.reset ? TransportError : HTTPError);
      expect(message).toMatch(new RegExp(`^example\\.com/f50@v1\\.0\\.0: checking tree#300 against tree#400: ${escapeRegExp(cause!.message)}$`));
      if (!fault.reset) expect(message).toMatch(/: reading http:\/\/127\.0\.0\.1:\d+\/sumdb\/sum\.example\.test\/tile\/8\/\S+: 500 Internal Server Error/);
      expect(readFileSync(join(dir, "config", key.name, "latest"), "utf8")).toBe(originalNote);
      expect(tilesIn(dir)).toEqual(tilesAfterFirst);
    });
  }

  it("reports tiles that do not hash to the newer tree as inconsistent tiles, not as a fork, and saves none of them", async () => {
    const { dir, grown } = await grownTree("bad-tile-", (_i, r) => r);
    const files = grown.files();
    const tile = `/sumdb/${key.name}/tile/8/0/001.p/144`;
    const bad = Buffer.from(files.get(tile)!);
    bad[100] ^= 1;
    files.set(tile, bad);
    proxy = await startFakeProxy(files);
    const err = await client(dir, proxy.url).lookup("example.com/f50", "v1.0.0").catch((e: Error) => e);
    expect((err as Error).message).toBe("example.com/f50@v1.0.0: checking tree#300 against tree#400: downloaded inconsistent tile");
    expect(findError(err, ChecksumError)).toBeNull();
    expect(tilesIn(dir)).toEqual(tilesAfterFirst);
  });

  it("saves a full tile only once every hash in it is checked", async () => {
    const db = database(600);
    const files = db.files();
    // A hash of record 10 itself: its inclusion proof uses only its siblings, never this entry.
    const tile = `/sumdb/${key.name}/tile/8/0/000`;
    const bad = Buffer.from(files.get(tile)!);
    bad[10 * 32] ^= 1;
    files.set(tile, bad);
    proxy = await startFakeProxy(files);
    const dir = mkdtempSync(join(scratch, "full-tile-"));
    const err = await client(dir, proxy.url).lookup("example.com/m10", "v1.0.3").catch((e: Error) => e);
    expect((err as Error).message).toBe("example.com/m10@v1.0.3: downloaded inconsistent tile");
    expect(tilesIn(dir)).toEqual([]);
    expect(existsSync(join(dir, "cache", key.name, "lookup"))).toBe(false);
    // With the true tile, every tile read is saved, the full one as fetched.
    await proxy.close();
    proxy = await startFakeProxy(db.files());
    await client(dir, proxy.url).lookup("example.com/m10", "v1.0.3");
    expect(tilesIn(dir)).toEqual(["tile/8/0/000", "tile/8/0/002.p/88", "tile/8/1/000.p/2"]);
    for (const t of tilesIn(dir)) expect(readFileSync(join(dir, "cache", key.name, t))).toEqual(db.files().get(`/sumdb/${key.name}/${t}`));
  });
});

/** The signed tree note of the 300-record database that grownTree's first lookup saw. */
let originalNote = "";
/** The tiles saved by that first lookup. */
let tilesAfterFirst: string[] = [];

/**
 * grownTree looks up a record of a 300-record database into a fresh directory, then returns
 * the database grown to 400 records, and a fork of it whose first 300 records are changed
 * by edit.
 */
async function grownTree(prefix: string, edit: (i: number, record: string) => string): Promise<{ dir: string; grown: FakeSumDB; fork: FakeSumDB }> {
  const db = database(300);
  const dir = mkdtempSync(join(scratch, prefix));
  const first = await startFakeProxy(db.files());
  await client(dir, first.url).lookup("example.com/m10", "v1.0.3");
  await first.close();
  originalNote = db.treeNote();
  tilesAfterFirst = tilesIn(dir);
  const grown = new FakeSumDB(key);
  const fork = new FakeSumDB(key);
  db.records.forEach((r, i) => {
    grown.add(r.toString());
    fork.add(edit(i, r.toString()));
  });
  for (let i = 0; i < 100; i++) {
    grown.add(`example.com/f${i} v1.0.0 h1:BBBB\n`);
    fork.add(`example.com/f${i} v1.0.0 h1:BBBB\n`);
  }
  return { dir, grown, fork };
}

/** tilesIn lists the tiles saved in a directory's checksum database cache, sorted. */
function tilesIn(dir: string): string[] {
  const root = join(dir, "cache", key.name);
  if (!existsSync(join(root, "tile"))) return [];
  return (readdirSync(join(root, "tile"), { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => relative(root, join(d.parentPath, d.name)).split(sep).join("/"))
    .sort();
}

/** consistencyProof is RFC 6962's SUBPROOF(m, D[lo:hi], b), from the database's own hashes. */
function consistencyProof(db: FakeSumDB, m: number, lo: number, hi: number, complete: boolean): Buffer[] {
  if (m === hi - lo) return complete ? [] : [db.rangeHash(lo, hi)];
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  if (m <= k) return [...consistencyProof(db, m, lo, lo + k, complete), db.rangeHash(lo + k, hi)];
  return [...consistencyProof(db, m - k, lo + k, hi, false), db.rangeHash(lo, lo + k)];
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("verifying downloads missing from go.sum", () => {
  it("accepts a hash the database holds and rejects one it does not, in go's words", async () => {
    const db = new FakeSumDB(key);
    const goMod = "module example.com/a\n";
    db.add(`example.com/a v1.0.0 h1:${Buffer.alloc(32, 1).toString("base64")}\nexample.com/a v1.0.0/go.mod ${hashGoMod(goMod)}\n`);
    proxy = await startFakeProxy(db.files());
    const sumdb = client(mkdtempSync(join(scratch, "verify-")), proxy.url);
    const v = new Verifier(null, { GOSUMDB: key.vkey, GONOSUMDB: "", sumdb });
    await v.check("example.com/a", "v1.0.0/go.mod", hashGoMod(goMod));
    expect(v.verified.get("example.com/a v1.0.0/go.mod")).toEqual(new Set([hashGoMod(goMod)]));
    const err = await v.check("example.com/a", "v1.0.0", "h1:" + Buffer.alloc(32, 2).toString("base64")).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `example.com/a@v1.0.0: verifying module: checksum mismatch\n\tdownloaded: h1:${Buffer.alloc(32, 2).toString("base64")}\n` +
      `\tsum.example.test: h1:${Buffer.alloc(32, 1).toString("base64")}\n\nSECURITY ERROR\n` +
      "This download does NOT match the one reported by the checksum server.\nThe bits may have been replaced on the origin server, or an attacker may\n" +
      "have intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n");
  });

  it("skips the database for GONOSUMDB modules and with GOSUMDB=off", async () => {
    const v1 = new Verifier(null, { GOSUMDB: key.vkey, GONOSUMDB: "example.com/private", sumdb: null });
    await v1.check("example.com/private/x", "v1.0.0", "h1:x");
    const v2 = new Verifier(null, { GOSUMDB: "off", GONOSUMDB: "" });
    await v2.check("example.com/any", "v1.0.0", "h1:x");
    const v3 = new Verifier(null, { GOSUMDB: key.vkey, GONOSUMDB: "", sumdb: null });
    const err = await v3.check("example.com/public", "v1.0.0", "h1:x").catch((e: Error) => e);
    expect(fetchHint(err)).toMatch(/GONOSUMDB/);
  });
});
