// The atomic writer: what a replaced file keeps (mode, symbolic links), what a failed or
// killed write leaves (the old bytes, no partial file), and how its debris is recognised.

import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { isStaleTemp, removeStaleTemps, resolveLinks, tempPath, writeFileAtomic } from "../../src/io/atomic.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-atomic-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
function freshDir(): string {
  const dir = join(scratch, `case-${n++}`);
  mkdirSync(dir);
  return dir;
}

const umask = process.umask();
/** temps lists a directory's temporary files of writeFileAtomic. */
const temps = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

/** deadPid is the id of a process that has ended. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", ""]);
  expect(r.status).toBe(0);
  return r.pid!;
}

describe("writeFileAtomic", () => {
  it("creates a new file with mode 0666 less the umask, and leaves nothing else", () => {
    const dir = freshDir();
    const file = join(dir, "go.mod");
    expect(writeFileAtomic(file, "module m\n")).toBe(file);
    expect(readFileSync(file, "utf8")).toBe("module m\n");
    expect(statSync(file).mode & 0o777).toBe(0o666 & ~umask);
    expect(readdirSync(dir)).toEqual(["go.mod"]);
  });

  it("writes bytes exactly, including bytes that are not UTF-8", () => {
    const file = join(freshDir(), "go.sum");
    const bytes = Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0xff, 0x0a]);
    writeFileAtomic(file, bytes);
    expect(readFileSync(file)).toEqual(bytes);
  });

  it("keeps an existing file's permission bits, unless told not to", () => {
    const dir = freshDir();
    const file = join(dir, "go.mod");
    writeFileSync(file, "old\n", { mode: 0o600 });
    writeFileAtomic(file, "new\n");
    expect(statSync(file).mode & 0o7777).toBe(0o600);
    const exec = join(dir, "x");
    writeFileSync(exec, "");
    chmodSync(exec, 0o751);
    writeFileAtomic(exec, "new\n");
    expect(statSync(exec).mode & 0o7777).toBe(0o751);
    writeFileAtomic(file, "newer\n", { keepMode: false, mode: 0o644 });
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~umask);
    expect(readFileSync(file, "utf8")).toBe("newer\n");
  });

  it("writes through a symbolic link (and a chain of them), which stays a link", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "go.mod"), "old\n", { mode: 0o640 });
    symlinkSync("real/go.mod", join(dir, "link1"));
    symlinkSync(join(dir, "link1"), join(dir, "go.mod"));
    expect(writeFileAtomic(join(dir, "go.mod"), "new\n")).toBe(join(dir, "real", "go.mod"));
    expect(lstatSync(join(dir, "go.mod")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "go.mod"))).toBe(join(dir, "link1"));
    expect(readFileSync(join(dir, "real", "go.mod"), "utf8")).toBe("new\n");
    expect(statSync(join(dir, "real", "go.mod")).mode & 0o777).toBe(0o640);
    expect(temps(dir)).toEqual([]);
    expect(temps(join(dir, "real"))).toEqual([]);
  });

  it("creates the target of a dangling link, as opening the link for writing would", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "elsewhere"));
    symlinkSync("elsewhere/go.sum", join(dir, "go.sum"));
    writeFileAtomic(join(dir, "go.sum"), "sums\n");
    expect(lstatSync(join(dir, "go.sum")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "elsewhere", "go.sum"), "utf8")).toBe("sums\n");
  });

  it("replaces the link itself with followSymlinks false", () => {
    const dir = freshDir();
    writeFileSync(join(dir, "target"), "old\n");
    symlinkSync("target", join(dir, "file"));
    writeFileAtomic(join(dir, "file"), "new\n", { followSymlinks: false });
    expect(lstatSync(join(dir, "file")).isFile()).toBe(true);
    expect(readFileSync(join(dir, "target"), "utf8")).toBe("old\n");
  });

  it("refuses a loop of links with ELOOP, writing nothing", () => {
    const dir = freshDir();
    symlinkSync("b", join(dir, "a"));
    symlinkSync("a", join(dir, "b"));
    expect(() => writeFileAtomic(join(dir, "a"), "x")).toThrow(expect.objectContaining({ code: "ELOOP" }));
    expect(temps(dir)).toEqual([]);
  });

  it("leaves the old file and no temporary file when the rename fails", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "go.mod")); // a directory where the file should be: rename(2) refuses
    writeFileSync(join(dir, "go.mod", "inside"), "kept\n");
    expect(() => writeFileAtomic(join(dir, "go.mod"), "new\n")).toThrow(expect.objectContaining({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) }));
    expect(readFileSync(join(dir, "go.mod", "inside"), "utf8")).toBe("kept\n");
    expect(readdirSync(dir)).toEqual(["go.mod"]);
  });

  it("fails without a trace when the directory is missing, unless told to make it", () => {
    const dir = freshDir();
    expect(() => writeFileAtomic(join(dir, "no", "such", "f"), "x")).toThrow(expect.objectContaining({ code: "ENOENT" }));
    expect(readdirSync(dir)).toEqual([]);
    writeFileAtomic(join(dir, "no", "such", "f"), "x", { makeDirs: true });
    expect(readFileSync(join(dir, "no", "such", "f"), "utf8")).toBe("x");
  });
});

describe("the steps of a write", () => {
  it("tells onStep when the temporary file holds the new bytes and the file its old ones, then after the rename", () => {
    const dir = freshDir();
    const file = join(dir, "go.mod");
    writeFileSync(file, "old\n");
    const seen: string[] = [];
    writeFileAtomic(file, "new\n", {
      onStep(step, temp) {
        seen.push(`${step} file=${readFileSync(file, "utf8").trim()} temp=${existsSync(temp) ? readFileSync(temp, "utf8").trim() : "gone"}`);
      },
    });
    expect(seen).toEqual(["written file=old temp=new", "renamed file=new temp=gone"]);
  });
});

describe("temporary files", () => {
  it("are named after the file and this process, and fresh each time", () => {
    const a = tempPath("/m/go.mod");
    expect(a).toMatch(new RegExp(`^/m/go\\.mod\\.gotidy-${process.pid}-\\d+\\.tmp$`));
    const names = new Set(Array.from({ length: 50 }, () => tempPath("/m/go.mod")));
    expect(names.size).toBeGreaterThan(45);
  });

  it("are stale when their writer no longer runs, and only those of the file named", () => {
    const alive = (pid: number) => pid === 100;
    const cases: [string, boolean][] = [
      ["go.mod.gotidy-200-5.tmp", true],
      ["go.mod.gotidy-100-5.tmp", false], // a running writer's
      ["go.mod.tmp", false],
      ["go.mod.12345.tmp", false],
      ["go.mod.gotidy-200-5.tmp.bak", false],
      ["go.modx.gotidy-200-5.tmp", false],
      ["go.mod.x.gotidy-200-5.tmp", false],
      ["go.sum.gotidy-200-5.tmp", false],
    ];
    for (const [name, stale] of cases) expect([name, isStaleTemp("go.mod", name, alive)]).toEqual([name, stale]);
  });

  it("left by a dead writer are removed; this process's and other files stay", () => {
    const dir = freshDir();
    const dead = deadPid();
    const names = [`go.mod.gotidy-${dead}-1.tmp`, `go.mod.gotidy-${process.pid}-2.tmp`, "go.mod.tmp", "go.mod", `go.sum.gotidy-${dead}-3.tmp`];
    for (const name of names) writeFileSync(join(dir, name), "x");
    expect(removeStaleTemps(join(dir, "go.mod"))).toEqual([join(dir, `go.mod.gotidy-${dead}-1.tmp`)]);
    expect(readdirSync(dir).sort()).toEqual(names.filter((x) => !x.startsWith(`go.mod.gotidy-${dead}`)).sort());
    removeStaleTemps(join(dir, "go.mod"), { anyWriter: true });
    expect(readdirSync(dir).sort()).toEqual(["go.mod", `go.sum.gotidy-${dead}-3.tmp`]);
  });

  it("are looked for beside a symbolic link's target", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "real"));
    writeFileSync(join(dir, "real", "go.mod"), "");
    symlinkSync("real/go.mod", join(dir, "go.mod"));
    const stale = join(dir, "real", `go.mod.gotidy-${deadPid()}-1.tmp`);
    writeFileSync(stale, "partial");
    expect(resolveLinks(join(dir, "go.mod"))).toBe(join(dir, "real", "go.mod"));
    expect(removeStaleTemps(join(dir, "go.mod"))).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
  });
});

/** A child process that rewrites one file atomically, alternating two contents, until killed. */
function writerScript(atomicModule: string, file: string, size: number): string {
  return `
    import { writeFileAtomic } from ${JSON.stringify(atomicModule)};
    const a = "A".repeat(${size}), b = "B".repeat(${size});
    for (let i = 0; ; i++) {
      writeFileAtomic(${JSON.stringify(file)}, i % 2 ? b : a);
      if (i === 0) process.stdout.write("ready\\n");
    }
  `;
}

describe("a writer killed at a random moment", () => {
  it("leaves the old bytes or the new ones, never part of them, and debris the next run removes", async () => {
    const dir = freshDir();
    // The child runs this repository's current writer, compiled on the spot.
    const source = readFileSync(join(__dirname, "..", "..", "src", "io", "atomic.ts"), "utf8");
    const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(dir, "atomic.mjs"), js);
    const file = join(dir, "data", "go.sum");
    mkdirSync(join(dir, "data"));
    const size = 1 << 21;
    writeFileSync(join(dir, "writer.mjs"), writerScript(join(dir, "atomic.mjs"), file, size));
    for (let round = 0; round < 10; round++) {
      const child = spawn(process.execPath, [join(dir, "writer.mjs")], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise<void>((resolve, reject) => {
        child.stdout.once("data", () => resolve());
        child.once("exit", (code) => reject(new Error(`writer ended with ${code}`)));
      });
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 25)));
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGKILL");
      await exited;
      const data = readFileSync(file, "latin1");
      expect(data.length).toBe(size);
      expect(data === "A".repeat(size) || data === "B".repeat(size)).toBe(true);
      removeStaleTemps(file);
      expect(temps(join(dir, "data"))).toEqual([]);
    }
  }, 60_000);
});
