// Splitting a command line into words as the go command does (cmd/internal/quoted), for
// GOFLAGS and GOAUTH commands.

const isSpace = (c: string) => c === " " || c === "\t" || c === "\n" || c === "\r";

/**
 * splitQuoted splits s into words: runs of spaces separate them, and a word starting
 * with ' or " runs to the next such quote (nothing is unescaped; a quote inside a word
 * is an ordinary character). It throws an Error with go's words ("unterminated ' string")
 * for an unclosed quote.
 */
export function splitQuoted(s: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && isSpace(s[i])) i++;
    if (i >= s.length) break;
    if (s[i] === '"' || s[i] === "'") {
      const end = s.indexOf(s[i], i + 1);
      if (end < 0) throw new Error(`unterminated ${s[i]} string`);
      words.push(s.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    const start = i;
    while (i < s.length && !isSpace(s[i])) i++;
    words.push(s.slice(start, i));
  }
  return words;
}
