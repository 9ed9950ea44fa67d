// Observer events of the fetch layer: one request event per HTTP attempt (with status,
// body bytes and the error), progress as body bytes arrive, and one download event per
// module file resolved, saying whether it came from the module cache.

import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { resolveSettings } from "../../src/settings/resolve.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { HttpClient } from "../../src/fetch/http.js";
import {
  createFetcher, FetchDownloadEvent, FetchObserver, FetchProgressEvent, FetchRequestEvent,
} from "../../src/fetch/index.js";
import { hashGoMod, hashZip } from "../../src/modfile/hash.js";
import { buildProxyFiles, FakeProxy, Fault, startFakeProxy } from "../support/fake-proxy.js";
import { FakeSumDB, makeKey } from "../support/fake-sumdb.js";
import { failure } from "../support/failure.js";

/** settingsFor resolves the settings of a test environment (no home directory beyond its HOME). */
const settingsFor = (env: NodeJS.ProcessEnv) => resolveSettings(env, "");

const scratch = mkdtempSync(join(tmpdir(), "gotidy-observer-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

/** Text that deflate cannot shrink much, from a fixed seed, so that the zip arrives in many chunks. */
function noise(bytes: number): string {
  let x = 2463534242;
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 0x21 + ((x >>> 0) % 94);
  }
  return out.toString("latin1");
}

const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
  { name: "example.com/a@v1.0.0/big.txt", data: noise(1 << 20) },
  { name: "example.com/a@v1.1.0/go.mod", data: "module example.com/a\n\ngo 1.21\n" },
]);
const file = (path: string) => files.get(path)!;

let proxy: FakeProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

interface Recorded {
  requests: FetchRequestEvent[];
  progress: FetchProgressEvent[];
  downloads: FetchDownloadEvent[];
  observer: FetchObserver;
}

function recorder(): Recorded {
  const r: Recorded = {
    requests: [], progress: [], downloads: [],
    observer: {
      request: (e) => r.requests.push(e),
      progress: (e) => r.progress.push({ ...e }),
      download: (e) => r.downloads.push(e),
    },
  };
  return r;
}

function fetcherFor(url: string, observer: FetchObserver, env: NodeJS.ProcessEnv = {}) {
  const root = mkdtempSync(join(scratch, "f-"));
  return createFetcher({
    settings: settingsFor({
      HOME: root, GOENV: "off", PATH: "", GOAUTH: "off", GOFLAGS: "", GOPATH: join(root, "gopath"), GOMODCACHE: join(root, "modcache"),
      GOPROXY: url, GOSUMDB: "off", ...env,
    }),
    observer,
    http: { retries: 0 },
  });
}

/** withoutTime drops the ms field (checked separately) for exact comparisons. */
function withoutTime(events: FetchRequestEvent[]): Omit<FetchRequestEvent, "ms">[] {
  return events.map(({ ms, ...rest }) => {
    expect(Number.isInteger(ms) && ms >= 0).toBe(true);
    return rest;
  });
}

