// Offline mode: a cache filled by an online run (modules, go.mod files, checksum database
// answers and tiles) serves everything again without a single request, and whatever the
// cache cannot answer fails with an "offline" error naming the module, the version and
// what was missing.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/settings/resolve.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { HttpClient } from "../../src/fetch/http.js";
import { createFetcher, FetchDownloadEvent, FetchObserver, FetchRequestEvent, isOffline } from "../../src/fetch/index.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { hashGoMod, hashZip } from "../../src/modfile/hash.js";
import { buildProxyFiles, FakeProxy, startFakeProxy } from "../support/fake-proxy.js";
import { FakeSumDB, makeKey } from "../support/fake-sumdb.js";
import { Failure, failure } from "../support/failure.js";

/** settingsFor resolves the settings of a test environment (no home directory beyond its HOME). */
const settingsFor = (env: NodeJS.ProcessEnv) => resolveSettings(env, "");

const scratch = mkdtempSync(join(tmpdir(), "gotidy-offline-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const key = makeKey("sum.example.test");
const moduleFiles = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n\nrequire example.com/b v1.0.0\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
  { name: "example.com/a@v1.1.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.1.0/a.go", data: "package a // v1.1.0\n" },
  { name: "example.com/b@v1.0.0/go.mod", data: "module example.com/b\n" },
  { name: "example.com/b@v1.0.0/b.go", data: "package b\n" },
]);
const file = (path: string) => moduleFiles.get(path)!;

/** The go.sum lines of the test modules, computed from what the proxy serves. */
const sums: Record<string, { mod: string; zip: string }> = {};
let db: FakeSumDB;
let proxy: FakeProxy;

beforeAll(async () => {
  for (const [path, version] of [["example.com/a", "v1.0.0"], ["example.com/a", "v1.1.0"], ["example.com/b", "v1.0.0"]]) {
    sums[`${path}@${version}`] = {
      mod: hashGoMod(file(`/${path}/@v/${version}.mod`)),
      zip: await hashZip(file(`/${path}/@v/${version}.zip`)),
    };
  }
  // A tree of 600 records: two full tiles and a partial one at level 0, a partial one at
  // level 1, so that proofs need partial tiles (which must be cached for offline use).
  db = new FakeSumDB(key);
  for (let i = 0; i < 597; i++) db.add(`example.com/filler${i} v1.0.0 h1:${Buffer.alloc(32, i % 251).toString("base64")}\n`);
  for (const [mv, h] of Object.entries(sums)) {
    const [path, version] = mv.split("@");
    db.add(`${path} ${version} ${h.zip}\n${path} ${version}/go.mod ${h.mod}\n`);
  }
  proxy = await startFakeProxy(new Map([...moduleFiles, ...db.files()]));
  return () => proxy.close();
});

interface Setup {
  root: string;
  env: NodeJS.ProcessEnv;
}

function setup(name: string, extra: NodeJS.ProcessEnv = {}): Setup {
  const root = mkdtempSync(join(scratch, `${name}-`));
  return {
    root,
    env: {
      HOME: root, GOENV: "off", PATH: "", GOAUTH: "off", GOFLAGS: "",
      GOPATH: join(root, "gopath"), GOMODCACHE: join(root, "modcache"),
      GOPROXY: proxy.url, GOSUMDB: key.vkey, ...extra,
    },
  };
}

function fetcherFor(s: Setup, options: { offline?: boolean; goSum?: string; observer?: FetchObserver; env?: NodeJS.ProcessEnv; log?: string[]; trace?: string[] } = {}) {
  return createFetcher({
    settings: settingsFor({ ...s.env, ...options.env }),
    offline: options.offline,
    observer: options.observer,
    goSum: options.goSum === undefined ? null : parseGoSum(options.goSum),
    http: { retries: 0 },
    log: (l) => options.log?.push(l),
    trace: (l) => options.trace?.push(l),
  });
}

function expectOffline(err: Failure, message: string, hint: RegExp): void {
  expect(err.message).toBe(message);
  expect(err.errorClass).toBe("offline");
  expect(isOffline(err.error)).toBe(true);
  expect(err.notExist).toBe(false);
  expect(err.hint).toMatch(hint);
}

