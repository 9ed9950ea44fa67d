// Randomized inputs: mutated go.mod and go.sum files never crash or hang the parsers.
// Every input gives either a result or an error the go command's way (positioned).
// The seed is fixed, so a failure names an input that can be replayed. Whether the
// results equal the go command's is checked live by test/scripts/conformance-gomod.mjs.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatGoMod, formatGoSum, GoModErrorList, GoSumError, parseGoMod, parseGoSum } from "../../src/index.js";
import { mutate, rng } from "../support/mutate.js";

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