describe("request events", () => {
  it("reports each request with its status and exact body size", async () => {
    proxy = await startFakeProxy(files);
    const r = recorder();
    const { fetcher } = fetcherFor(proxy.url, r.observer);
    await fetcher.goMod("example.com/a", "v1.0.0");
    const err = await failure(fetcher.goMod("example.com/a", "v9.9.9"));
    const missing = "/example.com/a/@v/v9.9.9.mod";
    expect(withoutTime(r.requests)).toEqual([
      { url: `${proxy.url}/example.com/a/@v/v1.0.0.mod`, method: "GET", attempt: 1, status: 200, bytes: file("/example.com/a/@v/v1.0.0.mod").length },
      {
        url: `${proxy.url}${missing}`, method: "GET", attempt: 1, status: 404, bytes: Buffer.byteLength(`not found: ${missing}\n`),
        error: err.message.slice("example.com/a@v9.9.9: ".length),
      },
    ]);
  });

  it("reports every attempt of a retried request", async () => {
    const mod = "/example.com/a/@v/v1.0.0.mod";
    proxy = await startFakeProxy(files, { [mod]: { status: 503, body: "busy\n", failTimes: 1 } });
    const r = recorder();
    const http = new HttpClient({ retries: 2, backoffMs: 1, observer: r.observer });
    expect((await http.get(proxy.url + mod)).equals(file(mod))).toBe(true);
    expect(withoutTime(r.requests)).toEqual([
      { url: proxy.url + mod, method: "GET", attempt: 1, status: 503, bytes: 5, error: `reading ${proxy.url}${mod}: 503 Service Unavailable\n\tserver response: busy` },
      { url: proxy.url + mod, method: "GET", attempt: 2, status: 200, bytes: file(mod).length },
    ]);
  });

  it("reports a failed connection without a status, and a too-large body", async () => {
    const mod = "/example.com/a/@v/v1.0.0.mod";
    const faults: Record<string, Fault> = { [mod]: { reset: true } };
    proxy = await startFakeProxy(files, faults);
    const r = recorder();
    const http = new HttpClient({ retries: 0, observer: r.observer });
    const err = await failure(http.get(proxy.url + mod));
    expect(withoutTime(r.requests)).toEqual([{ url: proxy.url + mod, method: "GET", attempt: 1, bytes: 0, error: err.message }]);

    const big = "/example.com/a/@v/v1.0.0.zip";
    const tooLarge = await failure(http.get(proxy.url + big, 1000));
    const last = r.requests.at(-1)!;
    expect(last.status).toBe(200);
    expect(last.error).toBe(tooLarge.message);
    expect(last.bytes).toBeGreaterThan(1000);
    expect(last.bytes).toBeLessThanOrEqual(file(big).length);
  });

  it("never shows credentials", async () => {
    const tlsDir = join(__dirname, "..", "..", "testdata", "fetch", "tls");
    const tls = { key: readFileSync(join(tlsDir, "key.pem")), cert: readFileSync(join(tlsDir, "cert.pem")) };
    proxy = await startFakeProxy(files, {}, { tls });
    const r = recorder();
    const http = new HttpClient({ retries: 0, observer: r.observer, dispatcher: new Agent({ connect: { ca: tls.cert } }) });
    // Over https, where a URL's user info is sent (plain http refuses it before any request).
    const secret = proxy.url.replace("https://", "https://token-user:s3cret@");
    await http.get(`${secret}/example.com/a/@v/v1.0.0.mod`, undefined, () => undefined).catch(() => undefined);
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0].url).toBe(`${proxy.url}/example.com/a/@v/v1.0.0.mod`);
    expect(JSON.stringify(r.requests)).not.toMatch(/token-user|s3cret/);
  });
});

