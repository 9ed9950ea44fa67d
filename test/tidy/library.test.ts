// The library entry's tidy() on the requirement layouts recorded from offline go mod tidy
// (testdata/gomod/layout: dependencies are directory replacements, so no network).

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tidy } from "../../src/index.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "gomod", "layout");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-library-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("tidy() from the library entry", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const mod = join(scratch, n.slice(0, -6));
      writeTxtarFiles(mod, archive.files.filter((f) => !f.name.startsWith("want/")));
      const log: string[] = [];
      const result = await tidy({ root: mod, cwd: mod, env: { GOPROXY: "off", GOFLAGS: "", GOENV: "off", HOME: scratch }, log: (l) => log.push(l) });
      expect(result.newGoMod).toBe(txtarFile(archive, "want/go.mod"));
      // Only progress lines (the recordings hold no stderr to compare them with).
      expect(log.filter((l) => !/^go: (found|finding module|downloading) /.test(l))).toEqual([]);
      // Nothing is written by the library call.
      expect(readFileSync(join(mod, "go.mod"), "utf8")).toBe(txtarFile(archive, "go.mod"));
    });
  }
});
