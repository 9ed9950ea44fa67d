// The Go grammar the scanner loads (src/scan/grammar/tree-sitter-go.wasm) is the tree-sitter-go
// package's own file, at the version src/scan/grammar/grammar.json names: `npm run grammar`
// takes it from the package (never installed: its install script compiles a native addon
// where no prebuild fits) and records each file's sha256 there.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultGrammarFile } from "../../src/scan/tree-sitter.js";

const root = join(__dirname, "..", "..");
const grammarDir = join(root, "src", "scan", "grammar");
const sha256 = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

describe("the Go grammar", () => {
  it("is the file npm run grammar took from the tree-sitter-go package, unchanged", () => {
    const manifest = JSON.parse(readFileSync(join(grammarDir, "grammar.json"), "utf8"));
    expect(manifest.package).toBe("tree-sitter-go");
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(defaultGrammarFile()).toBe(join(grammarDir, "tree-sitter-go.wasm"));
    expect(Object.keys(manifest.sha256).sort()).toEqual(["LICENSE", "tree-sitter-go.wasm"]);
    for (const [file, hash] of Object.entries(manifest.sha256)) {
      expect(sha256(join(grammarDir, file)), `src/scan/grammar/${file} differs from what npm run grammar recorded`).toBe(hash);
    }
  });

  it("is shipped, and nothing native is a dependency or a devDependency", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.files).toContain("src/scan/grammar");
    const all = [...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)];
    expect(all).not.toContain("tree-sitter");
    expect(all).not.toContain("tree-sitter-go");
    expect(Object.keys(pkg.dependencies)).toContain("web-tree-sitter");
  });
});
