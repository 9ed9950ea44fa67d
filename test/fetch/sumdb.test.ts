// The checksum database client against a fake database served on 127.0.0.1: answers are
// accepted only when signed and proven to be in the tree, trees must stay consistent, and
// downloads missing from go.sum are checked against the database with go's messages.

import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { fetchHint } from "../../src/fetch/errors.js";
import { HttpClient } from "../../src/fetch/http.js";
import { parseProxyList } from "../../src/fetch/proxy-list.js";
import { SumDB } from "../../src/fetch/sumdb/client.js";
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
    expect((err as Error).message).toBe("example.com/m5@v1.0.5: proof of record inclusion failed");
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

  it("detects a forked tree", async () => {
    const db = database(300);
    const dir = mkdtempSync(join(scratch, "fork-"));
    proxy = await startFakeProxy(db.files());
    await client(dir, proxy.url).lookup("example.com/m10", "v1.0.3");
    await proxy.close();
    const fork = new FakeSumDB(key);
    db.records.forEach((r, i) => fork.add(i === 5 ? "example.com/evil v1.0.0 h1:AAAA\n" : r.toString()));
    for (let i = 0; i < 100; i++) fork.add(`example.com/f${i} v1.0.0 h1:BBBB\n`);
    proxy = await startFakeProxy(fork.files());
    const err = await client(dir, proxy.url).lookup("example.com/f50", "v1.0.0").catch((e: Error) => e);
    expect((err as Error).message).toMatch(/checksum database trees of size 300 and 400 are inconsistent[\s\S]*SECURITY ERROR/);
  });
});

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
