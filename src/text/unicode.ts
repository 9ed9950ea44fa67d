// Character classes with the meaning Go's unicode package gives them.
// JavaScript's own notions differ: String.prototype.trim also strips U+FEFF,
// and \s matches it too, while Go's unicode.IsSpace does not.

import { encodeText, isEscapedByte } from "./utf8.js";
import { isNewerThanGo } from "./unicode-newer.js";

/** isSpace reports whether the code point is white space as Go's unicode.IsSpace defines it. */
export function isSpace(cp: number): boolean {
  if (cp < 0x80) {
    return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  }
  if (cp === 0x85 || cp === 0xa0) return true;
  return cp === 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp === 0x2028 || cp === 0x2029 ||
    cp === 0x202f || cp === 0x205f || cp === 0x3000;
}

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/**
 * isPrint reports whether the code point is printable as Go's unicode.IsPrint defines it:
 * letters, marks, numbers, punctuation, symbols and the ASCII space, of Go's Unicode
 * version (code points assigned later are not printable to Go).
 * Code points that stand for undecodable bytes (see decodeBytes) count as printable,
 * as Go's U+FFFD replacement rune does.
 */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  if (isEscapedByte(cp)) return true;
  return printable.test(String.fromCodePoint(cp)) && !isNewerThanGo(cp);
}

/** trimSpace removes leading and trailing white space as Go's strings.TrimSpace does. */
export function trimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s.charCodeAt(start))) start++;
  while (end > start && isSpace(s.charCodeAt(end - 1))) end--;
  return s.slice(start, end);
}

/** fields splits s around runs of white space as Go's strings.Fields does. */
export function fields(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isSpace(s.charCodeAt(i))) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) {
      start = i;
    }
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/**
 * compareBytes orders two strings by their UTF-8 encodings, as Go compares strings;
 * code points standing for undecodable bytes (see decodeBytes) count as those bytes.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  const x = a.charCodeAt(i);
  const y = b.charCodeAt(i);
  // Below the surrogates, UTF-16 order is code point order, which is UTF-8 byte order.
  if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
  // A surrogate pair, an escaped byte or a code unit above them: compare the bytes from
  // the start of the code point that differs.
  const from = i > 0 && a.charCodeAt(i - 1) >= 0xd800 && a.charCodeAt(i - 1) <= 0xdbff ? i - 1 : i;
  return compareTails(a, b, from);
}

/**
 * compareTails compares a and b's UTF-8 bytes from code unit from on, encoding a window
 * that doubles until the bytes differ or a string ends: the first differing code point
 * almost always decides, so a long string costs little more than a short one (encoding
 * both tails whole made sorting n long lines O(n log n) times their length).
 */
function compareTails(a: string, b: string, from: number): number {
  for (let k = 8; ; k *= 2) {
    const x = encodeText(a.slice(from, windowEnd(a, from + k)));
    const y = encodeText(b.slice(from, windowEnd(b, from + k)));
    const n = Math.min(x.length, y.length);
    const c = Buffer.compare(x.subarray(0, n), y.subarray(0, n));
    if (c !== 0) return c;
    const aDone = from + k >= a.length;
    const bDone = from + k >= b.length;
    // The strings differ (compareBytes checked), and so do their bytes: a string whose
    // whole tail is a prefix of the other's is the smaller.
    if (aDone && x.length <= y.length) return -1;
    if (bDone && y.length <= x.length) return 1;
  }
}

/** windowEnd is end, moved past a surrogate pair that it would split. */
function windowEnd(s: string, end: number): number {
  if (end >= s.length) return s.length;
  const c = s.charCodeAt(end - 1);
  return c >= 0xd800 && c <= 0xdbff ? end + 1 : end;
}

/** singleCase maps a code point through a case conversion when the result is one code point. */
function singleCase(cp: number, upper: boolean): number {
  const ch = String.fromCodePoint(cp);
  const out = upper ? ch.toUpperCase() : ch.toLowerCase();
  const first = out.codePointAt(0)!;
  return out.length === (first > 0xffff ? 2 : 1) ? first : cp;
}

// Case mappings reach no further than the supplementary plane's first part.
const foldLimit = 0x20000;
let foldTable: Int32Array | null = null;

/**
 * buildFoldTable joins the code points below foldLimit into classes linked by their
 * one-to-one case mappings (which gives Unicode's simple case-folding classes, as Go's
 * unicode.SimpleFold cycles through them) and maps each to the smallest of its class.
 * The Turkish dotted and dotless i are left alone: their mappings to ASCII come from the
 * Turkic rules, which Go's folding leaves out.
 */
function buildFoldTable(): Int32Array {
  const parent = new Int32Array(foldLimit);
  for (let i = 0; i < foldLimit; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const join = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  };
  for (let cp = 0; cp < foldLimit; cp++) {
    if ((cp >= 0xd800 && cp < 0xe000) || cp === 0x130 || cp === 0x131) continue;
    for (const other of [singleCase(cp, false), singleCase(cp, true)]) {
      if (other !== cp && other < foldLimit && other !== 0x130 && other !== 0x131) join(cp, other);
    }
  }
  for (let i = 0; i < foldLimit; i++) parent[i] = find(i);
  return parent;
}

/** foldRune is the smallest code point of cp's simple case-folding class, ASCII capitals made small. */
function foldRune(cp: number): number {
  // An ASCII letter is the smallest of its class (its class holds only larger code points).
  const min = cp < 0x80 || cp >= foldLimit ? cp : (foldTable ??= buildFoldTable())[cp];
  return min >= 0x41 && min <= 0x5a ? min + 0x20 : min;
}

/**
 * foldKey returns a key such that two strings have equal keys exactly when Go's
 * strings.EqualFold holds for them (golang.org/x/mod/zip's strToFold): each code point
 * becomes the smallest of the code points its simple (one-to-one) case mappings reach,
 * so "K" (Kelvin sign), "K" and "k" share a key, while "ß" and "ss" do not.
 */
export function foldKey(s: string): string {
  let ascii = true;
  for (let i = 0; i < s.length && ascii; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || (c >= 0x41 && c <= 0x5a)) ascii = false;
  }
  if (ascii) return s;
  let out = "";
  for (const ch of s) out += String.fromCodePoint(foldRune(ch.codePointAt(0)!));
  return out;
}
