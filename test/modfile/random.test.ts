// Randomized inputs: mutated go.mod and go.sum files never crash or hang the parsers.
// Every input gives either a result or an error the go command's way (positioned).
// The seed is fixed, so a failure names an input that can be replayed. Whether the
// results equal the go command's is checked live by test/scripts/conformance-gomod.mjs.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatGoMod, formatGoModBytes, formatGoSum, formatGoSumBytes, GoModErrorList, GoSumError, parseGoMod, parseGoSum } from "../../src/index.js";
import { mutate, rng } from "../support/mutate.js";
import { mutateBytes } from "../support/mutate-bytes.js";

const data = join(__dirname, "..", "..", "testdata");
const goMods = readdirSync(join(data, "gomod", "fmt")).filter((n) => n.endsWith(".golden"))
  .map((n) => readFileSync(join(data, "gomod", "fmt", n), "utf8")).filter((t) => t.length > 0);
const goSums = readdirSync(join(data, "gosum")).filter((n) => n.startsWith("real-"))
  .map((n) => readFileSync(join(data, "gosum", n), "utf8").split("\n").slice(0, 40).join("\n"));

const rounds = 4000;

function tryParse(text: string, lax: boolean): { formatted?: string; error?: unknown } {
  try {
    return { formatted: formatGoMod(parseGoMod(text, "go.mod", { lax })) };
  } catch (error) {
    return { error };
  }
}

describe("randomized go.mod input", () => {
  for (const lax of [false, true]) {
    it(`${lax ? "lax" : "strict"}: ${rounds} mutations give a file or positioned errors`, () => {
      const rand = rng(lax ? 7 : 11);
      let parsed = 0;
      let rejected = 0;
      for (let i = 0; i < rounds; i++) {
        const input = mutate(goMods[i % goMods.length], rand);
        const { formatted, error } = tryParse(input, lax);
        if (error !== undefined) {
          if (!(error instanceof GoModErrorList)) throw new Error(`input ${JSON.stringify(input)} threw ${String(error)}`);
          for (const e of error.errors) expect(e.message).toMatch(/^go\.mod:\d+(:\d+)?: /);
          rejected++;
          continue;
        }
        parsed++;
        // Formatting is not a fixed point for every input, in the go command either (sorting
        // can move a blank line to the top of a block, where reading drops it; a block that lax
        // reading skips can collapse into an invalid line), but output must parse or fail cleanly.
        const again = tryParse(formatted!, lax);
        if (again.error !== undefined && !(again.error instanceof GoModErrorList)) {
          throw new Error(`reparse of ${JSON.stringify(formatted)} threw ${String(again.error)}`);
        }
      }
      expect(parsed).toBeGreaterThan(rounds / 10);
      expect(rejected).toBeGreaterThan(rounds / 10);
    });
  }
});

describe("randomized go.sum input", () => {
  it(`${rounds} mutations give a go.sum or a malformed-line error`, () => {
    const rand = rng(3);
    let parsed = 0;
    let rejected = 0;
    for (let i = 0; i < rounds; i++) {
      const input = mutate(goSums[i % goSums.length], rand);
      try {
        const out = formatGoSum(parseGoSum(input));
        expect(formatGoSum(parseGoSum(out))).toBe(out);
        parsed++;
      } catch (e) {
        if (!(e instanceof GoSumError)) throw new Error(`input ${JSON.stringify(input)} threw ${String(e)}`);
        expect(e.message).toMatch(/^malformed go\.sum:\ngo\.sum:\d+: wrong number of fields \d+$/);
        rejected++;
      }
    }
    expect(parsed).toBeGreaterThan(rounds / 10);
    expect(rejected).toBeGreaterThan(rounds / 10);
  });
});

