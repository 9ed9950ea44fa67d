// The GOPROXY list through the Repo interface: in-memory Repos stand in for each proxy URL
// (and for "direct" where a test says so), so each rule of the go command's fallback is
// seen in which Repos were asked and which error is reported: "," moves on only after a
// not-found error, "|" after any error; "off" and "direct" end the list; a direct error
// outranks a proxy's, which outranks a not-found one.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dispatcher } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { FetchError, NotExistError } from "../../src/fetch/errors.js";
import { createFetcher } from "../../src/library.js";
import { moduleFetchError } from "../../src/fetch/repo.js";
import { buildProxyFiles } from "../support/fake-proxy.js";
import { failure } from "../support/failure.js";
import { memoryRepos } from "../support/memory-repo.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-chain-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
]);
const none = new Map<string, Buffer>();
const noNetwork = { dispatch() { throw new Error("no request may be sent in this test"); } } as unknown as Dispatcher;

const serverError = (source: string) =>
  moduleFetchError("example.com/a", "v1.0.0", new FetchError(`reading ${source}/example.com/a/@v/v1.0.0.mod: 500 Internal Server Error`, "server"));

/**
 * setup builds a Fetcher over GOPROXY whose proxy URLs https://a.test and https://b.test
 * are in-memory Repos serving what servedBy says (all modules, or none), and, with
 * ownDirect, an in-memory "direct" as well.
 */
function setup(goproxy: string, servedBy: { a?: boolean; b?: boolean; direct?: boolean } = {}, env: NodeJS.ProcessEnv = {}, ownDirect = false) {
  const root = mkdtempSync(join(scratch, "c-"));
  const sources = {
    "https://a.test": memoryRepos(servedBy.a ? files : none, "a"),
    "https://b.test": memoryRepos(servedBy.b ? files : none, "b"),
    direct: memoryRepos(servedBy.direct ? files : none, "direct"),
  };
  const lookups: string[] = [];
  const { fetcher } = createFetcher({
    env: {
      HOME: root, GOENV: "off", PATH: "", GOAUTH: "off", GOFLAGS: "", GOSUMDB: "off", GONOPROXY: "", GOPRIVATE: "",
      GOPATH: join(root, "gopath"), GOMODCACHE: join(root, "modcache"), GOPROXY: goproxy, ...env,
    },
    http: { dispatcher: noNetwork, retries: 0 },
    repos: {
      proxy: (url, path) => {
        lookups.push(`${url} ${path}`);
        return sources[url as "https://a.test"].repo(path);
      },
      ...(ownDirect ? { direct: (path: string) => { lookups.push(`direct ${path}`); return sources.direct.repo(path); } } : {}),
    },
  });
  const a = sources["https://a.test"].repo("example.com/a");
  const b = sources["https://b.test"].repo("example.com/a");
  const direct = sources.direct.repo("example.com/a");
  return { fetcher, a, b, direct, lookups };
}

const mod = files.get("/example.com/a/@v/v1.0.0.mod")!;

