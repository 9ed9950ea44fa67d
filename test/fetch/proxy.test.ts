// ProxyRepo, the Repo of one module at a module proxy (a fake one on 127.0.0.1, and a
// file:// tree): @latest, and when a proxy does not serve it, the newest version of its
// list by time (an RFC 3339 time after the version, else a pseudo-version's own), as the
// go command's proxyRepo answers.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { HttpClient } from "../../src/fetch/http.js";
import { ProxyRepo } from "../../src/fetch/proxy.js";
import { FakeProxy, startFakeProxy } from "../support/fake-proxy.js";
import { failure } from "../support/failure.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-proxy-repo-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const pseudoOld = "v0.0.0-20200101000000-aaaaaaaaaaaa";
const pseudoNew = "v0.0.0-20210101000000-bbbbbbbbbbbb";
const info = (v: string) => Buffer.from(JSON.stringify({ Version: v, Time: "2021-01-01T00:00:00Z" }));

let proxy: FakeProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

async function repoServing(files: Record<string, string | Buffer>): Promise<ProxyRepo> {
  proxy = await startFakeProxy(new Map(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)])));
  return new ProxyRepo(new HttpClient({ retries: 0 }), proxy.url, "example.com/a");
}

describe("ProxyRepo", () => {
  it("answers latest with the proxy's @latest", async () => {
    const repo = await repoServing({ "/example.com/a/@latest": info(pseudoNew) });
    expect((await repo.latest()).Version).toBe(pseudoNew);
    expect(proxy!.requests.map((r) => r.path)).toEqual(["/example.com/a/@latest"]);
  });

  it("falls back to the list's newest pseudo-version when @latest is not served", async () => {
    const repo = await repoServing({
      "/example.com/a/@v/list": `v1.0.0\n${pseudoNew}\n${pseudoOld}\n`,
      [`/example.com/a/@v/${pseudoNew}.info`]: info(pseudoNew),
    });
    expect((await repo.latest()).Version).toBe(pseudoNew);
    expect(proxy!.requests.map((r) => r.path)).toEqual(["/example.com/a/@latest", "/example.com/a/@v/list", `/example.com/a/@v/${pseudoNew}.info`]);
  });

  it("prefers the time a list line gives", async () => {
    const repo = await repoServing({
      "/example.com/a/@v/list": `v1.0.0 2022-05-01T00:00:00Z\n${pseudoNew}\n`,
      "/example.com/a/@v/v1.0.0.info": info("v1.0.0"),
    });
    expect((await repo.latest()).Version).toBe("v1.0.0");
  });

  it('reports "no commits" (not found) when the list has no version with a time', async () => {
    const repo = await repoServing({ "/example.com/a/@v/list": "v1.0.0\nv1.1.0\n" });
    const err = await failure(repo.latest());
    expect(err.message).toBe("module example.com/a: no commits");
    expect(err.notExist).toBe(true);
  });

  it("lists tagged versions by prefix, sorted, without pseudo-versions", async () => {
    const repo = await repoServing({ "/example.com/a/@v/list": `v1.10.0\nv1.2.0\n${pseudoOld}\nv2.0.0+incompatible\nnot-a-version\n` });
    expect((await repo.versions("")).list).toEqual(["v1.2.0", "v1.10.0", "v2.0.0+incompatible"]);
    expect((await repo.versions("v1.")).list).toEqual(["v1.2.0", "v1.10.0"]);
  });

  it("reads a file:// proxy, and writes a zip to its destination", async () => {
    const root = mkdtempSync(join(scratch, "file-proxy-"));
    const put = (rel: string, data: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), data);
    };
    put("example.com/a/@v/v1.0.0.mod", "module example.com/a\n");
    put("example.com/a/@v/v1.0.0.zip", "zip bytes");
    const repo = new ProxyRepo(new HttpClient(), pathToFileURL(root).href, "example.com/a");
    expect((await repo.goMod("v1.0.0")).toString()).toBe("module example.com/a\n");
    const written: Buffer[] = [];
    await repo.zip({ write: async (d) => void written.push(Buffer.from(d)), truncate: async () => void (written.length = 0) }, "v1.0.0");
    expect(Buffer.concat(written).toString()).toBe("zip bytes");
    const missing = await failure(repo.goMod("v1.1.0"));
    expect(missing.notExist).toBe(true);
    expect(missing.message).toMatch(/^example\.com\/a@v1\.1\.0: reading file:\/\/.*\/example\.com\/a\/@v\/v1\.1\.0\.mod: no such file or directory$/);
  });
});