// Byte-level mutations (test/support/mutate-bytes.js, the mutations of npm run
// fuzz:modfile): invalid UTF-8, NUL, CRLF, long lines, deep nesting. Our side only; the
// comparison with the go command's parser is the fuzz script's.
describe("byte-level mutations", () => {
  const rounds = 4;
  const perRound = 5_000;
  const mods = goMods.map((t) => Buffer.from(t));
  const sums = goSums.map((t) => Buffer.from(t));

  for (let round = 0; round < rounds; round++) {
    it(`${perRound} mutated go.mod and go.sum files (seed ${2026 + round}) each give bytes or positioned errors`, async () => {
      const rand = rng(2026 + round);
      const seen = { mod: 0, modErr: 0, sum: 0, sumErr: 0 };
      for (let i = 0; i < perRound; i++) {
        if (i % 250 === 0) await new Promise((r) => setImmediate(r)); // let the test runner breathe
        const isMod = i % 4 !== 3;
        const pool = isMod ? mods : sums;
        // Long lines and deep nesting a tenth of the fuzz script's sizes (up to 20 KB).
        const input = mutateBytes(pool[Math.floor(rand() * pool.length)], rand, pool, { scale: 0.1 });
        try {
          if (isMod) {
            const out = formatGoModBytes(parseGoMod(input, "go.mod", { lax: i % 2 === 0 }));
            expect(out.length === 0 || out[out.length - 1] === 0x0a).toBe(true);
            seen.mod++;
          } else {
            const out = formatGoSumBytes(parseGoSum(input, "go.sum", { skipMalformed: i % 8 === 3 }));
            // Every line written has three fields.
            for (const line of out.toString("latin1").split("\n").slice(0, -1)) expect(line.split(" ").length).toBe(3);
            seen.sum++;
          }
        } catch (e) {
          if (e instanceof GoModErrorList) {
            expect(e.errors.length).toBeGreaterThan(0);
            for (const err of e.errors) expect(err.message).toMatch(/^go\.mod:\d+(:\d+)?: /);
            seen.modErr++;
          } else if (e instanceof GoSumError) {
            expect(e.line).toBeGreaterThan(0);
            seen.sumErr++;
          } else {
            throw new Error(`case ${i} (${input.toString("base64").slice(0, 200)}) threw ${String(e)}`);
          }
        }
      }
      for (const n of Object.values(seen)) expect(n).toBeGreaterThan(25);
    }, 120_000);
  }
});

// Inputs whose size would make quadratic work time the test out (several seconds per
// case), where linear work takes milliseconds.
describe("long runs", () => {
  const n = 200_000;
  const cases: [string, string][] = [
    ["blanks inside a comment", "module m\n\n// a" + " ".repeat(n) + "b\n"],
    ["tabs and blanks inside an end-of-line comment", "module m // a" + " \t".repeat(n / 2) + "b\n"],
    ["blanks ending a comment", "module m\n\n// a" + " ".repeat(n) + "\n"],
    ["blanks between tokens", "module m\n\nrequire example.com/a" + " ".repeat(n) + "v1.0.0\n"],
    ["blank lines in a block", "module m\n\nrequire (\n" + "\n".repeat(n) + "\texample.com/a v1.0.0\n)\n"],
    ["blank lines at the end", "module m\n" + "\n".repeat(n)],
    ["an unterminated string", "module m\n\nreplace \"" + "a".repeat(n) + "\n"],
    ["open parentheses", "module m\n\nrequire " + "(".repeat(n) + "\n"],
    ["comment lines", "module m\n" + "// c\n".repeat(n / 4)],
  ];
  for (const [name, text] of cases) {
    it(`reads and prints ${name}`, () => {
      let out: Buffer | undefined;
      try {
        out = formatGoModBytes(parseGoMod(Buffer.from(text)));
      } catch (e) {
        expect(e).toBeInstanceOf(GoModErrorList);
      }
      if (out) expect(out.length).toBeLessThanOrEqual(text.length + 2);
    });
  }

  it("reads and prints a go.sum line with a long run of blanks", () => {
    const text = "example.com/a" + " ".repeat(n) + "v1.0.0 h1:AAAA=\n";
    expect(formatGoSumBytes(parseGoSum(Buffer.from(text))).toString()).toBe("example.com/a v1.0.0 h1:AAAA=\n");
  });
});
