// What Go's compress/flate reader makes of a deflate stream, for wording errors: zlib
// finds the same streams bad, but says so in its own words ("invalid distance too far
// back") and without Go's position, "flate: corrupt input before offset N", where N
// counts the input bytes the reader had consumed. This decoder follows the reading
// discipline of Go's decompressor (one byte at a time, as many as a Huffman lookup
// needs, through the same 9-bit lookup tables, so that a bad code is found after the
// same byte) and is used only after a fast decode has failed: speed does not matter.

import { crcTable } from "./zipentry.js";

/** The outcome of decoding a whole stream: the bytes produced, their CRC-32, and Go's error if any. */
export interface FlateVerdict {
  produced: number;
  crc32: number;
  /** "flate: corrupt input before offset N", "unexpected EOF", or null for a sound stream. */
  error: string | null;
}

const chunkBits = 9;
const numChunks = 1 << chunkBits;
const maxNumLit = 286;
const maxNumDist = 30;
const windowSize = 1 << 15;
const codeOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Corrupt extends Error {}
class Truncated extends Error {}

function reverse(code: number, n: number): number {
  let r = 0;
  for (let i = 0; i < n; i++) r = (r << 1) | ((code >> i) & 1);
  return r;
}

/** A Huffman decoder in Go's layout: chunks for codes up to 9 bits, links below them. */
interface Decoder {
  min: number;
  chunks: Uint32Array;
  links: Uint32Array[];
  linkMask: number;
}

/** buildDecoder is huffmanDecoder.init: null for a code that is neither complete nor the one-code exception. */
function buildDecoder(lengths: number[]): Decoder | null {
  const count = new Array<number>(16).fill(0);
  let min = 0;
  let max = 0;
  for (const n of lengths) {
    if (n === 0) continue;
    if (min === 0 || n < min) min = n;
    if (n > max) max = n;
    count[n]++;
  }
  const h: Decoder = { min: 0, chunks: new Uint32Array(numChunks), links: [], linkMask: 0 };
  if (max === 0) return h;
  let code = 0;
  const next = new Array<number>(16).fill(0);
  for (let i = min; i <= max; i++) {
    code <<= 1;
    next[i] = code;
    code += count[i];
  }
  if (code !== 1 << max && !(code === 1 && max === 1)) return null;
  h.min = min;
  if (max > chunkBits) {
    const numLinks = 1 << (max - chunkBits);
    h.linkMask = numLinks - 1;
    const link = next[chunkBits + 1] >> 1;
    for (let j = link; j < numChunks; j++) {
      const off = j - link;
      h.chunks[reverse(j, chunkBits)] = ((off << 4) | (chunkBits + 1)) >>> 0;
      h.links[off] = new Uint32Array(numLinks);
    }
  }
  lengths.forEach((n, i) => {
    if (n === 0) return;
    const c = next[n]++;
    const chunk = ((i << 4) | n) >>> 0;
    const rev = reverse(c, n);
    if (n <= chunkBits) {
      for (let off = rev; off < numChunks; off += 1 << n) h.chunks[off] = chunk;
    } else {
      const j = rev & (numChunks - 1);
      const linktab = h.links[h.chunks[j] >>> 4];
      for (let off = rev >>> chunkBits; off < linktab.length; off += 1 << (n - chunkBits)) linktab[off] = chunk;
    }
  });
  return h;
}

const fixedLit = buildDecoder(Array.from({ length: 288 }, (_, i) => (i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8)))!;

/** The decoder's state: input position (Go's roffset), bit buffer, and the output window. */
class Inflater {
  roffset = 0;
  b = 0;
  nb = 0;
  produced = 0;
  crc = 0xffffffff;
  readonly hist = new Uint8Array(windowSize);

  constructor(private readonly input: Uint8Array) {}

  readByte(): number {
    if (this.roffset >= this.input.length) throw new Truncated();
    return this.input[this.roffset++];
  }

  need(n: number): void {
    while (this.nb < n) {
      this.b = (this.b | (this.readByte() << this.nb)) >>> 0;
      this.nb += 8;
    }
  }

  bits(n: number): number {
    this.need(n);
    const v = this.b & ((1 << n) - 1);
    this.b >>>= n;
    this.nb -= n;
    return v;
  }

  emit(byte: number): void {
    this.hist[this.produced % windowSize] = byte;
    this.produced++;
    this.crc = crcTable[(this.crc ^ byte) & 0xff] ^ (this.crc >>> 8);
  }

