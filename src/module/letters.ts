import { isNewerThanGo } from "../text/unicode-newer.js";

const letter = /^\p{L}$/u;

/** isLetter reports whether the code point is a letter, as Go's unicode.IsLetter. */
export function isLetter(cp: number): boolean {
  return letter.test(String.fromCodePoint(cp)) && !isNewerThanGo(cp);
}
