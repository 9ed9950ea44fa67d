// writeTidyResult: go.mod before go.sum as the go command writes them, only what changes,
// through symbolic links, and nothing more after a failure.

import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TidyResult } from "../../src/tidy/tidy.js";
import { sumUnion, tidyFileChanges, TidyWriteError, writeTidyResult } from "../../src/tidy/write.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-write-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const oldMod = "module example.com/m\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n";
const newMod = "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n";
const oldSum = "example.com/gone v1.0.0/go.mod h1:old=\n";
const newSum = "example.com/a v1.0.0 h1:new=\nexample.com/a v1.0.0/go.mod h1:new=\n";

/** result is a tidy result with the files' old bytes and tidy's new ones (the rest is not read here). */
function result(files: { oldMod?: string; newMod?: string; oldSum?: string | null; newSum?: string }): TidyResult {
  const r: Partial<TidyResult> = {
    oldGoMod: Buffer.from(files.oldMod ?? oldMod),
    newGoMod: files.newMod ?? newMod,
    oldGoSum: files.oldSum === null ? null : Buffer.from(files.oldSum ?? oldSum),
    newGoSum: files.newSum ?? newSum,
  };
  return r as TidyResult;
}

let n = 0;
function moduleDir(goSum: string | null = oldSum): string {
  const dir = join(scratch, `m${n++}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "go.mod"), oldMod);
  if (goSum !== null) writeFileSync(join(dir, "go.sum"), goSum);
  return dir;
}

const read = (dir: string, name: string) => readFileSync(join(dir, name), "utf8");

describe("sumUnion", () => {
  const a = "example.com/a v1.0.0/go.mod h1:a=\n";
  const b = "example.com/b v1.0.0/go.mod h1:b=\n";
  const c = "example.com/c v1.0.0/go.mod h1:c=\n";
  it("is tidy's lines then the dropped old ones, or nothing to write first", () => {
    expect(sumUnion(Buffer.from(a + b), b + c)?.toString()).toBe(b + c + a);
    expect(sumUnion(Buffer.from(a), a + b)?.toString()).toBe(a + b); // only additions: tidy's go.sum itself
    expect(sumUnion(null, a)?.toString()).toBe(a);
    expect(sumUnion(Buffer.from(a + b), a)).toBeNull(); // only removals: the old go.sum already holds everything
    expect(sumUnion(Buffer.from(b + a), a + b)).toBeNull(); // only reordered
  });

  it("keeps a dropped line's bytes exactly, invalid UTF-8 included", () => {
    const odd = Buffer.from([0x78, 0xe9, 0xff, 0x20, 0x76, 0x31, 0x0a]);
    const union = sumUnion(Buffer.concat([odd, Buffer.from(a)]), a + b)!;
    expect(union.subarray(union.length - odd.length)).toEqual(odd);
  });
});

describe("writeTidyResult", () => {
  it("writes both files when both change, and says so", () => {
    const dir = moduleDir();
    expect(writeTidyResult(dir, result({}))).toEqual({ goMod: true, goSum: true });
    expect([read(dir, "go.mod"), read(dir, "go.sum")]).toEqual([newMod, newSum]);
    expect(readdirSync(dir).sort()).toEqual(["go.mod", "go.sum"]);
  });

  it("leaves a file whose bytes do not change untouched (the same inode)", () => {
    const dir = moduleDir();
    const inode = statSync(join(dir, "go.sum")).ino;
    expect(writeTidyResult(dir, result({ newSum: oldSum }))).toEqual({ goMod: true, goSum: false });
    expect(statSync(join(dir, "go.sum")).ino).toBe(inode);
    expect(read(dir, "go.mod")).toBe(newMod);
  });

  it("creates no go.sum for a module that needs none, and one that needs it", () => {
    const none = moduleDir(null);
    expect(writeTidyResult(none, result({ oldSum: null, newSum: "" }))).toEqual({ goMod: true, goSum: false });
    expect(existsSync(join(none, "go.sum"))).toBe(false);
    const some = moduleDir(null);
    expect(tidyFileChanges(result({ oldSum: null }))).toEqual({ goMod: true, goSum: true });
    writeTidyResult(some, result({ oldSum: null }));
    expect(read(some, "go.sum")).toBe(newSum);
  });

  it("writes go.sum first, as go mod tidy does: when go.sum cannot be written, go.mod keeps its old bytes", () => {
    const dir = moduleDir(null);
    symlinkSync(join(dir, "missing", "go.sum"), join(dir, "go.sum")); // written through: its directory does not exist
    const err = (() => {
      try {
        writeTidyResult(dir, result({ oldSum: null }));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TidyWriteError);
    expect((err as TidyWriteError).file).toBe(join(dir, "go.sum"));
    expect((err as TidyWriteError).message).toBe(`updating go.sum: open ${join(dir, "go.sum")}: no such file or directory`);
    expect(read(dir, "go.mod")).toBe(oldMod);
  });

  it("leaves a go.sum holding the old lines and tidy's when go.mod cannot be written, so the old go.mod finds its sums", () => {
    const dir = moduleDir();
    rmSync(join(dir, "go.mod"));
    symlinkSync(join(dir, "missing", "go.mod"), join(dir, "go.mod"));
    expect(() => writeTidyResult(dir, result({}))).toThrow(/^updating go\.mod: open /);
    expect(read(dir, "go.sum")).toBe(newSum + oldSum);
    expect(readdirSync(dir).sort()).toEqual(["go.mod", "go.sum"]);
  });
  it("steps through go.sum (old and tidy's lines), go.mod, then tidy's go.sum, each file whole at every step", () => {
    const dir = moduleDir();
    const seen: string[] = [];
    writeTidyResult(dir, result({}), {
      onStep(file, step) {
        const state = (name: string) => (read(dir, name) === oldMod || read(dir, name) === oldSum ? "old" : read(dir, name) === newMod || read(dir, name) === newSum ? "new" : read(dir, name) === newSum + oldSum ? "union" : "other");
        seen.push(`${file} ${step}: go.mod ${state("go.mod")}, go.sum ${state("go.sum")}`);
      },
    });
    expect(seen).toEqual([
      "go.sum written: go.mod old, go.sum old",
      "go.sum renamed: go.mod old, go.sum union",
      "go.mod written: go.mod old, go.sum union",
      "go.mod renamed: go.mod new, go.sum union",
      "go.sum written: go.mod new, go.sum union",
      "go.sum renamed: go.mod new, go.sum new",
    ]);
  });

  it("writes through a symbolic go.mod and go.sum, keeping links and modes", () => {
    const dir = moduleDir(null);
    const shared = join(scratch, `shared${n++}`);
    mkdirSync(shared);
    writeFileSync(join(shared, "go.mod"), oldMod, { mode: 0o600 });
    writeFileSync(join(shared, "go.sum"), oldSum, { mode: 0o644 });
    rmSync(join(dir, "go.mod"));
    symlinkSync(join(shared, "go.mod"), join(dir, "go.mod"));
    symlinkSync("../" + shared.split("/").pop() + "/go.sum", join(dir, "go.sum"));
    writeTidyResult(dir, result({}));
    expect(lstatSync(join(dir, "go.mod")).isSymbolicLink() && lstatSync(join(dir, "go.sum")).isSymbolicLink()).toBe(true);
    expect([read(shared, "go.mod"), read(shared, "go.sum")]).toEqual([newMod, newSum]);
    expect([statSync(join(shared, "go.mod")).mode & 0o777, statSync(join(shared, "go.sum")).mode & 0o777]).toEqual([0o600, 0o644]);
  });

  it("removes what a killed earlier write left, even when nothing changes", () => {
    const dir = moduleDir();
    const dead = spawnSync(process.execPath, ["-e", ""]).pid!;
    const debris = [`go.mod.gotidy-${dead}-1.tmp`, `go.sum.gotidy-${dead}-2.tmp`];
    for (const d of debris) writeFileSync(join(dir, d), "partial");
    writeFileSync(join(dir, "go.mod.orig"), "kept");
    expect(writeTidyResult(dir, result({ newMod: oldMod, newSum: oldSum }))).toEqual({ goMod: false, goSum: false });
    expect(readdirSync(dir).sort()).toEqual(["go.mod", "go.mod.orig", "go.sum"]);
  });
});
