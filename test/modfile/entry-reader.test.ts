// EntryReader, the reader of zip entries into reused buffers, answers as entryContent does:
// the same bytes for every entry (whole, or in pieces put together), or the same error,
// whether the zip is in memory or read from its file by range, for entries small and large
// (longer than a piece, a file source's window and the scratch buffers kept), stored and
// deflated, intact and with bytes changed.

import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EntryReader, entryContent, readZipDirectory, type ZipBytes, type ZipDirEntry } from "../../src/modfile/zipread.js";
import { withZipFile } from "../../src/modfile/zipsource.js";
import { writeZip, type ZipEntry } from "../support/zip-writer.js";
import { rng } from "../support/mutate.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-entry-reader-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** answer is what reading an entry gives: its length and SHA-256, or the error's class and message. */
function answer(read: () => Buffer): { bytes?: string; error?: string } {
  try {
    const bytes = read();
    return { bytes: `${bytes.length} ${createHash("sha256").update(bytes).digest("hex")}` };
  } catch (err) {
    return { error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}

/**
 * inPieces is what reader.pieces gives for e, put together: each piece copied to its
 * offset (content given again from offset 0 starts over), every piece checked to follow
 * the one before it.
 */
function inPieces(reader: EntryReader, e: ZipDirEntry): Buffer {
  let parts: Buffer[] = [];
  let length = 0;
  reader.pieces(e, (piece, at) => {
    if (at === 0) [parts, length] = [[], 0];
    expect(at).toBe(length);
    parts.push(Buffer.from(piece));
    length += piece.length;
  });
  return Buffer.concat(parts);
}

/** compare reads every entry all three ways, in order, through one EntryReader each, and expects the same answers. */
function compare(zip: ZipBytes, entries: ZipDirEntry[]): number {
  const reader = new EntryReader(zip);
  const pieceReader = new EntryReader(zip);
  let read = 0;
  try {
    for (const e of entries) {
      const want = answer(() => entryContent(zip, e));
      const got = answer(() => reader.content(e));
      expect(got).toEqual(want);
      expect(answer(() => inPieces(pieceReader, e))).toEqual(want);
      if (got.bytes) read++;
    }
  } finally {
    reader.close();
    pieceReader.close();
  }
  return read;
}

function sample(rand: () => number, huge = true): ZipEntry[] {
  const text = (n: number) => {
    const lines: string[] = [];
    for (let i = 0, len = 0; len < n; i++) len += lines[lines.push("package p // " + ((i * 7919) % 1000) + "\n") - 1].length;
    return Buffer.from(lines.join("").slice(0, n));
  };
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
  return [
    { name: "m@v1/go.mod", data: "module m\n", store: true },
    { name: "m@v1/empty.go", data: "" },
    { name: "m@v1/a.go", data: text(5000) },
    { name: "m@v1/stored.txt", data: text(3000), store: true },
    { name: "m@v1/big.txt", data: text(300_000) }, // longer than a file source's window, deflated
    { name: "m@v1/big.bin", data: noise(400_000) }, // compressed longer than the window
    { name: "m@v1/big-stored.txt", data: text(600_000), store: true }, // stored, read in pieces
    ...(huge ? [{ name: "m@v1/huge.txt", data: text(5_000_000) }] : []), // longer than a kept scratch buffer
    { name: "m@v1/after.go", data: text(2000) },
  ];
}

describe("EntryReader", () => {
  it("reads what entryContent reads, from memory and from a file", async () => {
    const zip = writeZip(sample(rng(1)));
    const entries = readZipDirectory(zip);
    expect(compare(zip, entries)).toBe(entries.length);
    const file = join(scratch, "intact.zip");
    writeFileSync(file, zip);
    await withZipFile(file, (src) => expect(compare(src, readZipDirectory(src))).toBe(entries.length));
  }, 30_000);

  it("fails where entryContent fails, with its error, when bytes of the zip are changed", async () => {
    const rand = rng(7);
    const zip = writeZip(sample(rand, false));
    const entries = readZipDirectory(zip);
    // Changed bytes in the entries' data and headers (the central directory stays readable).
    const dataEnd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    let failures = 0;
    for (let round = 0; round < 16; round++) {
      const bad = Buffer.from(zip);
      const changes = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < changes; k++) bad[Math.floor(rand() * dataEnd)] ^= 1 + Math.floor(rand() * 255);
      const read = compare(bad, entries);
      if (read < entries.length) failures++;
      const file = join(scratch, `changed-${round}.zip`);
      writeFileSync(file, bad);
      await withZipFile(file, (src) => expect(compare(src, entries)).toBe(read));
    }
    expect(failures).toBeGreaterThan(4);
  });

  it("fails as entryContent does for a zip cut short", async () => {
    const zip = writeZip(sample(rng(3), false));
    const entries = readZipDirectory(zip);
    for (const cut of [zip.length - 100_000, 200_000, 5000]) {
      const file = join(scratch, `cut-${cut}.zip`);
      writeFileSync(file, zip.subarray(0, cut));
      await withZipFile(file, (src) => {
        expect(compare(src, entries)).toBeLessThan(entries.length);
      });
    }
  });
});