function walkFiles(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(join(d, e.name)) : [join(d, e.name)]));
}

/** fillOnline fetches example.com/a@v1.0.0 (info, go.mod, tree) and example.com/a@v1.1.0's go.mod, verified through the checksum database. */
async function fillOnline(s: Setup): Promise<{ dir: string; info: unknown }> {
  const { fetcher, verifier } = fetcherFor(s);
  const info = await fetcher.stat("example.com/a", "v1.0.0");
  await fetcher.goMod("example.com/a", "v1.0.0");
  await fetcher.goMod("example.com/a", "v1.1.0");
  const dir = await fetcher.download("example.com/a", "v1.0.0");
  expect(verifier.verified.get("example.com/a v1.0.0")).toEqual(new Set([sums["example.com/a@v1.0.0"].zip]));
  return { dir, info };
}

describe("offline mode", () => {
  it("serves what an online run cached, checksums included, without a single request", async () => {
    const s = setup("serve");
    const before = proxy.requests.length;
    const online = await fillOnline(s);
    const served = proxy.requests.slice(before).map((r) => r.path);
    expect(served.some((p) => p.startsWith(`/sumdb/${key.name}/lookup/`))).toBe(true);
    // Every tile the proofs fetched, partial tiles included, is now in the cache.
    const tiles = served.filter((p) => p.startsWith(`/sumdb/${key.name}/tile/`));
    expect(tiles.some((p) => p.includes(".p/"))).toBe(true);
    for (const t of tiles) expect(existsSync(join(s.env.GOMODCACHE!, "cache", "download", "sumdb", t.slice("/sumdb/".length)))).toBe(true);

    const requests: FetchRequestEvent[] = [];
    const downloads: FetchDownloadEvent[] = [];
    const trace: string[] = [];
    const log: string[] = [];
    const count = proxy.requests.length;
    const { fetcher, verifier } = fetcherFor(s, {
      offline: true, trace, log, observer: { request: (e) => requests.push(e), download: (e) => downloads.push(e) },
    });
    expect(await fetcher.stat("example.com/a", "v1.0.0")).toEqual(online.info);
    expect((await fetcher.goMod("example.com/a", "v1.0.0")).equals(file("/example.com/a/@v/v1.0.0.mod"))).toBe(true);
    expect((await fetcher.goMod("example.com/a", "v1.1.0")).equals(file("/example.com/a/@v/v1.1.0.mod"))).toBe(true);
    expect(await fetcher.download("example.com/a", "v1.0.0")).toBe(online.dir);
    expect(readFileSync(join(online.dir, "a.go"), "utf8")).toBe("package a\n");

    expect(proxy.requests.length).toBe(count);
    expect(requests).toEqual([]);
    expect(log).toEqual([]);
    const cache = new ModuleCache(s.env.GOMODCACHE!);
    expect(trace).toEqual([
      `# cache ${cache.file("example.com/a", "v1.0.0", "info")}`,
      `# cache ${cache.file("example.com/a", "v1.0.0", "mod")}`,
      `# cache ${cache.file("example.com/a", "v1.1.0", "mod")}`,
      `# cache ${online.dir}`,
    ]);
    // The checksums were checked against the cached database answers (go.sum is empty).
    expect(verifier.verified.get("example.com/a v1.0.0/go.mod")).toEqual(new Set([sums["example.com/a@v1.0.0"].mod]));
    expect(verifier.verified.get("example.com/a v1.1.0/go.mod")).toEqual(new Set([sums["example.com/a@v1.1.0"].mod]));
    expect(verifier.verified.get("example.com/a v1.0.0")).toEqual(new Set([sums["example.com/a@v1.0.0"].zip]));
    expect(downloads).toEqual([
      { module: "example.com/a", version: "v1.0.0", file: "info", fromCache: true },
      { module: "example.com/a", version: "v1.0.0", file: "mod", fromCache: true },
      { module: "example.com/a", version: "v1.1.0", file: "mod", fromCache: true },
      { module: "example.com/a", version: "v1.0.0", file: "dir", fromCache: true },
    ]);
  });

  it("extracts a cached zip offline", async () => {
    const s = setup("extract");
    const online = await fillOnline(s);
    new ModuleCache(s.env.GOMODCACHE!).removeTree(online.dir);
    const count = proxy.requests.length;
    const { fetcher } = fetcherFor(s, { offline: true });
    expect(await fetcher.download("example.com/a", "v1.0.0")).toBe(online.dir);
    expect(readFileSync(join(online.dir, "a.go"), "utf8")).toBe("package a\n");
    expect(proxy.requests.length).toBe(count);
  });

  it("names what each operation would need from the network", async () => {
    const s = setup("errors");
    await fillOnline(s);
    const count = proxy.requests.length;
    const log: string[] = [];
    const { fetcher } = fetcherFor(s, { offline: true, log });
    const queryHint = /versions cannot be listed or resolved/;

    expectOffline(await failure(fetcher.versions("example.com/a")),
      "module example.com/a: offline: listing versions needs the network (module proxy)", queryHint);
    expectOffline(await failure(fetcher.latest("example.com/a")),
      "module example.com/a: offline: finding the latest version needs the network (module proxy)", queryHint);
    expectOffline(await failure(fetcher.stat("example.com/a", "master")),
      "example.com/a@master: offline: resolving a version query needs the network (module proxy)", queryHint);
    // v1.1.0's go.mod is cached, its .info and zip are not.
    expectOffline(await failure(fetcher.stat("example.com/a", "v1.1.0")),
      "example.com/a@v1.1.0: offline: version info (.info) not in the module cache",
      /^run once online \(gotidy-ts, or go mod download example\.com\/a@v1\.1\.0\) to fill the module cache$/);
    expectOffline(await failure(fetcher.download("example.com/a", "v1.1.0")),
      "example.com/a@v1.1.0: offline: module zip not in the module cache", /go mod download example\.com\/a@v1\.1\.0/);
    expectOffline(await failure(fetcher.downloadZip("example.com/a", "v1.1.0")),
      "example.com/a@v1.1.0: offline: module zip not in the module cache", /go mod download example\.com\/a@v1\.1\.0/);
    expectOffline(await failure(fetcher.goMod("example.com/b", "v1.0.0")),
      "example.com/b@v1.0.0: offline: go.mod not in the module cache", /go mod download example\.com\/b@v1\.0\.0/);

    expect(proxy.requests.length).toBe(count);
    expect(log).toEqual([]); // no "go: downloading" for what is not downloaded
    const dl = join(s.env.GOMODCACHE!, "cache", "download", "example.com", "a", "@v");
    expect(readdirSync(dl).filter((n) => n.startsWith("v1.1.0"))).toEqual(["v1.1.0.mod"]);
    expect(existsSync(join(s.env.GOMODCACHE!, "cache", "download", "example.com", "b"))).toBe(false);
  });

  it("needs a checksum from go.sum or the checksum database cache", async () => {
    // example.com/b's files are cached by a run that did not ask the database for them.
    const s = setup("sumdb");
    const online = fetcherFor(s, { env: { GONOSUMDB: "example.com/b" } }).fetcher;
    await online.goMod("example.com/b", "v1.0.0");
    await online.download("example.com/b", "v1.0.0");
    expect(existsSync(join(s.env.GOMODCACHE!, "cache", "download", "sumdb", key.name, "lookup", "example.com", "b@v1.0.0"))).toBe(false);
    const count = proxy.requests.length;

    const { fetcher } = fetcherFor(s, { offline: true });
    const err = await failure(fetcher.goMod("example.com/b", "v1.0.0"));
    expectOffline(err, `example.com/b@v1.0.0: offline: go.mod checksum not in go.sum and not in the checksum database cache (GOSUMDB ${key.name})`,
      new RegExp(`^run once online \\(gotidy-ts, or go mod download example\\.com/b@v1\\.0\\.0\\) .*or add the go\\.sum lines for example\\.com/b v1\\.0\\.0 ` +
        `\\(the cache lacks ${key.name}/lookup/example\\.com/b@v1\\.0\\.0\\)$`));
    expectOffline(await failure(fetcher.download("example.com/b", "v1.0.0")),
      `example.com/b@v1.0.0: offline: module checksum not in go.sum and not in the checksum database cache (GOSUMDB ${key.name})`, /add the go\.sum lines/);

    // With the go.sum lines, the database is not needed.
    const h = sums["example.com/b@v1.0.0"];
    const withSum = fetcherFor(s, { offline: true, goSum: `example.com/b v1.0.0 ${h.zip}\nexample.com/b v1.0.0/go.mod ${h.mod}\n` });
    expect((await withSum.fetcher.goMod("example.com/b", "v1.0.0")).equals(file("/example.com/b/@v/v1.0.0.mod"))).toBe(true);
    expect(await withSum.fetcher.download("example.com/b", "v1.0.0")).toBe(join(s.env.GOMODCACHE!, "example.com", "b@v1.0.0"));
    // So is it not with GONOSUMDB or GOSUMDB=off.
    await fetcherFor(s, { offline: true, env: { GONOSUMDB: "example.com/b" } }).fetcher.goMod("example.com/b", "v1.0.0");
    await fetcherFor(s, { offline: true, env: { GOSUMDB: "off" } }).fetcher.goMod("example.com/b", "v1.0.0");
    expect(proxy.requests.length).toBe(count);
  });

  it("uses a cached database answer only when the tiles of its proof are cached too", async () => {
    const s = setup("tiles");
    await fillOnline(s);
    const sumdbDir = join(s.env.GOMODCACHE!, "cache", "download", "sumdb", key.name);
    const partial = walkFiles(join(sumdbDir, "tile")).filter((f) => f.includes(".p/"));
    expect(partial.length).toBeGreaterThan(0);
    for (const f of partial) rmSync(f);
    const count = proxy.requests.length;
    const err = await failure(fetcherFor(s, { offline: true }).fetcher.goMod("example.com/a", "v1.0.0"));
    expectOffline(err, `example.com/a@v1.0.0: offline: go.mod checksum not in go.sum and not in the checksum database cache (GOSUMDB ${key.name})`,
      new RegExp(`\\(the cache lacks ${key.name}/tile/8/[0-9]+/[0-9/x]+\\.p/[0-9]+\\)$`));
    expect(proxy.requests.length).toBe(count);
  });

  it("reads no file:// proxy and makes no request of any kind", async () => {
    // A file:// proxy that holds example.com/b is not read offline.
    const s = setup("fileproxy");
    const dir = join(s.root, "proxy");
    for (const [p, data] of moduleFiles) {
      mkdirSync(join(dir, p, ".."), { recursive: true });
      writeFileSync(join(dir, p), data);
    }
    const url = pathToFileURL(dir).href;
    const online = fetcherFor(s, { env: { GOPROXY: url, GOSUMDB: "off" } }).fetcher;
    expect((await online.goMod("example.com/b", "v1.0.0")).equals(file("/example.com/b/@v/v1.0.0.mod"))).toBe(true);
    const { fetcher } = fetcherFor(s, { offline: true, env: { GOPROXY: url, GOSUMDB: "off" } });
    expectOffline(await failure(fetcher.goMod("example.com/b", "v1.1.0")), "example.com/b@v1.1.0: offline: go.mod not in the module cache", /go mod download/);
    expectOffline(await failure(fetcher.goMod("example.com/a", "v1.0.0")), "example.com/a@v1.0.0: offline: go.mod not in the module cache", /go mod download/);

    // The HTTP client itself refuses too, whatever the URL.
    const count = proxy.requests.length;
    const http = new HttpClient({ offline: true });
    for (const u of [`${proxy.url}/example.com/a/@v/list`, `${url}/example.com/a/@v/list`]) {
      const e = await failure(http.get(u));
      expect(e.message).toBe(`reading ${u}: offline: no network requests are made`);
      expect(e.errorClass).toBe("offline");
    }
    expect(proxy.requests.length).toBe(count);
  });

  it("keeps online behaviour when offline is false", async () => {
    const s = setup("online");
    const { fetcher } = fetcherFor(s, { offline: false });
    expect(await fetcher.versions("example.com/a")).toEqual(["v1.0.0", "v1.1.0"]);
    expect((await fetcher.stat("example.com/b", "v1.0.0")).Version).toBe("v1.0.0");
    const err = await failure(fetcher.goMod("example.com/c", "v1.0.0"));
    expect(err.errorClass).toBe("not-found");
    expect(err.notExist).toBe(true);
  });
});
