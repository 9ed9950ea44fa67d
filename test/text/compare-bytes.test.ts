// compareBytes orders strings as Go orders their bytes, escaped undecodable bytes and
// surrogate pairs included (its cost on long strings is measured by npm run fuzz:modfile's
// slow-case count, not here).

import { describe, expect, it } from "vitest";
import { compareBytes } from "../../src/text/unicode.js";
import { decodeBytes, encodeText } from "../../src/text/utf8.js";
import { rng } from "../support/mutate.js";

const sign = (n: number) => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe("compareBytes", () => {
  it("agrees with comparing the UTF-8 bytes, on strings full of escapes, pairs and multi-byte code points", () => {
    const rand = rng(5);
    const pieces = [[0x61], [0x7a], [0xc3], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xff], [0xed, 0xa0, 0x80], [0xef, 0xbf, 0xbd]];
    const make = (len: number) => decodeBytes(Buffer.from(Array.from({ length: len }, () => pieces[Math.floor(rand() * pieces.length)]).flat()));
    for (let k = 0; k < 3000; k++) {
      const a = make(Math.floor(rand() * 40));
      const b = rand() < 0.5 ? a.slice(0, Math.floor(rand() * a.length)) + make(Math.floor(rand() * 40)) : make(Math.floor(rand() * 40));
      expect(sign(compareBytes(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(sign(Buffer.compare(encodeText(a), encodeText(b))));
    }
  });
});