describe("the GOPROXY list through the Repo interface", () => {
  it('"," moves on after a not-found error', async () => {
    const s = setup("https://a.test,https://b.test", { b: true });
    expect((await s.fetcher.goMod("example.com/a", "v1.0.0")).equals(mod)).toBe(true);
    expect(s.a.calls).toEqual(["goMod v1.0.0"]);
    expect(s.b.calls).toEqual(["goMod v1.0.0"]);
  });

  it('"," stops at any other error, reporting it, and asks no later entry', async () => {
    const s = setup("https://a.test,https://b.test", { a: true, b: true });
    s.a.failures.set("goMod", serverError("https://a.test"));
    const err = await failure(s.fetcher.goMod("example.com/a", "v1.0.0"));
    expect(err.message).toBe("example.com/a@v1.0.0: reading https://a.test/example.com/a/@v/v1.0.0.mod: 500 Internal Server Error");
    expect(s.lookups).toEqual(["https://a.test example.com/a"]);
    expect(s.b.calls).toEqual([]);
  });

  it('"|" moves on after any error', async () => {
    const s = setup("https://a.test|https://b.test", { a: true, b: true });
    s.a.failures.set("goMod", serverError("https://a.test"));
    expect((await s.fetcher.goMod("example.com/a", "v1.0.0")).equals(mod)).toBe(true);
    expect(s.b.calls).toEqual(["goMod v1.0.0"]);
  });

  it("reports a proxy's error over a later not-found one", async () => {
    const s = setup("https://a.test|https://b.test", { a: true });
    s.a.failures.set("goMod", serverError("https://a.test"));
    const err = await failure(s.fetcher.goMod("example.com/a", "v1.0.0"));
    expect(err.fetchError).toBeInstanceOf(FetchError);
    expect(err.errorClass).toBe("server");
    expect(s.b.calls).toEqual(["goMod v1.0.0"]);
  });

  it("reports the last not-found error, with a hint naming every proxy asked", async () => {
    const s = setup("https://a.test,https://b.test");
    const err = await failure(s.fetcher.goMod("example.com/a", "v1.0.0"));
    expect(err.message).toBe("example.com/a@v1.0.0: b: mod not found");
    expect(err.notExist).toBe(true);
    expect(err.hint).toMatch(/^not found on any of the proxies in GOPROXY \(https:\/\/a\.test, https:\/\/b\.test\); /);
  });

  it('"off" answers without asking anything, and ends the list', async () => {
    const off = setup("off", { a: true });
    const err = await failure(off.fetcher.goMod("example.com/a", "v1.0.0"));
    // Without the module, as go's errRepo: the module graph's error names the version required
    // (testdata/scenarios/proxy-off-replaced-root-missing-import).
    expect(err.message).toBe("module lookup disabled by GOPROXY=off");
    expect(err.errorClass).toBe("disabled");
    expect(off.lookups).toEqual([]);

    const after = setup("https://a.test,off,https://b.test", { b: true });
    expect((await failure(after.fetcher.versions("example.com/a"))).message).toBe("module lookup disabled by GOPROXY=off");
    expect(after.a.calls).toEqual(["versions"]);
    expect(after.lookups).toEqual(["https://a.test example.com/a"]);
  });

  it('the built-in "direct" looks the module up at its origin, and its error outranks a proxy\'s', async () => {
    const text = 'unrecognized import path "example.com/a": https fetch: Get "https://example.com/a?go-get=1": no request may be sent in this test';
    const direct = setup("direct");
    const err = await failure(direct.fetcher.stat("example.com/a", "v1.0.0"));
    expect(err.message).toBe(text);
    expect(err.notExist).toBe(true);

    const late = setup("https://a.test|direct", { a: true });
    late.a.failures.set("goMod", serverError("https://a.test"));
    expect((await failure(late.fetcher.goMod("example.com/a", "v1.0.0"))).message).toBe(text);
  });

  it('a RepoLookup\'s own "direct" answers "direct" and the paths GONOPROXY matches', async () => {
    const direct = setup("https://a.test,direct", { direct: true }, {}, true);
    expect((await direct.fetcher.stat("example.com/a", "v1.0.0")).Version).toBe("v1.0.0");
    expect(direct.lookups).toEqual(["https://a.test example.com/a", "direct example.com/a"]);

    const privateOnes = setup("https://a.test", { a: true, direct: true }, { GONOPROXY: "example.com/a" }, true);
    expect((await privateOnes.fetcher.goMod("example.com/a", "v1.0.0")).equals(mod)).toBe(true);
    expect(privateOnes.lookups).toEqual(["direct example.com/a"]);
    expect(privateOnes.a.calls).toEqual([]);

    const builtIn = setup("https://a.test", { a: true }, { GONOPROXY: "example.com/a" });
    const err = await failure(builtIn.fetcher.goMod("example.com/a", "v1.0.0"));
    expect(err.message).toMatch(/^unrecognized import path "example\.com\/a": https fetch: Get "https:\/\/example\.com\/a\?go-get=1"/);
    expect(builtIn.a.calls).toEqual([]);
  });

  it("makes each entry's Repo once per module path", async () => {
    const s = setup("https://a.test,https://b.test", { b: true });
    await s.fetcher.goMod("example.com/a", "v1.0.0");
    await s.fetcher.versions("example.com/a");
    expect(s.lookups).toEqual(["https://a.test example.com/a", "https://b.test example.com/a"]);
    expect(s.b.calls).toEqual(["goMod v1.0.0", "versions"]);
  });

  it("discards what a failed entry wrote of a zip before the next entry writes it", async () => {
    const s = setup("https://a.test|https://b.test", { b: true });
    s.a.partialZip = Buffer.from("PK\u0003\u0004 cut short");
    const zipFile = await s.fetcher.downloadZip("example.com/a", "v1.0.0");
    expect(readFileSync(zipFile).equals(files.get("/example.com/a/@v/v1.0.0.zip")!)).toBe(true);
    expect(s.a.calls).toEqual(["zip v1.0.0"]);
    expect(s.b.calls).toEqual(["zip v1.0.0"]);
  });

  it("leaves no temporary file behind when no entry delivers the zip", async () => {
    const s = setup("https://a.test|https://b.test");
    s.a.partialZip = Buffer.from("PK\u0003\u0004 cut short");
    const err = await failure(s.fetcher.downloadZip("example.com/a", "v1.0.0"));
    expect(err.message).toBe("example.com/a@v1.0.0: a: connection reset");
    expect(readdirSync(s.fetcher.cache.downloadDir("example.com/a")).filter((n) => !n.endsWith(".lock"))).toEqual([]);
  });

  it("reports a bad GOPROXY for each module, asking nothing", async () => {
    const s = setup("ftp://x", { a: true });
    const err = await failure(s.fetcher.goMod("example.com/a", "v1.0.0"));
    expect(err.message).toBe("example.com/a@v1.0.0: invalid proxy URL scheme (must be https, http, file): ftp://x");
    expect(s.lookups).toEqual([]);
  });

  it("keeps a not-found error's own hint", async () => {
    const s = setup("https://a.test");
    s.a.failures.set("stat", moduleFetchError("example.com/a", "v1.0.0", new NotExistError("gone", "not-found", { hint: "ask the owner" })));
    expect((await failure(s.fetcher.stat("example.com/a", "v1.0.0"))).hint).toBe("ask the owner");
  });
});
