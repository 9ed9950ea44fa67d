// Deterministic random mutations of go.mod and go.sum text, for randomized tests.
// The same seed always gives the same mutations, so a failure can be replayed.

/** rng is a deterministic random number generator (mulberry32): numbers in [0, 1) from seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const fragments = [
  "//", "// indirect", "(", ")", "[", "]", ",", "{", "}", '"', "`", "'", "\\", "\n", "\r\n", "\t", " ", "=>",
  "v1.2.3", "v1", "v2.0.0+incompatible", "v0.0.0-20200101000000-abcdefabcdef", "1.21", "go1.22.0",
  "require", "exclude", "replace", "retract", "module", "go", "toolchain", "godebug", "tool", "ignore",
  "example.com/x", "example.com/x/v2", "gopkg.in/y.v1", "../dir", "/*", "*/", "\u00e9", "\u00a0", "\ufeff", "\u0000",
  "\ud83d\ude00", "indirect;", "Deprecated:", "a=b", "h1:AAAA=", "/go.mod",
];

/**
 * mutate applies 1 to 4 random edits: deleting a span, inserting a fragment,
 * duplicating or swapping lines.
 */
export function mutate(text: string, rand: () => number): string {
  const pick = (n: number) => Math.floor(rand() * n);
  let s = text;
  const edits = 1 + pick(4);
  for (let k = 0; k < edits; k++) {
    switch (pick(5)) {
      case 0: {
        const i = pick(s.length + 1);
        s = s.slice(0, i) + s.slice(i + 1 + pick(8));
        break;
      }
      case 1:
      case 2: {
        const i = pick(s.length + 1);
        s = s.slice(0, i) + fragments[pick(fragments.length)] + s.slice(i);
        break;
      }
      case 3: {
        const lines = s.split("\n");
        const i = pick(lines.length);
        lines.splice(i, 0, lines[i]);
        s = lines.join("\n");
        break;
      }
      default: {
        const lines = s.split("\n");
        const i = pick(lines.length);
        const j = pick(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join("\n");
      }
    }
  }
  return s;
}