  sym(h: Decoder): number {
    let n = h.min;
    for (;;) {
      this.need(n);
      let chunk = h.chunks[this.b & (numChunks - 1)];
      n = chunk & 15;
      if (n > chunkBits) {
        chunk = h.links[chunk >>> 4][(this.b >>> chunkBits) & h.linkMask];
        n = chunk & 15;
      }
      if (n <= this.nb) {
        if (n === 0) throw new Corrupt();
        this.b >>>= n;
        this.nb -= n;
        return chunk >>> 4;
      }
    }
  }

  stored(): void {
    this.b = 0;
    this.nb = 0;
    const len = this.readByte() | (this.readByte() << 8);
    const nlen = this.readByte() | (this.readByte() << 8);
    if ((nlen ^ 0xffff) !== len) throw new Corrupt();
    for (let i = 0; i < len; i++) this.emit(this.readByte());
  }

  dynamic(): [Decoder, Decoder] {
    this.need(14);
    const nlit = this.bits(5) + 257;
    if (nlit > maxNumLit) throw new Corrupt();
    const ndist = this.bits(5) + 1;
    if (ndist > maxNumDist) throw new Corrupt();
    const nclen = this.bits(4) + 4;
    const codebits = new Array<number>(19).fill(0);
    for (let i = 0; i < nclen; i++) codebits[codeOrder[i]] = this.bits(3);
    const h1 = buildDecoder(codebits);
    if (!h1) throw new Corrupt();
    const lengths = new Array<number>(nlit + ndist).fill(0);
    for (let i = 0; i < lengths.length; ) {
      const x = this.sym(h1);
      if (x < 16) {
        lengths[i++] = x;
        continue;
      }
      if (x === 16 && i === 0) throw new Corrupt();
      const [base, nb, value] = x === 16 ? [3, 2, lengths[i - 1]] : x === 17 ? [3, 3, 0] : [11, 7, 0];
      const rep = base + this.bits(nb);
      if (i + rep > lengths.length) throw new Corrupt();
      for (let j = 0; j < rep; j++) lengths[i++] = value;
    }
    const lit = buildDecoder(lengths.slice(0, nlit));
    const dist = buildDecoder(lengths.slice(nlit));
    if (!lit || !dist) throw new Corrupt();
    if (lit.min < lengths[256]) lit.min = lengths[256];
    return [lit, dist];
  }

  huffman(lit: Decoder, dist: Decoder | null): void {
    for (;;) {
      const v = this.sym(lit);
      if (v < 256) {
        this.emit(v);
        continue;
      }
      if (v === 256) return;
      if (v >= maxNumLit) throw new Corrupt();
      const length = this.length(v);
      let d = dist === null ? reverse(this.bits(5), 5) : this.sym(dist);
      if (d < 4) d++;
      else if (d < maxNumDist) {
        const nb = (d - 2) >> 1;
        const extra = ((d & 1) << nb) | this.bits(nb);
        d = (1 << (nb + 1)) + 1 + extra;
      } else throw new Corrupt();
      if (d > Math.min(this.produced, windowSize)) throw new Corrupt();
      for (let i = 0; i < length; i++) this.emit(this.hist[(this.produced - d) % windowSize]);
    }
  }

  length(v: number): number {
    if (v < 265) return v - 254;
    if (v === 285) return 258;
    const n = Math.floor((v - 261) / 4);
    const base = [11, 19, 35, 67, 131][n - 1];
    return base + ((v - 265 - (n - 1) * 4) << n) + this.bits(n);
  }

  run(): void {
    for (;;) {
      this.need(3);
      const final = this.bits(1) === 1;
      const typ = this.bits(2);
      if (typ === 0) this.stored();
      else if (typ === 1) this.huffman(fixedLit, null);
      else if (typ === 2) {
        const [lit, dist] = this.dynamic();
        this.huffman(lit, dist);
      } else throw new Corrupt();
      if (final) return;
    }
  }
}

/** flateVerdict decodes a raw deflate stream as Go's compress/flate reads it. */
export function flateVerdict(input: Uint8Array): FlateVerdict {
  const f = new Inflater(input);
  let error: string | null = null;
  try {
    f.run();
  } catch (e) {
    if (e instanceof Corrupt) error = `flate: corrupt input before offset ${f.roffset}`;
    else if (e instanceof Truncated) error = "unexpected EOF";
    else throw e;
  }
  return { produced: f.produced, crc32: ~f.crc >>> 0, error };
}
