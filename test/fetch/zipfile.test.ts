// Module zips as the go command reads them: every entry's content checked against its
// CRC-32 and size (archive/zip's "zip: checksum error", "zip: not a valid zip file",
// "unexpected EOF"), names that are not UTF-8 refused, and case collisions found with
// Go's simple case folding (strings.EqualFold), not with full upper-casing.

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { unpackModuleZip } from "../../src/fetch/zipfile.js";
import { moduleZipFiles } from "../../src/fetch/ziprules.js";
import { readZipDirectory } from "../../src/modfile/zipread.js";
import { ZipError } from "../../src/fetch/errors.js";
import { hashZip } from "../../src/modfile/hash.js";
import { crc32Update, ZipEntryError } from "../../src/modfile/zipentry.js";
import { foldKey } from "../../src/text/unicode.js";
import { writeZip } from "../support/zip-writer.js";
import { rng } from "../support/mutate.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-zipfile-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const prefix = "example.com/a@v1.0.0/";
let counter = 0;

function zipOf(entries: { name: string | Buffer; data: string; store?: boolean }[]): Buffer {
  return writeZip(entries.map((e) => ({ ...e, name: typeof e.name === "string" ? prefix + e.name : Buffer.concat([Buffer.from(prefix), e.name]) })));
}

/** extract checks and extracts a zip into a fresh directory: the extracted names, or the error. */
async function extract(zip: Buffer): Promise<{ files?: string[]; error?: unknown; dir: string }> {
  const dir = join(scratch, `d${++counter}`);
  try {
    const entries = readZipDirectory(zip);
    const files = moduleZipFiles(entries, "example.com/a", "v1.0.0", zip.length);
    await unpackModuleZip(zip, entries, { hash: false, extract: { files, dir } }, false);
    return { files: readdirSync(dir, { recursive: true }).map(String).sort(), dir };
  } catch (error) {
    return { error, dir };
  }
}

/** centralEntry returns the offset of the n-th central directory header. */
function centralEntry(zip: Buffer, n: number): number {
  let at = -1;
  for (let k = 0; k <= n; k++) at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 1);
  if (at < 0) throw new Error("no such central directory entry");
  return at;
}

describe("zip entry content checks", () => {
  const files = [
    { name: "go.mod", data: "module example.com/a\n", store: true },
    { name: "a.go", data: "package a\n\n// " + "some text to compress ".repeat(40) + "\n" },
  ];

  it("computes the IEEE CRC-32", () => {
    expect(crc32Update(0, Buffer.from("123456789"))).toBe(0xcbf43926);
    expect(crc32Update(crc32Update(0, Buffer.from("1234")), Buffer.from("56789"))).toBe(0xcbf43926);
  });

  it("extracts an intact zip", async () => {
    const r = await extract(zipOf(files));
    expect(r.error).toBeUndefined();
    expect(r.files).toEqual(["a.go", "go.mod"]);
  });

  it("refuses a bit flipped in stored content with go's checksum error, extracting nothing usable", async () => {
    const zip = zipOf(files);
    zip[zip.indexOf("module example.com/a")] ^= 0x01;
    const r = await extract(zip);
    expect(r.error).toBeInstanceOf(ZipEntryError);
    expect((r.error as ZipEntryError).message).toBe("zip: checksum error");
    expect((r.error as ZipEntryError).entryName).toBe(prefix + "go.mod");
    await expect(hashZip(zip)).rejects.toThrow(/^zip: checksum error$/);
  });

  it("never accepts a bit flipped anywhere in compressed content", async () => {
    const good = zipOf(files);
    const start = good.indexOf(Buffer.from("a.go"), 30) + 4; // the deflated data follows the local header's name
    const end = centralEntry(good, 0);
    const rand = rng(17);
    let refused = 0;
    let checksum = 0;
    for (let k = 0; k < 40; k++) {
      const zip = Buffer.from(good);
      const bit = Math.floor(rand() * (end - start) * 8);
      zip[start + (bit >> 3)] ^= 1 << (bit & 7);
      const r = await extract(zip);
      // An inflate error or a checksum error; never a tree with changed content.
      expect(r.error).toBeDefined();
      if (r.error instanceof ZipEntryError) checksum++;
      refused++;
      await expect(hashZip(zip)).rejects.toBeDefined();
    }
    expect(refused).toBe(40);
    expect(checksum).toBeGreaterThan(0);
  });

  it("refuses content longer or shorter than the declared size, as archive/zip does", async () => {
    const longer = zipOf(files);
    longer.writeUInt32LE(longer.readUInt32LE(centralEntry(longer, 0) + 24) - 1, centralEntry(longer, 0) + 24);
    const r1 = await extract(longer);
    expect((r1.error as Error).message).toBe("zip: not a valid zip file");
    const shorter = zipOf([files[1]]);
    shorter.writeUInt32LE(shorter.readUInt32LE(centralEntry(shorter, 0) + 24) + 1, centralEntry(shorter, 0) + 24);
    const r2 = await extract(shorter);
    expect((r2.error as Error).message).toBe("unexpected EOF");
  });
});

describe("zip entry names", () => {
  it("refuses a name that is not valid UTF-8, as go does", async () => {
    const r = await extract(zipOf([{ name: "go.mod", data: "module example.com/a\n" }, { name: Buffer.from("b\xe9.go", "latin1"), data: "package a\n" }]));
    expect(r.error).toBeInstanceOf(ZipError);
    expect((r.error as Error).message).toContain('malformed file path "b\\xe9.go": invalid UTF-8');
    expect(existsSync(r.dir)).toBe(false);
  });

  it("finds collisions with Go's simple case folding", async () => {
    const kelvin = await extract(zipOf([{ name: "x/\u212a.go", data: "package x\n" }, { name: "x/k.go", data: "package x\n" }]));
    expect((kelvin.error as Error).message).toBe(`${prefix}x/k.go: case-insensitive file name collision: "x/\u212a.go" and "x/k.go"`);
    const sharpS = await extract(zipOf([{ name: "x/\u1e9e.go", data: "package x\n" }, { name: "x/\u00df.go", data: "package x\n" }]));
    expect((sharpS.error as Error).message).toContain("case-insensitive file name collision");
    // "ß" and "ss" are different names to go (full case mapping would make them one).
    const ss = await extract(zipOf([{ name: "x/\u00df.go", data: "package x\n" }, { name: "x/ss.go", data: "package x\n" }]));
    expect(ss.error).toBeUndefined();
    expect(ss.files).toEqual(["x", "x/ss.go", "x/\u00df.go"]);
  });

  it("folds as strings.EqualFold", () => {
    expect(foldKey("Go.MOD")).toBe(foldKey("go.mod"));
    expect(foldKey("\u017f")).toBe(foldKey("S")); // long s
    expect(foldKey("\u03c2")).toBe(foldKey("\u03a3")); // final sigma
    expect(foldKey("\u0345")).toBe(foldKey("\u03b9")); // ypogegrammeni folds to iota
    expect(foldKey("\u00df")).not.toBe(foldKey("ss"));
    expect(foldKey("\u0131")).not.toBe(foldKey("i")); // Turkish dotless i: not folded by Go
    expect(foldKey("\ufb00")).not.toBe(foldKey("ff"));
  });
});
