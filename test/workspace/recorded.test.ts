// go.work files against what the go command made of them, recorded by
// test/scripts/record-gowork.mjs: the module directories go list -m found, go work edit
// -json's reading of the file, or the go command's errors.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WorkspaceError } from "../../src/workspace/discover.js";
import { findModules } from "../../src/library.js";
import { GoWorkFile, parseGoWork } from "../../src/workspace/gowork.js";
import { GoModErrorList } from "../../src/modfile/errors.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "workspace");
const scratch = realpathSync(mkdtempSync(join(tmpdir(), "gotidy-gowork-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** goJSON is go work edit -json's output structure (after the file's Cleanup). */
function goJSON(f: GoWorkFile): unknown {
  const version = (path: string, v: string) => (v ? { Path: path, Version: v } : { Path: path });
  const use = f.use.filter((u) => u.path !== "").map((u) => ({ DiskPath: u.path }));
  return {
    ...(f.go !== undefined ? { Go: f.go } : {}),
    Use: use.length ? use : null,
    Replace: f.replace.length
      ? f.replace.map((r) => ({ Old: version(r.old.path, r.old.version), New: version(r.new.path, r.new.version) }))
      : null,
  };
}

describe("go.work files as the go command reads them", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded cases", () => expect(names.length).toBeGreaterThanOrEqual(30));

  for (const n of names) {
    const name = n.slice(0, -6);
    it(name, async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const root = join(scratch, name);
      // The go.work file, and the directory holding it (findModules' dir).
      const work = archive.files.find((f) => /(^|\/)go\.work(\.noeol)?$/.test(f.name))!;
      const workDir = join(root, dirname(work.name));
      const workText = work.name.endsWith(".noeol") ? work.data.replace(/\n$/, "") : work.data;
      for (const f of archive.files) {
        if (f.name.startsWith("want/") || f.name === "cwd" || f.name === "env") continue;
        const path = join(root, f.name);
        mkdirSync(dirname(path), { recursive: true });
        const data = f.data.split("$WORK").join(root);
        if (f.name.endsWith(".symlink")) {
          symlinkSync(data.trim(), path.slice(0, -".symlink".length));
        } else if (f.name.endsWith(".noeol")) {
          writeFileSync(path.slice(0, -".noeol".length), data.replace(/\n$/, ""));
        } else {
          writeFileSync(path, data);
        }
      }
      const cwd = join(root, (txtarFile(archive, "cwd") ?? "").trim());
      const unwork = (s: string) => s.split(root).join("$WORK");
      // As recorded: no go env file unless the archive has one ("goenv", written in the
      // tree), whose variables the recorder leaves out of the environment; then "env".
      const env: Record<string, string> = { GOTOOLCHAIN: "local", GOENV: "off" };
      const pairs = (text: string | undefined) => (text ?? "").split("\n").filter((l) => l.indexOf("=") > 0).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]);
      const goenv = txtarFile(archive, "goenv");
      if (goenv !== undefined) {
        env.GOENV = join(root, "goenv");
        for (const [k] of pairs(goenv)) delete env[k];
      }
      for (const [k, v] of pairs(txtarFile(archive, "env"))) env[k] = v.split("$WORK").join(root);
      const options = { cwd, env, home: "" };

      const stderr = txtarFile(archive, "want/stderr");
      if (stderr !== undefined) {
        const err = await findModules(workDir, options).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(WorkspaceError);
        expect(unwork((err as WorkspaceError).message) + "\n").toBe(stderr);
        expect((err as WorkspaceError).lines.every((l) => l.startsWith("go: "))).toBe(true);
        // Parse errors come from parseGoWork, named as the caller names the file.
        const header = "go: errors parsing go.work:\n";
        if (stderr.startsWith(header) && cwd === workDir) {
          let perr: unknown;
          try {
            parseGoWork(workText, "go.work");
          } catch (e) {
            perr = e;
          }
          expect(perr).toBeInstanceOf(GoModErrorList);
          expect((perr as Error).message + "\n").toBe(stderr.slice(header.length));
        }
        return;
      }
      const found = await findModules(workDir, options);
      if (txtarFile(archive, "want/json") === undefined) {
        // GOWORK=off (from a go env file): go used no go.work file, and the walk finds the modules.
        expect(found.source).toBe("walk");
        expect(found.modules.map(unwork).map((d) => d + "\n").join("")).toBe(txtarFile(archive, "want/modules"));
        return;
      }
      expect(found.source).toBe("go.work");
      expect(found.goWork?.path).toBe(join(workDir, "go.work"));
      expect(found.modules.map(unwork).map((d) => d + "\n").join("")).toBe(txtarFile(archive, "want/modules"));
      const want = JSON.parse(txtarFile(archive, "want/json")!.split("$WORK").join(root));
      expect(goJSON(found.goWork!.file)).toEqual(want);
    });
  }
});
