// The Go grammar the scanner loads (src/scan/grammar/tree-sitter-go.wasm) is the tree-sitter-go
// package's own file, at the version package.json names: refresh it with `npm run grammar`.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultGrammarFile } from "../../src/scan/tree-sitter.js";

const root = join(__dirname, "..", "..");
const require = createRequire(join(root, "package.json"));

describe("the Go grammar", () => {
  it("is the tree-sitter-go package's file, at the version package.json pins", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    const pkgDir = dirname(require.resolve("tree-sitter-go/package.json"));
    const installed = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
    expect(installed.version).toBe(pkg.devDependencies["tree-sitter-go"]);
    expect(defaultGrammarFile()).toBe(join(root, "src", "scan", "grammar", "tree-sitter-go.wasm"));
    const shipped = readFileSync(defaultGrammarFile());
    expect(shipped.equals(readFileSync(join(pkgDir, "tree-sitter-go.wasm"))), "src/scan/grammar/tree-sitter-go.wasm differs: npm run grammar").toBe(true);
  });

  it("is shipped, and nothing native is a dependency", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.files).toContain("src/scan/grammar");
    expect(Object.keys(pkg.dependencies)).not.toContain("tree-sitter");
    expect(Object.keys(pkg.dependencies)).not.toContain("tree-sitter-go");
    expect(Object.keys(pkg.dependencies)).toContain("web-tree-sitter");
  });
});
