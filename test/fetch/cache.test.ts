// The module cache under concurrent use, its locks, and the GOPROXY entries gotidy-ts
// does not fetch through itself (direct, GONOPROXY).

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { fetchHint } from "../../src/fetch/errors.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { hasFlock, withLock } from "../../src/fetch/lock.js";
import { Verifier } from "../../src/fetch/verify.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-cache-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
  { name: "example.com/a@v1.0.0/sub/b.go", data: "package sub\n" },
  { name: "example.com/a@v1.1.0/go.mod", data: "module example.com/a\n" },
]);

function fetcher(cacheRoot: string, goproxy: string, extra: { GONOPROXY?: string; log?: string[] } = {}) {
  return new Fetcher({
    cache: new ModuleCache(cacheRoot),
    http: new HttpClient({ retries: 0 }),
    verifier: new Verifier(null, { GOSUMDB: "off", GONOSUMDB: "" }),
    settings: { GOPROXY: goproxy, GONOPROXY: extra.GONOPROXY ?? "" },
    log: (l) => extra.log?.push(l),
  });
}

describe("the module cache", () => {
  it("fills in the go command's layout, read-only, and reuses it without requests", async () => {
    const proxy = await startFakeProxy(files);
    const root = mkdtempSync(join(scratch, "layout-"));
    const log: string[] = [];
    try {
      const f = fetcher(root, proxy.url, { log });
      await f.stat("example.com/a", "v1.0.0");
      await f.goMod("example.com/a", "v1.1.0");
      await f.goMod("example.com/a", "v1.0.0");
      const dir = await f.download("example.com/a", "v1.0.0");
      const dl = join(root, "cache", "download", "example.com", "a", "@v");
      expect(readdirSync(dl).sort()).toEqual(["list", "v1.0.0.info", "v1.0.0.lock", "v1.0.0.mod", "v1.0.0.zip", "v1.0.0.ziphash", "v1.1.0.mod"]);
      expect(readFileSync(join(dl, "list"), "utf8")).toBe("v1.0.0\nv1.1.0\n");
      expect(readFileSync(join(dl, "v1.0.0.ziphash"), "utf8")).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
      expect(dir).toBe(join(root, "example.com", "a@v1.0.0"));
      expect(readFileSync(join(dir, "sub", "b.go"), "utf8")).toBe("package sub\n");
      expect(statSync(join(dir, "a.go")).mode & 0o222).toBe(0);
      expect(statSync(join(dir, "sub")).mode & 0o222).toBe(0);
      expect(log).toEqual(["go: downloading example.com/a v1.0.0"]);

      const before = proxy.requests.length;
      const again = fetcher(root, "off");
      await again.stat("example.com/a", "v1.0.0");
      await again.goMod("example.com/a", "v1.0.0");
      expect(await again.download("example.com/a", "v1.0.0")).toBe(dir);
      expect(proxy.requests.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it("removes what an extraction killed before it finished left beside the module directory", async () => {
    const proxy = await startFakeProxy(files);
    const root = mkdtempSync(join(scratch, "killed-"));
    try {
      // A process that has exited: its temporary directories are stale; this one's are not.
      const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout;
      const stale = join(root, "example.com", `a@v1.0.0.gotidy-${gone}-1.tmp`);
      const live = join(root, "example.com", `a@v1.0.0.gotidy-${process.pid}-2.tmp`);
      for (const d of [stale, live]) mkdirSync(join(d, "sub"), { recursive: true });
      writeFileSync(join(stale, "sub", "b.go"), "package sub\n");
      const dir = await fetcher(root, proxy.url).download("example.com/a", "v1.0.0");
      expect(readdirSync(join(root, "example.com")).sort()).toEqual(["a@v1.0.0", basename(live)].sort());
      expect(readFileSync(join(dir, "a.go"), "utf8")).toBe("package a\n");
    } finally {
      await proxy.close();
    }
  });

  it("stays whole when several fetchers fill it at once", async () => {
    const proxy = await startFakeProxy(files, { "/example.com/a/@v/v1.0.0.zip": { delayMs: 50 } });
    const root = mkdtempSync(join(scratch, "concurrent-"));
    try {
      const dirs = await Promise.all(Array.from({ length: 4 }, () => fetcher(root, proxy.url).download("example.com/a", "v1.0.0")));
      expect(new Set(dirs).size).toBe(1);
      expect(readFileSync(join(dirs[0], "a.go"), "utf8")).toBe("package a\n");
      const dl = join(root, "cache", "download", "example.com", "a", "@v");
      expect(readdirSync(dl).filter((n) => n.endsWith(".tmp") || n.endsWith(".partial"))).toEqual([]);
      // The zip was fetched once: the others waited for the lock and found it done.
      expect(proxy.requests.filter((r) => r.path.endsWith(".zip"))).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it.runIf(hasFlock())("holds a real flock that other processes see", async () => {
    const lock = join(scratch, "x.lock");
    await withLock(lock, async () => {
      const r = spawnSync("flock", ["-n", lock, "true"]);
      expect(r.status).not.toBe(0);
    });
    expect(spawnSync("flock", ["-n", lock, "true"]).status).toBe(0);
    expect(existsSync(lock)).toBe(true);
  });
});

describe("GOPROXY entries that fetch from version control", () => {
  it("explains direct instead of skipping it", async () => {
    const err = await fetcher(mkdtempSync(join(scratch, "direct-")), "direct").stat("example.com/a", "v1.0.0").catch((e: Error) => e);
    expect((err as Error).message).toBe("fetching directly from version control is not supported by gotidy-ts");
    expect(fetchHint(err)).toMatch(/GOPROXY \(direct\) reached "direct" for example.com\/a/);
  });

  it("explains GONOPROXY modules, and lets other modules use the proxy", async () => {
    const proxy = await startFakeProxy(files);
    try {
      const f = fetcher(mkdtempSync(join(scratch, "noproxy-")), proxy.url, { GONOPROXY: "example.com/private" });
      expect((await f.stat("example.com/a", "v1.0.0")).Version).toBe("v1.0.0");
      const err = await f.stat("example.com/private", "v1.0.0").catch((e: Error) => e);
      expect((err as Error).message).toMatch(/^fetching directly/);
      expect(fetchHint(err)).toMatch(/matches GOPRIVATE\/GONOPROXY \(example.com\/private\)/);
    } finally {
      await proxy.close();
    }
  });
});

describe("errors people can act on", () => {
  it("keeps nothing of a truncated zip", async () => {
    const proxy = await startFakeProxy(files, { "/example.com/a/@v/v1.0.0.zip": { truncate: true } });
    const root = mkdtempSync(join(scratch, "truncated-"));
    try {
      const err = await fetcher(root, proxy.url).download("example.com/a", "v1.0.0").catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      const dl = join(root, "cache", "download", "example.com", "a", "@v");
      expect(existsSync(dl) ? readdirSync(dl).filter((n) => !n.endsWith(".lock")) : []).toEqual([]);
      expect(existsSync(join(root, "example.com", "a@v1.0.0"))).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it("lists every proxy asked when none has the module", async () => {
    const proxy = await startFakeProxy(files);
    try {
      const f = fetcher(mkdtempSync(join(scratch, "notfound-")), `${proxy.url}/one,${proxy.url}/two`);
      const err = await f.stat("example.com/a", "v1.0.0").catch((e: Error) => e);
      expect((err as Error).message).toMatch(new RegExp(`^example.com/a@v1.0.0: reading ${proxy.url}/two/example.com/a/@v/v1.0.0.info: 404 Not Found`));
      expect(fetchHint(err)).toBe(
        `not found on any of the proxies in GOPROXY (${proxy.url}/one, ${proxy.url}/two); ` +
        "check the module path and version, and for a private module set GOPRIVATE and a proxy that serves it");
    } finally {
      await proxy.close();
    }
  });
});
