// go.mod formatting and parse errors against outputs recorded from `go mod edit -fmt`
// (test/scripts/record-gomod.mjs).

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatGoModBytes, GoModErrorList, parseGoMod } from "../../src/index.js";

const dir = join(__dirname, "..", "..", "testdata", "gomod", "fmt");
const names = readdirSync(dir).filter((n) => n.endsWith(".in")).map((n) => n.slice(0, -3)).sort();

describe("go mod edit -fmt", () => {
  it("has recorded cases", () => {
    expect(names.length).toBeGreaterThan(50);
  });

  for (const name of names) {
    const input = readFileSync(join(dir, name + ".in"));
    const goldenPath = join(dir, name + ".golden");
    if (existsSync(goldenPath)) {
      it(`formats ${name}`, () => {
        const golden = readFileSync(goldenPath);
        const out = formatGoModBytes(parseGoMod(input, "go.mod"));
        expect(out.toString("latin1")).toBe(golden.toString("latin1"));
        // The canonical form is a fixed point.
        expect(formatGoModBytes(parseGoMod(golden, "go.mod")).equals(golden)).toBe(true);
      });
    } else {
      it(`rejects ${name}`, () => {
        const want = readFileSync(join(dir, name + ".err"), "utf8");
        let err: unknown;
        try {
          parseGoMod(input, "go.mod");
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(GoModErrorList);
        expect(`go: errors parsing go.mod:\n${(err as Error).message}\n`).toBe(want);
      });
    }
  }
});
