// CacheStore: entries by kind and key, never read across versions, a damaged file a miss,
// bounded by trimming the least recently used.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { CacheStore, decodeEntry } from "../../src/cache/store.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-store-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("CacheStore", () => {
  it("returns what was put, by kind and key", () => {
    const s = new CacheStore(join(scratch, "a"), { toolVersion: "1.0.0" });
    s.put("module", "/m@v1", { dirs: { "": null } });
    expect(s.get("module", "/m@v1")).toEqual({ dirs: { "": null } });
    expect(s.get("module", "/m@v2")).toBeUndefined();
    expect(s.get("dir", "/m@v1")).toBeUndefined();
    expect(s.usage()).toMatchObject({ entries: 1, kinds: { module: 1, dir: 0, check: 0 } });
  });

  it("never reads an entry of another gotidy-ts version", () => {
    const dir = join(scratch, "b");
    new CacheStore(dir, { toolVersion: "1.0.0" }).put("check", "k", { tidy: true });
    expect(new CacheStore(dir, { toolVersion: "1.0.1" }).get("check", "k")).toBeUndefined();
    expect(new CacheStore(dir, { toolVersion: "1.0.0" }).get("check", "k")).toEqual({ tidy: true });
  });

  it("takes a truncated, edited or foreign file for no entry", () => {
    const s = new CacheStore(join(scratch, "c"), { toolVersion: "1" });
    s.put("check", "k", { tidy: true });
    const file = s.pathOf("check", "k");
    const text = readFileSync(file, "utf8");
    expect(decodeEntry(text, s.tag, "check", "k")).toEqual({ tidy: true });
    for (const bad of [text.slice(0, -3), text.replace("true", "fals"), "", "garbage\n{}", text.replace(/^\S+ \S+/, "gotidy-ts-cache 00")]) {
      writeFileSync(file, bad);
      // (a store of another process: this one keeps what it put)
      expect(new CacheStore(join(scratch, "c"), { toolVersion: "1" }).get("check", "k"), JSON.stringify(bad)).toBeUndefined();
      expect(s.get("check", "k", true), JSON.stringify(bad)).toBeUndefined();
    }
    expect(decodeEntry(text, s.tag, "check", "other")).toBeUndefined();
    s.put("check", "k", { tidy: true });
    expect(s.get("check", "k")).toEqual({ tidy: true });
  });

  it("keeps a parted entry's data and parts, each part decoded alone", () => {
    const s = new CacheStore(join(scratch, "parted"), { toolVersion: "1" });
    const parts = new Map([["", JSON.stringify({ a: 1 })], ["x/y", "null"], ["é", JSON.stringify(["ü", "\n"])], ["__proto__", "2"]]);
    const put = s.putParts("module", "/m@v1", { goDirs: { x: true } }, parts);
    for (const e of [put, s.getParts("module", "/m@v1")!, new CacheStore(join(scratch, "parted"), { toolVersion: "1" }).getParts("module", "/m@v1")!]) {
      expect(e.data).toEqual({ goDirs: { x: true } });
      expect(e.names()).toEqual(["", "x/y", "é", "__proto__"]);
      expect([e.part(""), e.part("x/y"), e.part("é"), e.part("__proto__"), e.part("z"), e.part("constructor")]).toEqual([{ a: 1 }, null, ["ü", "\n"], 2, undefined, undefined]);
      expect(e.text("x/y")).toBe("null");
    }
    // A parted entry is not a plain one, nor the other way round.
    expect(s.get("module", "/m@v1")).toBeUndefined();
    expect(new CacheStore(join(scratch, "parted"), { toolVersion: "1" }).get("module", "/m@v1")).toBeUndefined();
    s.put("module", "/plain", { dirs: {} });
    expect(s.getParts("module", "/plain")).toBeUndefined();
    // Another version, kind or key: no entry.
    expect(new CacheStore(join(scratch, "parted"), { toolVersion: "2" }).getParts("module", "/m@v1")).toBeUndefined();
    expect(s.getParts("dir", "/m@v1")).toBeUndefined();
    // A part that is not JSON reads as absent; the others are still there.
    s.putParts("module", "/bad", null, new Map([["a", "{"], ["b", "1"]]));
    expect([s.getParts("module", "/bad")!.part("a"), s.getParts("module", "/bad")!.part("b")]).toEqual([undefined, 1]);
  });

  it("takes a truncated, edited or misframed parted file for no entry", () => {
    const dir = join(scratch, "parted-bad");
    const s = new CacheStore(dir, { toolVersion: "1" });
    s.putParts("module", "k", { n: 1 }, new Map([["a", JSON.stringify({ long: "x".repeat(100) })], ["b", "true"]]));
    const file = s.pathOf("module", "k");
    const bytes = readFileSync(file);
    const text = bytes.toString("utf8");
    const body = text.slice(text.indexOf("\n") + 1);
    const resummed = (b: string) => `gotidy-ts-cache ${createHash("sha256").update(b).digest("hex")}\n${b}`;
    const bad = [
      bytes.subarray(0, bytes.length - 1), bytes.subarray(0, 40), Buffer.from(text.replace("xxxx", "xxxy")), Buffer.from(""),
      // well summed, but a range past the end, a head that is not JSON, no head line
      Buffer.from(resummed(body.replace(/"b":\[(\d+),(\d+)\]/, (_, a, b) => `"b":[${a},${Number(b) + 1}]`))),
      Buffer.from(resummed("{" + body)), Buffer.from(resummed(body.replace("\n", " "))),
    ];
    for (const b of bad) {
      writeFileSync(file, b);
      expect(new CacheStore(dir, { toolVersion: "1" }).getParts("module", "k"), JSON.stringify(b.toString("latin1"))).toBeUndefined();
    }
    writeFileSync(file, resummed(body));
    expect(new CacheStore(dir, { toolVersion: "1" }).getParts("module", "k")!.part("b")).toBe(true);
  });

  it("reads an entry once, unless asked to read it again", () => {
    const dir = join(scratch, "once");
    const s = new CacheStore(dir, { toolVersion: "1" });
    expect(s.get("check", "k")).toBeUndefined();
    const other = new CacheStore(dir, { toolVersion: "1" });
    other.put("check", "k", { tidy: true });
    expect(s.get("check", "k")).toBeUndefined();
    expect(s.get("check", "k", true)).toEqual({ tidy: true });
    other.put("check", "k", { tidy: false });
    expect(s.get("check", "k")).toEqual({ tidy: true });
    s.put("check", "k", { unused: [] });
    expect(s.get("check", "k")).toEqual({ unused: [] });
  });

  it("trims the least recently used entries to its size, and those unused for too long", () => {
    const s = new CacheStore(join(scratch, "d"), { toolVersion: "1", maxBytes: 1000, maxAge: 1e15 });
    const big = "x".repeat(300);
    for (let i = 0; i < 5; i++) {
      s.put("dir", `k${i}`, big);
      utimesSync(s.pathOf("dir", `k${i}`), 1_000_000 + i, 1_000_000 + i); // k0 the oldest
    }
    const size = statSync(s.pathOf("dir", "k0")).size;
    s.trim();
    const kept = [0, 1, 2, 3, 4].map((i) => existsSync(s.pathOf("dir", `k${i}`)));
    const n = Math.floor(1000 / size); // the newest that fit
    expect(kept).toEqual([0, 1, 2, 3, 4].map((i) => i >= 5 - n));
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(5);
    // Unused for longer than maxAge: removed whatever the size.
    const aged = new CacheStore(join(scratch, "d2"), { toolVersion: "1", maxAge: 1000, now: () => 2_000_000_000 });
    aged.put("check", "old", 1);
    aged.put("check", "new", 1);
    utimesSync(aged.pathOf("check", "old"), 1_000_000, 1_000_000);
    utimesSync(aged.pathOf("check", "new"), 2_000_000, 2_000_000);
    aged.trim();
    expect(existsSync(aged.pathOf("check", "old"))).toBe(false);
    expect(existsSync(aged.pathOf("check", "new"))).toBe(true);
  });

  it("empties itself, and only its own entries, on clean", () => {
    const dir = join(scratch, "e");
    const s = new CacheStore(dir, { toolVersion: "1" });
    s.put("module", "m", 1);
    writeFileSync(join(dir, "mine.txt"), "kept");
    s.clean();
    expect(s.usage().entries).toBe(0);
    expect(readFileSync(join(dir, "mine.txt"), "utf8")).toBe("kept");
  });
});
