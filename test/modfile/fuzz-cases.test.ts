// Inputs on which npm run fuzz:modfile once found gotidy-ts and the go command's own
// parser and printer disagreeing, with the answer the go command's code gave
// (testdata/fuzz/NAME.input and NAME.go, saved by the fuzz script: "0" and the output, or
// "1" and the error text). NAME ends in the mode: m go.mod strict, l go.mod lax, s go.sum,
// t go.sum as go mod tidy reads it.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatGoModBytes, formatGoSumBytes, GoModErrorList, GoSumError, parseGoMod, parseGoSum } from "../../src/index.js";
import { encodeText } from "../../src/text/utf8.js";

const dir = join(__dirname, "..", "..", "testdata", "fuzz");
const names = readdirSync(dir).filter((n) => n.endsWith(".input")).map((n) => n.slice(0, -".input".length)).sort();

function answer(mode: string, input: Buffer): Buffer {
  try {
    const out = mode === "m" || mode === "l"
      ? formatGoModBytes(parseGoMod(input, "go.mod", { lax: mode === "l" }))
      : formatGoSumBytes(parseGoSum(input, "go.sum", { skipMalformed: mode === "t" }));
    return Buffer.concat([Buffer.from("0\n"), out]);
  } catch (e) {
    if (e instanceof GoModErrorList) return Buffer.concat([Buffer.from("1\n"), encodeText(`go: errors parsing go.mod:\n${e.message}`)]);
    if (e instanceof GoSumError) return Buffer.concat([Buffer.from("1\n"), encodeText(e.message + "\n")]);
    throw e;
  }
}

describe("cases found by fuzzing", () => {
  it("has recorded cases", () => expect(names.length).toBeGreaterThan(5));
  for (const name of names) {
    it(name, () => {
      const got = answer(name.slice(-1), readFileSync(join(dir, name + ".input")));
      expect(got.toString("latin1")).toBe(readFileSync(join(dir, name + ".go")).toString("latin1"));
    });
  }
});
