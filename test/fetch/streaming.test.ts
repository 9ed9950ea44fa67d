// Module zips are never held whole in memory: a download is streamed into the zip's
// temporary file as it arrives (truncated before a retry, a full disk reported as itself
// and never retried), and the zip is then read from that file by range. Reading by range
// must give exactly what reading from memory gives, on good zips and on damaged ones.

import { createServer, type Server } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { HttpClient } from "../../src/fetch/http.js";
import { DestinationError, type ZipDestination } from "../../src/fetch/repo.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Verifier } from "../../src/fetch/verify.js";
import { unpackModuleZip } from "../../src/fetch/zipfile.js";
import { moduleZipFiles } from "../../src/fetch/ziprules.js";
import { hashZip } from "../../src/modfile/hash.js";
import { readZipDirectory } from "../../src/modfile/zipread.js";
import { bufferSource, FileSource, type ZipSource } from "../../src/modfile/zipsource.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";
import { failure } from "../support/failure.js";
import { rng } from "../support/mutate.js";
import { writeZip } from "../support/zip-writer.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-streaming-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** memoryDestination collects what is written, and counts the writes. */
function memoryDestination(onWrite: (d: Uint8Array) => void = () => undefined) {
  const chunks: Buffer[] = [];
  const dst: ZipDestination & { bytes(): Buffer; writes: number } = {
    writes: 0,
    write: async (d) => {
      dst.writes++;
      chunks.push(Buffer.from(d));
      onWrite(d);
    },
    truncate: async () => void (chunks.length = 0),
    bytes: () => Buffer.concat(chunks),
  };
  return dst;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/m/@v/v1.0.0.zip` };
}

const close = (server: Server) => new Promise<void>((r) => server.close(() => r()));

function randomBytes(n: number, seed: number): Buffer {
  const r = rng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

describe("streamed downloads", () => {
  it("hands the body to the destination while it still arrives", async () => {
    const half = randomBytes(1 << 20, 1);
    let releasedByClient = false;
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const { server, url } = await listen((_req, res) => {
      res.writeHead(200, { "content-type": "application/zip" });
      res.write(half);
      // The second half is sent only once the client has written part of the first
      // (or after 3 s, so that a buffering client fails the test instead of hanging).
      const timer = setTimeout(release, 3000);
      void released.then(() => {
        clearTimeout(timer);
        res.end(half);
      });
    });
    try {
      const dst = memoryDestination(() => {
        releasedByClient = true;
        release();
      });
      const size = await new HttpClient({ retries: 0 }).getTo(url, dst);
      expect(size).toBe(2 << 20);
      expect(releasedByClient).toBe(true);
      expect(dst.writes).toBeGreaterThan(1);
      expect(dst.bytes().equals(Buffer.concat([half, half]))).toBe(true);
    } finally {
      await close(server);
    }
  });

  it("starts the destination afresh when a reset connection is retried", async () => {
    const body = randomBytes(256 << 10, 2);
    let requests = 0;
    const { server, url } = await listen((_req, res) => {
      requests++;
      res.writeHead(200, { "content-length": String(body.length) });
      if (requests === 1) {
        res.write(body.subarray(0, 100 << 10), () => res.socket?.destroy());
        return;
      }
      res.end(body);
    });
    try {
      const dst = memoryDestination();
      await new HttpClient({ retries: 2, backoffMs: 1 }).getTo(url, dst);
      expect(requests).toBe(2);
      expect(dst.bytes().equals(body)).toBe(true);
    } finally {
      await close(server);
    }
  });

  it("reports the destination's own failure as itself, without a retry", async () => {
    let requests = 0;
    const { server, url } = await listen((_req, res) => {
      requests++;
      res.end(randomBytes(64 << 10, 3));
    });
    try {
      const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      const dst: ZipDestination = { write: async () => Promise.reject(full), truncate: async () => undefined };
      const err: unknown = await new HttpClient({ retries: 3, backoffMs: 1 }).getTo(url, dst).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DestinationError);
      expect((err as DestinationError).error).toBe(full);
      expect(requests).toBe(1);
    } finally {
      await close(server);
    }
  });

  it("streams file:// bodies too, and names a missing file as the go command does", async () => {
    const file = join(scratch, "v1.0.0.zip");
    const body = randomBytes(3 << 20, 4);
    writeFileSync(file, body);
    const dst = memoryDestination();
    expect(await new HttpClient().getTo(pathToFileURL(file).href, dst)).toBe(body.length);
    expect(dst.writes).toBeGreaterThan(1);
    expect(dst.bytes().equals(body)).toBe(true);
    const missing = pathToFileURL(join(scratch, "none.zip")).href;
    expect((await failure(new HttpClient().getTo(missing, memoryDestination()))).message).toBe(`reading ${missing}: no such file or directory`);
  });
});

describe("zips read by range", () => {
  it("reads every range of a file as the bytes in memory give it, across window boundaries", () => {
    const bytes = randomBytes(1 << 20 | 12345, 5);
    const file = join(scratch, "ranges.bin");
    writeFileSync(file, bytes);
    const src = FileSource.open(file);
    const r = rng(6);
    try {
      for (let i = 0; i < 2000; i++) {
        const start = Math.floor(r() * (bytes.length + 10));
        const len = r() < 0.1 ? Math.floor(r() * (600 << 10)) : Math.floor(r() * 4096);
        expect(src.read(start, start + len).equals(bytes.subarray(start, start + len))).toBe(true);
      }
    } finally {
      src.close();
    }
  });

  /** outcome is what checking and hashing a zip gives: its hash and files, or the error's text. */
  async function outcome(src: ZipSource, dir: string): Promise<string> {
    try {
      const entries = readZipDirectory(src);
      const files = moduleZipFiles(entries, "example.com/a", "v1.0.0", src.size);
      const h = await unpackModuleZip(src, entries, { hash: true, extract: { files, dir } }, false);
      return `${h} ${readdirSync(dir, { recursive: true }).map(String).sort().join(",")}`;
    } catch (err) {
      return `error: ${(err as Error).message}`;
    }
  }

  it("checks, hashes and extracts a damaged zip from its file exactly as from memory", async () => {
    const r = rng(7);
    const entries = [{ name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" }];
    for (let i = 0; i < 40; i++) {
      const big = i % 13 === 0;
      entries.push({ name: `example.com/a@v1.0.0/p${i % 5}/f${i}.go`, data: `package p\n// ${"x".repeat(big ? 300_000 : Math.floor(r() * 5000))}\n`, store: i % 3 === 0 } as never);
    }
    const good = writeZip(entries);
    expect(good.length).toBeGreaterThan(256 << 10);
    let n = 0;
    const outcomes = new Set<string>();
    const locals: number[] = [];
    for (let at = good.indexOf("PK\x03\x04"); at >= 0; at = good.indexOf("PK\x03\x04", at + 1)) locals.push(at);
    const anywhere = (z: Buffer) => Math.floor(r() * z.length);
    const inDirectory = (z: Buffer) => z.length - 1 - Math.floor(r() * 2500);
    const inLocalHeader = () => locals[Math.floor(r() * locals.length)] + Math.floor(r() * 30);
    for (let round = 0; round < 80; round++) {
      let zip = Buffer.from(good);
      switch (round === 0 ? -1 : round % 4) {
        case 0: zip[anywhere(zip)] ^= 1 << Math.floor(r() * 8); break;
        case 1: zip = zip.subarray(0, anywhere(zip)); break;
        case 2: zip[inDirectory(zip)] = Math.floor(r() * 256); break;
        case 3: zip[inLocalHeader()] = Math.floor(r() * 256); break;
      }
      const file = join(scratch, `z${++n}.zip`);
      writeFileSync(file, zip);
      const fromMemory = await outcome(bufferSource(zip), join(scratch, `m${n}`));
      const src = FileSource.open(file);
      const fromFile = await outcome(src, join(scratch, `f${n}`)).finally(() => src.close());
      expect(fromFile).toBe(fromMemory);
      expect(await hashZip(file).catch((e: Error) => `error: ${e.message}`)).toBe(await hashZip(zip).catch((e: Error) => `error: ${e.message}`));
      outcomes.add(fromMemory.startsWith("error") ? fromMemory : "ok");
    }
    // The rounds reach both sides: intact zips and several kinds of refusal.
    expect(outcomes.has("ok")).toBe(true);
    expect(outcomes.size).toBeGreaterThan(3);
  });

  it("downloads, verifies and extracts a zip larger than the read window through the module cache", async () => {
    const files = [{ name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" }];
    for (let i = 0; i < 30; i++) files.push({ name: `example.com/a@v1.0.0/f${i}.go`, data: `package a\n// ${randomBytes(20_000, 100 + i).toString("hex")}\n` });
    const proxyFiles = buildProxyFiles(files);
    const zip = proxyFiles.get("/example.com/a/@v/v1.0.0.zip")!;
    expect(zip.length).toBeGreaterThan(256 << 10);
    const proxy = await startFakeProxy(proxyFiles);
    const root = mkdtempSync(join(scratch, "cache-"));
    try {
      const fetcher = new Fetcher({
        cache: new ModuleCache(root),
        http: new HttpClient({ retries: 0 }),
        verifier: new Verifier(null, { GOSUMDB: "off", GONOSUMDB: "" }),
        settings: { GOPROXY: proxy.url, GONOPROXY: "" },
      });
      const dir = await fetcher.download("example.com/a", "v1.0.0");
      const dl = join(root, "cache", "download", "example.com", "a", "@v");
      expect(readFileSync(join(dl, "v1.0.0.zip")).equals(zip)).toBe(true);
      expect(readFileSync(join(dl, "v1.0.0.ziphash"), "utf8")).toBe(await hashZip(zip));
      expect(readFileSync(join(dir, "f29.go"), "utf8")).toBe(files[30].data);
      expect(readdirSync(dir).length).toBe(31);
    } finally {
      await proxy.close();
    }
  });
});
