// Import path errors and the standard library, against go mod tidy -e's recorded errors
// (testdata/scan/imports, recorded by test/scripts/record-gomod.mjs).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createScanner, importPathError, isDroppedImport, isStandardImportPath, isStandardPackage } from "../../src/scan/index.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const archive = parseTxtar(readFileSync(join(__dirname, "..", "..", "testdata", "scan", "imports", "import-paths.txtar"), "utf8"));

/** The errors go printed for imports of the main package: path -> message. */
function recordedErrors(): Map<string, string> {
  const out = new Map<string, string>();
  const lines = txtarFile(archive, "want/stderr")!.split("\n");
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i] !== "go: example.com/m imports") continue;
    const m = /^\t(.*?): (.*)$/.exec(lines[i + 1]);
    if (m && !lines[i + 2]?.startsWith("\t")) out.set(m[1], m[2]);
  }
  return out;
}

const imports = await (async () => {
  const dir = mkdtempSync(join(tmpdir(), "gotidy-imports-test-"));
  const scanner = await createScanner();
  try {
    writeFileSync(join(dir, "m.go"), txtarFile(archive, "m.go")!);
    return (await scanner.scanDir(dir))!.imports;
  } finally {
    scanner.close();
    rmSync(dir, { recursive: true, force: true });
  }
})();

describe("import paths", () => {
  const errors = recordedErrors();

  it("reads every import of the recorded file", () => {
    expect(imports.length).toBeGreaterThan(25);
    expect(errors.size).toBeGreaterThan(15);
  });

  for (const p of imports) {
    it(`classifies ${JSON.stringify(p)}`, () => {
      const recorded = errors.get(p) ?? null;
      // A valid import path that is no valid module path fails later, in the module lookup.
      const want = recorded && !recorded.startsWith("malformed module path") ? recorded : null;
      expect(importPathError(p)).toBe(want);
    });
  }

  it("knows the standard library of Go 1.26", () => {
    for (const p of ["fmt", "net/http", "internal/abi", "vendor/golang.org/x/net/idna", "cmd/go", "go/build/testdata/other"]) {
      expect(isStandardPackage(p), p).toBe(true);
    }
    for (const p of ["notstd/pkg", "net/htt", "example.com/x", "vendor", ""]) expect(isStandardPackage(p), p).toBe(false);
    expect(isStandardImportPath("notstd/pkg")).toBe(true);
    expect(isStandardImportPath("example.com/x")).toBe(false);
    expect(isStandardImportPath("x.y")).toBe(false);
  });

  it("drops C and appengine imports", () => {
    for (const p of ["C", "appengine", "appengine/x", "appengine_internal", "appengine_internal/y"]) expect(isDroppedImport(p)).toBe(true);
    for (const p of ["c", "appenginex", "example.com/appengine"]) expect(isDroppedImport(p)).toBe(false);
  });
});
