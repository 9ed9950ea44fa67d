// go.sum reading and writing: real go.sum files written by the go command reproduce
// byte for byte, disorder is put back in the go command's order, and malformed files
// fail with the error text recorded from the go command.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { emptyGoModHash, formatGoSum, GoSumError, parseGoSum } from "../../src/index.js";

const dir = join(__dirname, "..", "..", "testdata", "gosum");
const real = readdirSync(dir).filter((n) => n.startsWith("real-")).sort();
const malformed = readdirSync(dir).filter((n) => n.startsWith("malformed-") && n.endsWith(".sum")).sort();

/** A deterministic shuffle (mulberry32), so that a failure can be reproduced. */
function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe("go.sum", () => {
  it("has real files and malformed cases", () => {
    expect(real.length).toBeGreaterThanOrEqual(2);
    expect(malformed.length).toBeGreaterThanOrEqual(3);
  });

  for (const name of real) {
    const text = readFileSync(join(dir, name), "utf8");
    it(`reproduces ${name}`, () => {
      expect(formatGoSum(parseGoSum(text))).toBe(text);
    });
    it(`restores the order of ${name} after shuffling, duplicating and blank lines`, () => {
      const lines = text.split("\n").filter(Boolean);
      const messy = shuffled([...lines, ...lines.slice(0, 20), "", "  ", `example.com/old v1.0.0/go.mod ${emptyGoModHash}`], 42)
        .map((l, i) => (i % 7 === 0 ? `  ${l.replace(/ /g, "\t")}  ` : l)).join("\n");
      expect(formatGoSum(parseGoSum(messy))).toBe(text);
    });
  }

  for (const name of malformed) {
    it(`rejects ${name} with go's message`, () => {
      const want = readFileSync(join(dir, name.replace(/\.sum$/, ".err")), "utf8");
      const text = readFileSync(join(dir, name));
      expect(() => parseGoSum(text, "go.sum")).toThrow(GoSumError);
      try {
        parseGoSum(text, "go.sum");
      } catch (e) {
        expect((e as Error).message + "\n").toBe(want);
      }
      // go mod tidy skips such lines instead.
      const sum = parseGoSum(text, "go.sum", { skipMalformed: true });
      for (const m of sum.modules()) expect(sum.hashes(m.path, m.version).length).toBeGreaterThan(0);
    });
  }

  it("sorts versions semantically, go.mod hashes after zip hashes, hashes bytewise", () => {
    const sum = parseGoSum([
      "example.com/a v1.10.0 h1:b=",
      "example.com/a v1.9.0/go.mod h1:c=",
      "example.com/a v1.9.0 h1:z=",
      "example.com/a v1.9.0 h1:a=",
      "example.com/B v1.0.0 h1:x=",
      "example.com/a v1.9.0-pre h1:p=",
    ].join("\n"));
    expect(formatGoSum(sum)).toBe([
      "example.com/B v1.0.0 h1:x=",
      "example.com/a v1.9.0-pre h1:p=",
      "example.com/a v1.9.0 h1:a=",
      "example.com/a v1.9.0 h1:z=",
      "example.com/a v1.9.0/go.mod h1:c=",
      "example.com/a v1.10.0 h1:b=",
      "",
    ].join("\n"));
  });
});
