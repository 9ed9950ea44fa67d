// The deflate decoder that words a bad stream as Go's compress/flate does: on sound
// streams it must produce exactly zlib's output (length and CRC-32); on damaged ones
// its offsets are pinned by the tamper-* fetch scenarios recorded from go.

import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { flateVerdict } from "../../src/modfile/flate-verdict.js";
import { rng } from "../support/mutate.js";

function sample(seed: number, size: number): Buffer {
  const rand = rng(seed);
  const words = ["module", "require", "go", "v1.2.3", "\n", "\t", "example.com/", "//", " "];
  const parts: string[] = [];
  let n = 0;
  while (n < size) {
    const w = rand() < 0.1 ? String.fromCharCode(32 + Math.floor(rand() * 95)) : words[Math.floor(rand() * words.length)];
    parts.push(w);
    n += w.length;
  }
  return Buffer.from(parts.join(""));
}

describe("flateVerdict", () => {
  it("decodes sound streams of every block type as zlib does", () => {
    for (const [seed, size, level] of [[1, 0, 6], [2, 10, 6], [3, 5000, 0], [4, 70000, 1], [5, 100000, 9], [6, 40000, 6]] as const) {
      const data = sample(seed, size);
      const v = flateVerdict(deflateRawSync(data, { level }));
      expect(v.error).toBeNull();
      expect(v.produced).toBe(data.length);
      expect(v.crc32).toBe(crc32(data) >>> 0);
    }
  });

  it("decodes fixed-Huffman blocks (short input)", () => {
    const data = Buffer.from("abcabcabcabc hello hello hello");
    const v = flateVerdict(deflateRawSync(data, { strategy: 4 })); // Z_FIXED
    expect(v).toEqual({ produced: data.length, crc32: crc32(data) >>> 0, error: null });
  });

  it("reports a stream that ends early as unexpected EOF, and a reserved block type as corrupt at its byte", () => {
    const full = deflateRawSync(sample(7, 3000));
    expect(flateVerdict(full.subarray(0, full.length - 3)).error).toBe("unexpected EOF");
    expect(flateVerdict(Buffer.from([0x07])).error).toBe("flate: corrupt input before offset 1"); // BFINAL=1, BTYPE=3
    expect(flateVerdict(Buffer.from([0x01, 0x05, 0x00, 0x00, 0x00])).error).toBe("flate: corrupt input before offset 5"); // stored, NLEN wrong
  });
});
