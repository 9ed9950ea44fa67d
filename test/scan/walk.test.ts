// The main module's package walk against go mod tidy -e -x, recorded offline by
// test/scripts/record-gomod.mjs: each package imports a missing package of its own, so
// the errors go printed name every package tidy loaded; -x names the ignored directories.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseGoMod } from "../../src/index.js";
import { createScanner, scanModule } from "../../src/scan/index.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "scan", "walk");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-walk-test-"));
const scanner = await createScanner();
afterAll(() => {
  scanner.close();
  rmSync(scratch, { recursive: true, force: true });
});

const lines = (s: string | undefined) => (s ?? "").split("\n").filter(Boolean);

describe("walking the main module as go mod tidy does", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded cases", () => expect(names.length).toBeGreaterThanOrEqual(2));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const root = join(scratch, n.slice(0, -6));
      for (const f of archive.files) {
        if (f.name.startsWith("want/")) continue;
        mkdirSync(dirname(join(root, f.name)), { recursive: true });
        if (f.name.endsWith(".symlink")) symlinkSync(f.data.trim(), join(root, f.name.slice(0, -".symlink".length)));
        else writeFileSync(join(root, f.name), f.data);
      }
      const gomod = parseGoMod(txtarFile(archive, "go.mod")!, "go.mod");
      const ignored: string[] = [];
      const pkgs = await scanModule(scanner, root, gomod.module!.mod.path, {
        ignore: gomod.ignore.map((i) => i.path),
        onIgnored: (d) => ignored.push(relative(root, d)),
      });
      const imports = new Set(pkgs.flatMap((p) => [...p.imports, ...p.testImports, ...p.xTestImports]));
      expect([...imports].filter((p) => p.startsWith("missing.example/")).sort()).toEqual(lines(txtarFile(archive, "want/missing")));
      expect(ignored.sort()).toEqual(lines(txtarFile(archive, "want/ignored")));
      // Import paths follow directories.
      for (const p of pkgs) {
        const rel = relative(root, p.dir);
        expect(p.importPath).toBe(rel ? `${gomod.module!.mod.path}/${rel}` : gomod.module!.mod.path);
      }
    });
  }
});
