// Module cache locks: flock(2) locks that other processes (the go command, flock(1),
// another gotidy-ts) see, held by one helper process for all of them; a lock another
// process holds is waited for without holding up other locks; and when the helper dies,
// work stops instead of going on unlocked.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { confirmLocks, hasFlock, killLockHelperForTest, withLock } from "../../src/fetch/lock.js";
import { cliArgs } from "../support/cli.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";
import { runCommand } from "../support/recorder.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-lock-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const lockedElsewhere = (file: string) => spawnSync("flock", ["-n", file, "true"]).status !== 0;

/** holdElsewhere holds file's flock in another process until the returned function is called. */
async function holdElsewhere(file: string): Promise<() => Promise<void>> {
  const child = spawn("flock", [file, "sh", "-c", "echo held; exec cat >/dev/null"], { stdio: ["pipe", "pipe", "ignore"] });
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  return () => new Promise<void>((resolve) => {
    child.on("exit", () => resolve());
    child.stdin.end();
  });
}

describe.runIf(hasFlock())("module cache locks", () => {
  it("holds many locks at once, each seen by other processes until released", async () => {
    const files = Array.from({ length: 5 }, (_, i) => join(scratch, `many-${i}.lock`));
    let inside = 0;
    await Promise.all(files.map((f) => withLock(f, async () => {
      inside++;
      expect(lockedElsewhere(f)).toBe(true);
    })));
    expect(inside).toBe(5);
    await confirmLocks();
    for (const f of files) expect(lockedElsewhere(f)).toBe(false);
  });

  it("waits for a lock another process holds while other locks are taken and released", async () => {
    const busy = join(scratch, "busy.lock");
    const other = join(scratch, "other.lock");
    writeFileSync(busy, "");
    const release = await holdElsewhere(busy);
    const order: string[] = [];
    const waiting = withLock(busy, async () => {
      order.push("busy");
    });
    // Asked for after the busy lock: the helper must not be stuck waiting for it.
    await withLock(other, async () => {
      order.push("other");
      expect(lockedElsewhere(other)).toBe(true);
    });
    expect(order).toEqual(["other"]);
    await release();
    await waiting;
    expect(order).toEqual(["other", "busy"]);
    expect(lockedElsewhere(busy)).toBe(false);
  });
});

describe.runIf(hasFlock())("when the process holding the locks dies", () => {
  it("fails the work that held a lock and every later lock, and the cache commits nothing", async () => {
    const file = join(scratch, "lost.lock");
    const cache = new ModuleCache(join(scratch, "lost-cache"));
    const tmpFile = join(scratch, "lost.tmp");
    const err = await withLock(file, async () => {
      expect(lockedElsewhere(file)).toBe(true);
      killLockHelperForTest();
      // The helper's descriptors close with it: the lock is gone.
      for (let i = 0; i < 200 && lockedElsewhere(file); i++) await new Promise((r) => setTimeout(r, 10));
      expect(lockedElsewhere(file)).toBe(false);
      // What the fetcher does before each commit: learn that the locks are gone.
      await expect(confirmLocks()).rejects.toThrow(/module cache locks lost/);
      writeFileSync(tmpFile, "x");
      expect(() => cache.commitTemp(tmpFile, join(scratch, "lost.zip"))).toThrow(/module cache locks lost/);
    }).catch((e: Error) => e);
    expect((err as Error).message).toMatch(/^module cache locks lost: the bash process holding them ended \((killed by SIGKILL|its output closed)\)$/);
    expect(existsSync(join(scratch, "lost.zip"))).toBe(false);
    await expect(withLock(join(scratch, "later.lock"), async () => "ran")).rejects.toThrow(/module cache locks lost/);
  });
});

describe("two gotidy-ts processes filling one module cache", () => {
  it("download each zip once between them, and leave a complete cache", async () => {
    const mods = ["a", "b", "c"].map((n) => [
      { name: `example.com/${n}@v1.0.0/go.mod`, data: `module example.com/${n}\n\ngo 1.21\n` },
      { name: `example.com/${n}@v1.0.0/${n}.go`, data: `package ${n}\n` },
    ]).flat();
    const zips = Object.fromEntries(["a", "b", "c"].map((n) => [`/example.com/${n}/@v/v1.0.0.zip`, { delayMs: 150 }]));
    const proxy = await startFakeProxy(buildProxyFiles(mods), zips);
    const cache = join(scratch, "shared-cache");
    try {
      const gomod = "module example.com/main\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.0.0\n\texample.com/b v1.0.0\n\texample.com/c v1.0.0\n)\n";
      const dirs = [0, 1].map((i) => {
        const d = join(scratch, `main-${i}`);
        mkdirSync(d);
        writeFileSync(join(d, "go.mod"), gomod);
        writeFileSync(join(d, "main.go"), 'package main\n\nimport (\n\t_ "example.com/a"\n\t_ "example.com/b"\n\t_ "example.com/c"\n)\n\nfunc main() {}\n');
        return d;
      });
      const env = { ...process.env, GOMODCACHE: cache, GOPROXY: proxy.url, GOSUMDB: "off", GOFLAGS: "-modcacherw", GOENV: "off", GOWORK: "off", GOTOOLCHAIN: "local" };
      const results = await Promise.all(dirs.map((cwd) => runCommand(process.execPath, cliArgs([]), { cwd, env })));
      for (const r of results) expect(r.stderr.replace(/^go: downloading .*\n/gm, "")).toBe("");
      expect(results.map((r) => r.status)).toEqual([0, 0]);
      expect(readFileSync(join(dirs[0], "go.sum"), "utf8")).toBe(readFileSync(join(dirs[1], "go.sum"), "utf8"));
      expect(readFileSync(join(dirs[0], "go.sum"), "utf8").split("\n").filter((l) => l && !l.includes("/go.mod "))).toHaveLength(3);
      // With the locks, whoever came second found the zip (and the directory) done.
      expect(proxy.requests.filter((r) => r.path.endsWith(".zip")).map((r) => r.path).sort()).toEqual(Object.keys(zips).sort());
      for (const n of ["a", "b", "c"]) {
        const dl = join(cache, "cache", "download", "example.com", n, "@v");
        expect(readdirSync(dl).filter((f) => f.endsWith(".tmp") || f.endsWith(".partial"))).toEqual([]);
        expect(readFileSync(join(cache, "example.com", `${n}@v1.0.0`, `${n}.go`), "utf8")).toBe(`package ${n}\n`);
      }
      expect(readdirSync(join(cache, "example.com")).sort()).toEqual(["a@v1.0.0", "b@v1.0.0", "c@v1.0.0"]);
    } finally {
      await proxy.close();
    }
  });
});
