// Deterministic byte-level mutations of go.mod and go.sum files, for fuzzing the parsers
// and printers: inserted, deleted and replaced bytes, lines spliced within a file or from
// another, Unicode and invalid UTF-8, CRLF, NUL, very long lines and deep nesting.
// The same random source gives the same mutations, so every case can be replayed.

const text = (s) => Buffer.from(s, "utf8");
const raw = (...b) => Buffer.from(b);

/** Fragments worth inserting: go.mod syntax, versions, Unicode and broken UTF-8. */
const fragments = [
  ..."// |// indirect|(|)|[|]|,|{|}|\"|`|'|\\|\n|\r\n|\r|\t| |=>|=|v1.2.3|v1|v1.2|v2.0.0+incompatible|v0.0.0-20200101000000-abcdefabcdef|v1.2.3-pre.0.20200101000000-abcdefabcdef|1.21|1.21.0|1.22rc1|go1.22.0|default|require|exclude|replace|retract|module|go|toolchain|godebug|tool|ignore|example.com/x|example.com/x/v2|gopkg.in/y.v1|../dir|./dir|/abs|C:\\dir|/*|*/|indirect;|Deprecated: |a=b|h1:AAAA=|h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=|/go.mod|@v1.0.0|\\n|\\x41|\\u00e9|\\377|\"a\\\"b\"|`raw`"
    .split("|").map(text),
  text("\u00e9"), text("\u00a0"), text("\u0085"), text("\u2028"), text("\u3000"), text("\ufeff"), text("\u0000"),
  text("\ud83d\ude00"), text("\u212a"), text("\u00df"), text("\u0301"), text("\u200b"), text("\ufffd"),
  raw(0xff), raw(0xfe), raw(0x80), raw(0xc3), raw(0xe9), raw(0xc0, 0xaf), raw(0xed, 0xa0, 0x80), raw(0xf4, 0x90, 0x80, 0x80),
  raw(0xe2, 0x82), raw(0xf0, 0x9f, 0x98), raw(0x00), raw(0x7f), raw(0x1b), raw(0x0b), raw(0x0c),
];

/**
 * mutateBytes applies 1 to 6 random edits to a file's bytes. donors are other files of
 * the same kind, whose lines may be spliced in. Sizes stay bounded: a long-line edit adds at
 * most about 200 KB, a deep-nesting edit about 50 KB.
 * @param {Buffer} input
 * @param {() => number} rand
 * @param {Buffer[]} donors
 * @param {{ scale?: number }} options scale multiplies the sizes of the long-line and
 *   deep-nesting edits (default 1)
 * @returns {Buffer}
 */
export function mutateBytes(input, rand, donors = [], options = {}) {
  const scale = options.scale ?? 1;
  const pick = (n) => Math.floor(rand() * n);
  let b = input;
  const edits = 1 + pick(6);
  for (let k = 0; k < edits; k++) {
    const at = pick(b.length + 1);
    const r = pick(100);
    if (r < 18) {
      b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(12)))]);
    } else if (r < 45) {
      b = Buffer.concat([b.subarray(0, at), fragments[pick(fragments.length)], b.subarray(at)]);
    } else if (r < 55) {
      const c = Buffer.from(b);
      if (c.length > 0) c[pick(c.length)] = pick(256);
      b = c;
    } else if (r < 75) {
      b = spliceLines(b, rand, donors);
    } else if (r < 84) {
      b = Buffer.from(b.toString("latin1").replace(/\n/g, pick(2) ? "\r\n" : "\n\r"), "latin1");
    } else if (r < 86) {
      // A long line: a run of one unit, up to 200 KB.
      const unit = [text(" "), text("\t"), text("a"), text("// "), text("\u00e9"), raw(0xff), text("x ")][pick(7)];
      b = Buffer.concat([b.subarray(0, at), Buffer.alloc(unit.length * Math.ceil(scale * (1000 + pick(60000))), unit), b.subarray(at)]);
    } else if (r < 88) {
      // Deep nesting: many opening or closing brackets, or block openings, on one or many lines.
      const unit = [text("("), text("require (\n"), text(")"), text("(\n"), text("[{"), text("\"")][pick(6)];
      b = Buffer.concat([b.subarray(0, at), Buffer.alloc(unit.length * Math.ceil(scale * (10 + pick(5000))), unit), b.subarray(at)]);
    } else if (r < 96) {
      b = Buffer.concat([b.subarray(0, at), raw(0), b.subarray(at)]);
    } else {
      const n = 1 + pick(64);
      const bytes = Buffer.alloc(n);
      for (let i = 0; i < n; i++) bytes[i] = pick(256);
      b = Buffer.concat([b.subarray(0, at), bytes, b.subarray(at)]);
    }
  }
  return b;
}

/** spliceLines duplicates, removes, swaps or moves a line, or brings one from a donor. */
function spliceLines(b, rand, donors) {
  const pick = (n) => Math.floor(rand() * n);
  const lines = [];
  let start = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 0x0a) {
      lines.push(b.subarray(start, i + 1));
      start = i + 1;
    }
  }
  if (start < b.length) lines.push(b.subarray(start));
  if (lines.length === 0) return b;
  const i = pick(lines.length);
  const j = pick(lines.length);
  switch (pick(5)) {
    case 0: lines.splice(i, 0, lines[i]); break;
    case 1: lines.splice(i, 1); break;
    case 2: [lines[i], lines[j]] = [lines[j], lines[i]]; break;
    case 3: lines.splice(j, 0, ...lines.splice(i, 1)); break;
    default: {
      if (donors.length === 0) break;
      const d = donors[pick(donors.length)].toString("latin1").split(/(?<=\n)/);
      lines.splice(i, 0, Buffer.from(d[pick(d.length)] ?? "", "latin1"));
    }
  }
  return Buffer.concat(lines);
}
