// When go.mod tokens need quotes, and which replacement targets are directories.

import { isPrint } from "../text/unicode.js";
import { quote } from "../text/quote.js";

/** mustQuote reports whether s has to be written as a quoted string in go.mod. */
export function mustQuote(s: string): boolean {
  for (const ch of s) {
    switch (ch) {
      case " ": case '"': case "'": case "`":
        return true;
      case "(": case ")": case "[": case "]": case "{": case "}": case ",":
        if (s.length > 1) return true;
        break;
      default:
        if (!isPrint(ch.codePointAt(0)!)) return true;
    }
  }
  return s === "" || s.includes("//") || s.includes("/*");
}

/** autoQuote returns s, quoted if go.mod syntax requires it. */
export function autoQuote(s: string): string {
  return mustQuote(s) ? quote(s) : s;
}

/** isDirectoryPath reports whether a replacement path names a local directory. */
export function isDirectoryPath(p: string): boolean {
  return p === "." || p.startsWith("./") || p.startsWith(".\\") ||
    p === ".." || p.startsWith("../") || p.startsWith("..\\") ||
    p.startsWith("/") || p.startsWith("\\") ||
    (p.length >= 2 && /^[A-Za-z]$/.test(p[0]) && p[1] === ":");
}
