// Lossless conversion between bytes and strings.
//
// go.mod and go.sum are byte files, and the go command copies bytes it does not
// understand (in comments, for example) through unchanged. decodeBytes turns every
// byte that is not part of valid UTF-8 into a code point of its own
// (U+DC80 + byte, a lone surrogate that valid UTF-8 can never produce), and
// encodeText turns those back into the original bytes.


const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** isEscapedByte reports whether the code point stands for an undecodable input byte. */
export function isEscapedByte(cp: number): boolean {
  return cp >= 0xdc80 && cp <= 0xdcff;
}

/** decodeBytes decodes UTF-8 bytes to a string, keeping undecodable bytes recoverable. */
export function decodeBytes(bytes: Uint8Array): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return decodeSlow(bytes);
  }
}

// decodeSlow decodes bytes that are not all valid UTF-8: one pass writing UTF-16 code
// units into a buffer (never more units than bytes), turned into a string in slices.
function decodeSlow(b: Uint8Array): string {
  const units = new Uint16Array(b.length);
  let n = 0;
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    if (c < 0x80) {
      units[n++] = c;
      i++;
      continue;
    }
    const [cp, size] = decodeRune(b, i);
    if (size === 0) {
      units[n++] = 0xdc00 + c;
      i++;
    } else if (cp > 0xffff) {
      units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
      units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
      i += size;
    } else {
      units[n++] = cp;
      i += size;
    }
  }
  const parts: string[] = [];
  for (let k = 0; k < n; k += 8192) {
    parts.push(String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + 8192)) as unknown as number[]));
  }
  return parts.join("");
}

// decodeRune decodes one multi-byte UTF-8 sequence at b[i], returning [codePoint, size],
// or size 0 where the bytes are not valid UTF-8 (following Go's utf8.DecodeRune).
function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c0 = b[i];
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c0 >= 0xc2 && c0 <= 0xdf && cont(1)) {
    return [((c0 & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
  }
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    if (cont(1, lo, hi) && cont(2)) {
      return [((c0 & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f), 3];
    }
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    if (cont(1, lo, hi) && cont(2) && cont(3)) {
      return [((c0 & 0x07) << 18) | ((b[i + 1] & 0x3f) << 12) | ((b[i + 2] & 0x3f) << 6) | (b[i + 3] & 0x3f), 4];
    }
  }
  return [0, 0];
}

/** encodeText encodes a string as UTF-8, restoring bytes that decodeBytes escaped. */
export function encodeText(s: string): Buffer {
  if (!/[\udc80-\udcff]/.test(s)) return Buffer.from(s, "utf8");
  // One buffer (a UTF-16 code unit never needs more than 3 bytes), written in runs, so
  // that text full of escaped bytes costs no allocation per byte.
  const out = Buffer.allocUnsafe(s.length * 3);
  let n = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const cu = s.charCodeAt(i);
    if (isEscapedByte(cu) && !(i > 0 && isHighSurrogate(s.charCodeAt(i - 1)))) {
      if (i > start) n += out.write(s.slice(start, i), n, "utf8");
      out[n++] = cu - 0xdc00;
      start = i + 1;
    }
  }
  if (s.length > start) n += out.write(s.slice(start), n, "utf8");
  return out.subarray(0, n);
}

function isHighSurrogate(cu: number): boolean {
  return cu >= 0xd800 && cu <= 0xdbff;
}

/** toText accepts either a string or bytes and returns a string. */
export function toText(input: string | Uint8Array): string {
  return typeof input === "string" ? input : decodeBytes(input);
}

/** isValidUTF8 reports whether s came from valid UTF-8 (holds no escaped byte or lone surrogate). */
export function isValidUTF8(s: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
}

/**
 * Utf8Chunks decodes bytes as decodeBytes does, a piece at a time: each call of next
 * returns the following piece (null at the end), and the pieces joined equal
 * decodeBytes(bytes). Pieces double in size, so a reader that stops early pays for little
 * more than it read, and one that reads everything pays about as much as one decode.
 * A piece never ends inside a UTF-8 sequence.
 */
export class Utf8Chunks {
  private at = 0;
  private size = 1 << 16;

  constructor(private readonly bytes: Uint8Array) {}

  next(): string | null {
    const b = this.bytes;
    if (this.at >= b.length) return null;
    let end = Math.min(b.length, this.at + this.size);
    // Move the cut to a byte that cannot continue a sequence begun before it; after three
    // continuation bytes any sequence reaching the cut has ended or is invalid there.
    for (let k = 0; k < 3 && end < b.length && (b[end] & 0xc0) === 0x80; k++) end++;
    const piece = decodeBytes(b.subarray(this.at, end));
    this.at = end;
    this.size *= 2;
    return piece;
  }
}

/**
 * sameBytes reports whether text, encoded back to bytes with encodeText, equals bytes:
 * the comparison that decides whether a file must be rewritten (comparing decoded
 * strings would call two files with different undecodable bytes equal).
 */
export function sameBytes(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(encodeText(text));
}
