// Go string literal syntax: strconv.Quote, strconv.QuoteRune and strconv.Unquote.

import { isPrint } from "./unicode.js";
import { isEscapedByte } from "./utf8.js";
import { decodeBytes, encodeText } from "./utf8.js";

const simpleEscapes: Record<number, string> = {
  0x07: "\\a", 0x08: "\\b", 0x0c: "\\f", 0x0a: "\\n", 0x0d: "\\r", 0x09: "\\t", 0x0b: "\\v",
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

function escapeCodePoint(cp: number, quote: number): string {
  if (cp === quote || cp === 0x5c) return "\\" + String.fromCharCode(cp);
  if (isEscapedByte(cp)) return "\\x" + hex(cp - 0xdc00, 2);
  if (isPrint(cp)) return String.fromCodePoint(cp);
  const simple = simpleEscapes[cp];
  if (simple) return simple;
  if (cp < 0x20 || cp === 0x7f) return "\\x" + hex(cp, 2);
  if (cp >= 0xd800 && cp <= 0xdfff) return "\\ufffd";
  if (cp < 0x10000) return "\\u" + hex(cp, 4);
  return "\\U" + hex(cp, 8);
}

/** quote returns s as a double-quoted Go string literal, like strconv.Quote. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeCodePoint(ch.codePointAt(0)!, 0x22);
  return out + '"';
}

/** quoteRune returns a single-quoted Go character literal, like strconv.QuoteRune. */
export function quoteRune(cp: number): string {
  if (isEscapedByte(cp)) return "'\\ufffd'";
  return "'" + escapeCodePoint(cp, 0x27) + "'";
}

/** UnquoteError is strconv.ErrSyntax. */
export class UnquoteError extends Error {
  constructor() {
    super("invalid syntax");
    this.name = "UnquoteError";
  }
}

/** unquote interprets s as a Go string literal (double-quoted or raw), like strconv.Unquote. */
export function unquote(s: string): string {
  const n = s.length;
  if (n < 2) throw new UnquoteError();
  const q = s[0];
  if (q !== s[n - 1]) throw new UnquoteError();
  const body = s.slice(1, n - 1);
  if (q === "`") {
    if (body.includes("`")) throw new UnquoteError();
    return body.replace(/\r/g, "");
  }
  if (q !== '"' && q !== "'") throw new UnquoteError();
  if (body.includes("\n")) throw new UnquoteError();
  let out = "";
  let i = 0;
  let count = 0;
  while (i < body.length) {
    const c = body[i];
    if (c === q && q === '"') throw new UnquoteError();
    count++;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      out += isEscapedByte(cp) ? "\ufffd" : String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = body[i + 1];
    i += 2;
    switch (e) {
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "\\": out += "\\"; break;
      case "x": case "u": case "U": {
        const width = e === "x" ? 2 : e === "u" ? 4 : 8;
        const digits = body.slice(i, i + width);
        if (digits.length !== width || !/^[0-9a-fA-F]+$/.test(digits)) throw new UnquoteError();
        const v = parseInt(digits, 16);
        i += width;
        if (e === "x") {
          // A \x escape is a byte; bytes >= 0x80 stand alone.
          out += v < 0x80 ? String.fromCharCode(v) : String.fromCharCode(0xdc00 + v);
        } else {
          if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new UnquoteError();
          out += String.fromCodePoint(v);
        }
        break;
      }
      case "0": case "1": case "2": case "3": case "4": case "5": case "6": case "7": {
        const digits = body.slice(i - 1, i + 2);
        if (!/^[0-7]{3}$/.test(digits)) throw new UnquoteError();
        const v = parseInt(digits, 8);
        if (v > 255) throw new UnquoteError();
        i += 2;
        out += v < 0x80 ? String.fromCharCode(v) : String.fromCharCode(0xdc00 + v);
        break;
      }
      default:
        if (e === q) {
          out += e;
          break;
        }
        throw new UnquoteError();
    }
  }
  if (q === "'" && count !== 1) throw new UnquoteError();
  // Byte escapes may spell out valid UTF-8 sequences: decode those.
  return /[\udc80-\udcff]/.test(out) ? decodeBytes(encodeText(out)) : out;
}