describe("progress events", () => {
  it("follows a zip's bytes chunk by chunk up to its exact size", async () => {
    proxy = await startFakeProxy(files);
    const r = recorder();
    const { fetcher } = fetcherFor(proxy.url, r.observer);
    await fetcher.downloadZip("example.com/a", "v1.0.0");
    const zip = file("/example.com/a/@v/v1.0.0.zip");
    const zipProgress = r.progress.filter((p) => p.file === "zip");
    expect(zipProgress.length).toBeGreaterThan(1);
    for (const p of zipProgress) {
      expect(p).toMatchObject({ module: "example.com/a", version: "v1.0.0", url: `${proxy.url}/example.com/a/@v/v1.0.0.zip` });
      expect(p).not.toHaveProperty("total"); // the fake proxy answers without a Content-Length
    }
    const received = zipProgress.map((p) => p.received);
    for (let i = 1; i < received.length; i++) expect(received[i]).toBeGreaterThan(received[i - 1]);
    expect(received.at(-1)).toBe(zip.length);
    expect(r.requests.find((e) => e.url.endsWith(".zip"))!.bytes).toBe(zip.length);
    expect(r.progress.filter((p) => p.file !== "zip")).toEqual([]);
  });

  it("gives the total when the server sends a Content-Length", async () => {
    const body = Buffer.from(noise(300_000), "latin1");
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-length": String(body.length) });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/example.com/a/@v/v1.0.0.zip`;
      const seen: [number, number | undefined][] = [];
      const got = await new HttpClient({ retries: 0 }).get(url, undefined, (received, total) => seen.push([received, total]));
      expect(got.equals(body)).toBe(true);
      expect(seen.length).toBeGreaterThan(1);
      expect(seen.every(([, total]) => total === body.length)).toBe(true);
      expect(seen.at(-1)![0]).toBe(body.length);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("names the file kind of each proxy request, and none for a failed response", async () => {
    proxy = await startFakeProxy(files);
    const r = recorder();
    const { fetcher } = fetcherFor(proxy.url, r.observer);
    await fetcher.versions("example.com/a");
    await fetcher.stat("example.com/a", "v1.1.0");
    await fetcher.goMod("example.com/a", "v1.1.0");
    await failure(fetcher.goMod("example.com/a", "v9.9.9"));
    const last = (file: string) => r.progress.filter((p) => p.file === file).at(-1);
    expect(last("list")).toEqual({
      module: "example.com/a", version: "", file: "list", url: `${proxy.url}/example.com/a/@v/list`,
      received: file("/example.com/a/@v/list").length,
    });
    expect(last("info")).toMatchObject({ version: "v1.1.0", received: file("/example.com/a/@v/v1.1.0.info").length });
    expect(last("mod")).toMatchObject({ version: "v1.1.0", received: file("/example.com/a/@v/v1.1.0.mod").length });
    expect(r.progress.some((p) => p.version === "v9.9.9")).toBe(false);
  });

  it("reports the checksum database's files under the lookup that needs them", async () => {
    const key = makeKey("sum.example.test");
    const db = new FakeSumDB(key);
    for (let i = 0; i < 300; i++) db.add(`example.com/filler${i} v1.0.0 h1:${Buffer.alloc(32, i % 251).toString("base64")}\n`);
    const mod = file("/example.com/a/@v/v1.0.0.mod");
    db.add(`example.com/a v1.0.0 ${await hashZip(file("/example.com/a/@v/v1.0.0.zip"))}\nexample.com/a v1.0.0/go.mod ${hashGoMod(mod)}\n`);
    const dbFiles = db.files();
    proxy = await startFakeProxy(new Map([...files, ...dbFiles]));
    const r = recorder();
    const { fetcher } = fetcherFor(proxy.url, r.observer, { GOSUMDB: key.vkey });
    await fetcher.goMod("example.com/a", "v1.0.0");
    const sumdb = r.progress.filter((p) => p.file === "sumdb");
    const urls = new Set(sumdb.map((p) => p.url));
    // Every database file requested was reported, each ending at its exact size.
    const requested = proxy.requests.map((q) => q.path).filter((p) => p.startsWith("/sumdb/") && dbFiles.get(p)!.length > 0);
    expect([...urls].sort()).toEqual(requested.map((p) => proxy!.url + p).sort());
    for (const u of urls) {
      const mine = sumdb.filter((p) => p.url === u);
      expect(mine.at(-1)!.received).toBe(dbFiles.get(u.slice(proxy.url.length))!.length);
      for (const p of mine) expect(p).toMatchObject({ module: "example.com/a", version: "v1.0.0" });
    }
    expect(requested.some((p) => p.includes("/lookup/"))).toBe(true);
  });
});

describe("download events", () => {
  it("tell the network from the module cache", async () => {
    proxy = await startFakeProxy(files);
    const r = recorder();
    const { fetcher } = fetcherFor(proxy.url, r.observer);
    await fetcher.stat("example.com/a", "v1.0.0");
    await fetcher.goMod("example.com/a", "v1.0.0");
    await fetcher.download("example.com/a", "v1.0.0");
    await fetcher.download("example.com/a", "v1.0.0");
    await fetcher.stat("example.com/a", "v1.0.0");
    const again = createFetcher({ settings: settingsFor({ HOME: scratch, GOENV: "off", PATH: "", GOFLAGS: "", GOSUMDB: "off", GOPROXY: "off", GOMODCACHE: fetcher.cache.root }), observer: r.observer });
    await again.fetcher.goMod("example.com/a", "v1.0.0");
    await again.fetcher.downloadZip("example.com/a", "v1.0.0");
    const ev = (version: string, file: FetchDownloadEvent["file"], fromCache: boolean) => ({ module: "example.com/a", version, file, fromCache });
    expect(r.downloads).toEqual([
      ev("v1.0.0", "info", false),
      ev("v1.0.0", "mod", false),
      ev("v1.0.0", "zip", false),
      ev("v1.0.0", "dir", false),
      ev("v1.0.0", "dir", true),
      ev("v1.0.0", "info", true),
      ev("v1.0.0", "mod", true),
      ev("v1.0.0", "zip", true),
    ]);
  });

  it("are not sent for failures, and an observer that throws breaks nothing", async () => {
    proxy = await startFakeProxy(files);
    const calls: string[] = [];
    const boom: FetchObserver = {
      request: () => { calls.push("request"); throw new Error("observer bug"); },
      progress: () => { calls.push("progress"); throw new Error("observer bug"); },
      download: () => { calls.push("download"); throw new Error("observer bug"); },
    };
    const { fetcher } = fetcherFor(proxy.url, boom);
    const dir = await fetcher.download("example.com/a", "v1.0.0");
    expect(dir).toBe(fetcher.cache.moduleDir("example.com/a", "v1.0.0"));
    expect(new Set(calls)).toEqual(new Set(["request", "progress", "download"]));
    const before = calls.filter((c) => c === "download").length;
    await failure(fetcher.download("example.com/a", "v9.9.9"));
    expect(calls.filter((c) => c === "download").length).toBe(before);
  });
});
