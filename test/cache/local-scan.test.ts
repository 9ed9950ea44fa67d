// The scan cache of mutable directories (src/cache/local-scan.ts) through the caching
// scanner: a record keeps of a header's leading comments only what decides whether the
// file is built (nothing for a built file, whose comment is mostly a licence; the comments
// of an excluded one), and a later run without the parser answers what the parser did.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readLocalDir } from "../../src/cache/local-scan.js";
import { cachingScanner } from "../../src/cache/scanner.js";
import { CacheStore } from "../../src/cache/store.js";
import { shouldBuild } from "../../src/scan/constraint.js";
import { createScanner } from "../../src/scan/source-scanner.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-local-scan-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const licence = "/*\nCopyright 2014 The Authors.\n\nLicensed under the Apache License, Version 2.0.\n*/\n\n";
const files: Record<string, string> = {
  "a.go": `${licence}package p\n\nimport "example.com/a"\n`,
  "b.go": `${licence}//go:build linux && !cgo\n\npackage p\n\nimport "example.com/b"\n`,
  "c.go": `${licence}//go:build ignore\n\npackage p\n\nimport "example.com/c"\n`,
  "d.go": "// +build ignore\n\npackage main\n\nimport \"example.com/d\"\n",
  "e.go": "package p\n\nimport \"example.com/e\"\n",
};

describe("the scan cache of a local directory", () => {
  it("keeps the leading comments of an excluded file only, and answers without the parser what the parser did", async () => {
    const dir = join(scratch, "m");
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const store = new CacheStore(join(scratch, "cache"), { toolVersion: "1" });
    const moduleCache = join(scratch, "modcache");
    const parser = await createScanner();
    // read past the racy window of the files just written (the clock moved instead of waiting)
    const first = cachingScanner(parser, { store, moduleCache, now: () => Date.now() + 10_000 });
    const parsed = await first.scanDir(dir);
    first.close();
    expect(parsed?.imports).toEqual(["example.com/a", "example.com/b", "example.com/e"]);

    const records = readLocalDir(store, dir).files;
    expect(Object.keys(records).sort()).toEqual(Object.keys(files));
    expect(records["a.go"].header.leading).toBe("");
    expect(records["b.go"].header.leading).toBe("");
    expect(records["e.go"].header.leading).toBe("");
    expect(records["c.go"].header.leading).toBe(`${licence}//go:build ignore\n\n`);
    expect(records["d.go"].header.leading).toBe("// +build ignore\n\n");
    // what a record keeps decides as the comments did
    for (const name of Object.keys(files)) expect(shouldBuild(records[name].header.leading)).toBe(!/ignore/.test(files[name]));

    const later = cachingScanner(null, { store, moduleCache });
    expect(await later.scanDir(dir)).toEqual(parsed);
  });
});
