// Character classes with the meaning Go's unicode package gives them.
// JavaScript's own notions differ: String.prototype.trim also strips U+FEFF,
// and \s matches it too, while Go's unicode.IsSpace does not.

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
 * letters, marks, numbers, punctuation, symbols and the ASCII space.
 * Code points that stand for undecodable bytes (see decodeBytes) count as printable,
 * as Go's U+FFFD replacement rune does.
 */
export function isPrint(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x20 && cp < 0x7f;
  if (isEscapedByte(cp)) return true;
  return printable.test(String.fromCodePoint(cp));
}

/** isEscapedByte reports whether the code point stands for an undecodable input byte. */
export function isEscapedByte(cp: number): boolean {
  return cp >= 0xdc80 && cp <= 0xdcff;
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

/** compareBytes orders two strings by their UTF-8 encodings, as Go compares strings. */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // UTF-16 order differs from code point order only where a surrogate pair
    // meets a code unit in U+E000..U+FFFF; compare full code points there.
    const cx = a.codePointAt(i)!;
    const cy = b.codePointAt(i)!;
    return cx < cy ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}
