// Which file headers go's module index keeps without imports: those go/parser, reading
// the package clause and imports only, rejects, and those with an import path the index
// refuses. The verdicts below are go/parser's (parser.ParseFile with ImportsOnly) on the
// same texts; the module-cache scenarios (testdata/scenarios/modcache-*) record the
// index's effect on go mod tidy itself.

import { afterAll, describe, expect, it } from "vitest";
import { createScanner } from "../../src/scan/index.js";

const scanner = await createScanner();
afterAll(() => scanner.close());

const cases: [string, string, boolean][] = [
  ["an error after the imports, in a function body", "package p\n\nimport \"a/b\"\n\nfunc f() { if }\n", false],
  ["an error in a declaration after an import group", "package p\n\nimport (\n\t\"a/b\"\n\t\"c/d\"\n)\n\nvar x = \n", false],
  ["two import declarations on one line, separated", "package p\nimport \"a\" ; import \"b\"\n", false],
  ["two import declarations on one line, unseparated", "package p\nimport \"a\" import \"b\"\n", true],
  ["an unknown escape in an import path", "package p\n\nimport \"a\\q\"\n", true],
  ["an unterminated comment before the package clause", "/* unterminated\npackage p\n", true],
  ["comments inside an import group", "package p\n\nimport (\n\t\"a\" // c\n\t/* d */ \"b\"\n)\n", false],
  ["named, dot and blank imports", "package p\n\nimport x \"a\"\nimport . \"b\"\nimport _ \"c\"\n", false],
  ["a statement after the imports (never read)", "package p\n\nimport \"a\"\n\ninit()\n", false],
  ["an empty import group", "package p\n\nimport ()\n", false],
  ["an import block cut off", "package p\n\nimport (\n\t\"a\"\n", true],
  // Not go/parser's error, but the index's own check of import paths.
  ["an import path with a space", "package p\n\nimport \"a b\"\n", true],
  ["an import path with an ideographic space", "package p\n\nimport \"a\u3000b\"\n", true],
  ["an import path with a non-ASCII letter", "package p\n\nimport \"example.com/é\"\n", false],
];

describe("headers go's module index keeps without imports", () => {
  for (const [name, text, rejected] of cases) {
    it(`${name}: ${rejected ? "rejected" : "kept"}`, () => {
      const header = scanner.readHeader(text)!;
      expect(header.parseError).toBe(rejected);
    });
  }
});
