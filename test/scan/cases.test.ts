// Directory scanning against the go command's own import scanner (imports.ScanDir with
// "any tags"), recorded by test/scripts/record-scan.mjs for testdata/scan/cases.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createScanner } from "../../src/scan/index.js";

const base = join(__dirname, "..", "..", "testdata", "scan");
const expected: Record<string, { NoGo?: boolean; Err?: string; Imports?: string[]; TestImports?: string[] }> =
  JSON.parse(readFileSync(join(base, "expected.json"), "utf8"));

const scanner = await createScanner();
afterAll(() => scanner.close());

describe("scanning a directory as go mod tidy does", () => {
  it("has recorded cases", () => expect(Object.keys(expected).length).toBeGreaterThan(30));
  for (const [name, want] of Object.entries(expected)) {
    it(name, async () => {
      const dir = join(base, "cases", name);
      const pkg = await scanner.scanDir(dir);
      if (want.NoGo) {
        expect(pkg).toBeNull();
        return;
      }
      expect(pkg).not.toBeNull();
      if (want.Err) {
        expect(pkg!.error?.split(join(base, "cases") + "/").join("")).toBe(want.Err);
        return;
      }
      expect(pkg!.error).toBeNull();
      expect(pkg!.imports).toEqual(want.Imports ?? []);
      const tests = [...new Set([...pkg!.testImports, ...pkg!.xTestImports])].sort();
      expect(tests).toEqual(want.TestImports ?? []);
    });
  }
});
