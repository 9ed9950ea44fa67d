// The caching layer around any Repo (here an in-memory one that records its calls): the
// module cache answers .info and go.mod before the Repo is asked, what the Repo answers is
// kept (a go.mod only once it passed its check), offline mode fails a miss without asking,
// and concurrent calls share one answer.

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { CachingRepo } from "../../src/fetch/caching.js";
import { ChecksumError } from "../../src/fetch/errors.js";
import type { FetchDownloadEvent } from "../../src/fetch/observer.js";
import { buildProxyFiles } from "../support/fake-proxy.js";
import { failure } from "../support/failure.js";
import { MemoryRepo } from "../support/memory-repo.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-caching-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
]);
// A query the Repo resolves: "main" names v1.0.0.
files.set("/example.com/a/@v/main.info", Buffer.from(JSON.stringify({ Version: "v1.0.0", Time: "2020-01-01T00:00:00Z" })));
const mod = files.get("/example.com/a/@v/v1.0.0.mod")!;
const info = files.get("/example.com/a/@v/v1.0.0.info")!;

interface Setup {
  cache: ModuleCache;
  inner: MemoryRepo;
  repo: CachingRepo;
  checked: string[];
  trace: string[];
  downloads: FetchDownloadEvent[];
}

function setup(options: { cache?: ModuleCache; offline?: boolean; reject?: boolean } = {}): Setup {
  const cache = options.cache ?? new ModuleCache(mkdtempSync(join(scratch, "modcache-")));
  const inner = new MemoryRepo("example.com/a", files);
  const s: Setup = { cache, inner, checked: [], trace: [], downloads: [], repo: undefined as unknown as CachingRepo };
  s.repo = new CachingRepo(inner, {
    cache,
    offline: options.offline,
    trace: (l) => s.trace.push(l),
    observer: { download: (e) => s.downloads.push(e) },
    checkGoMod: async (path, version, data) => {
      s.checked.push(`${path}@${version} ${data.length}`);
      if (options.reject) throw new ChecksumError("go.sum", `verifying ${path}@${version}/go.mod: checksum mismatch`, path, `${version}/go.mod`);
    },
  });
  return s;
}

describe("the caching layer", () => {
  it("keeps what the Repo answers, and a later Repo over the same cache is not asked", async () => {
    const first = setup();
    expect((await first.repo.stat("v1.0.0")).Version).toBe("v1.0.0");
    expect((await first.repo.goMod("v1.0.0")).equals(mod)).toBe(true);
    expect(first.inner.calls).toEqual(["stat v1.0.0", "goMod v1.0.0"]);
    expect(first.cache.read("example.com/a", "v1.0.0", "mod")?.equals(mod)).toBe(true);
    expect(JSON.parse(first.cache.read("example.com/a", "v1.0.0", "info")!.toString("utf8"))).toEqual(JSON.parse(info.toString("utf8")));
    expect(first.downloads.map((e) => `${e.file} ${e.fromCache}`)).toEqual(["info false", "mod false"]);

    const second = setup({ cache: first.cache });
    expect((await second.repo.stat("v1.0.0")).Version).toBe("v1.0.0");
    expect((await second.repo.goMod("v1.0.0")).equals(mod)).toBe(true);
    expect(second.inner.calls).toEqual([]);
    expect(second.checked).toEqual([`example.com/a@v1.0.0 ${mod.length}`]);
    expect(second.trace).toEqual([
      `# cache ${first.cache.file("example.com/a", "v1.0.0", "info")}`,
      `# cache ${first.cache.file("example.com/a", "v1.0.0", "mod")}`,
    ]);
    expect(second.downloads.map((e) => `${e.file} ${e.fromCache}`)).toEqual(["info true", "mod true"]);
  });

  it("keeps a go.mod only once it passed its check, and checks a cached one too", async () => {
    const s = setup({ reject: true });
    expect((await failure(s.repo.goMod("v1.0.0"))).errorClass).toBe("checksum");
    expect(s.cache.read("example.com/a", "v1.0.0", "mod")).toBeNull();

    s.cache.write("example.com/a", "v1.0.0", "mod", mod);
    const cached = setup({ cache: s.cache, reject: true });
    expect((await failure(cached.repo.goMod("v1.0.0"))).errorClass).toBe("checksum");
    expect(cached.inner.calls).toEqual([]);
  });

  it("asks the Repo for a query and keeps the answer under the version it names", async () => {
    const s = setup();
    expect((await s.repo.stat("main")).Version).toBe("v1.0.0");
    expect(s.cache.read("example.com/a", "v1.0.0", "info")).not.toBeNull();
    expect((await s.repo.stat("v1.0.0")).Version).toBe("v1.0.0");
    expect(s.inner.calls).toEqual(["stat main"]);
  });

  it("fetches a damaged or mismatched .info again", async () => {
    const s = setup();
    s.cache.write("example.com/a", "v1.0.0", "info", "{not json");
    expect((await s.repo.stat("v1.0.0")).Version).toBe("v1.0.0");
    s.cache.write("example.com/a", "v1.0.0", "info", JSON.stringify({ Version: "v1.0.1" }));
    expect((await s.repo.stat("v1.0.0")).Version).toBe("v1.0.0");
    expect(s.inner.calls).toEqual(["stat v1.0.0", "stat v1.0.0"]);
  });

  it("lists versions and finds the latest through the Repo even when the cache has the module", async () => {
    const s = setup();
    await s.repo.goMod("v1.0.0");
    expect((await s.repo.versions("")).list).toEqual(["v1.0.0"]);
    expect((await s.repo.latest()).Version).toBe("v1.0.0");
    expect(s.inner.calls).toEqual(["goMod v1.0.0", "versions", "latest"]);
  });

  it("shares one answer among concurrent calls", async () => {
    const s = setup();
    const answers = await Promise.all([s.repo.goMod("v1.0.0"), s.repo.goMod("v1.0.0"), s.repo.goMod("v1.0.0")]);
    expect(answers.every((a) => a.equals(mod))).toBe(true);
    expect(s.inner.calls).toEqual(["goMod v1.0.0"]);
  });

  it("fails a miss offline without asking the Repo, and still serves a hit", async () => {
    const s = setup({ offline: true });
    const miss = await failure(s.repo.goMod("v1.0.0"));
    expect(miss.message).toBe("example.com/a@v1.0.0: offline: go.mod not in the module cache");
    expect(miss.errorClass).toBe("offline");
    expect((await failure(s.repo.versions(""))).message).toBe("module example.com/a: offline: listing versions needs the network (module proxy)");
    expect((await failure(s.repo.stat("main"))).message).toBe("example.com/a@main: offline: resolving a version query needs the network (module proxy)");
    expect(s.inner.calls).toEqual([]);

    s.cache.write("example.com/a", "v1.0.0", "mod", mod);
    expect((await s.repo.goMod("v1.0.0")).equals(mod)).toBe(true);
    expect(s.inner.calls).toEqual([]);
  });

  it("passes zips through to the Repo", async () => {
    const s = setup();
    const written: Buffer[] = [];
    await s.repo.zip({ write: async (d) => void written.push(Buffer.from(d)), truncate: async () => void (written.length = 0) }, "v1.0.0");
    expect(Buffer.concat(written).equals(files.get("/example.com/a/@v/v1.0.0.zip")!)).toBe(true);
    expect(s.inner.calls).toEqual(["zip v1.0.0"]);
  });
});
