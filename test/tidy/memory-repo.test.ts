// The Repo seam: tidy run against in-memory Repos put in through the RepoLookup (as the
// answer of GOPROXY=direct) makes no HTTP request and gives the same go.mod and go.sum as
// the same modules served by a module proxy over HTTP.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Dispatcher } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import type { FetchRequestEvent } from "../../src/fetch/index.js";
import { createFetcher } from "../../src/library.js";
import { tidy } from "../../src/index.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";
import { memoryRepos } from "../support/memory-repo.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-memory-repo-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n\ngo 1.21\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
  { name: "example.com/a@v1.1.0/go.mod", data: "module example.com/a\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n" },
  { name: "example.com/a@v1.1.0/a.go", data: "package a\n\nimport _ \"example.com/b\"\n" },
  { name: "example.com/b@v1.0.0/go.mod", data: "module example.com/b\n\ngo 1.21\n" },
  { name: "example.com/b@v1.0.0/b.go", data: "package b\n" },
]);

/** A dispatcher that refuses to send anything. */
const noNetwork = { dispatch() { throw new Error("no request may be sent in this test"); } } as unknown as Dispatcher;

function mainModule(name: string): { root: string; env: NodeJS.ProcessEnv } {
  const base = mkdtempSync(join(scratch, `${name}-`));
  const root = join(base, "m");
  mkdirSync(root);
  writeFileSync(join(root, "go.mod"), "module example.com/main\n\ngo 1.21\n");
  writeFileSync(join(root, "main.go"), "package main\n\nimport _ \"example.com/a\"\n\nfunc main() {}\n");
  const env = {
    HOME: base, GOENV: "off", PATH: "", GOAUTH: "off", GOFLAGS: "-mod=mod", GOSUMDB: "off", GOTOOLCHAIN: "local",
    GOPATH: join(base, "gopath"), GOMODCACHE: join(base, "modcache"), GONOPROXY: "", GOPRIVATE: "", GONOSUMDB: "",
  };
  return { root, env };
}

describe("tidy over the Repo seam", () => {
  it("runs against in-memory Repos without HTTP, with the result a proxy over HTTP gives", async () => {
    const proxy = await startFakeProxy(files);
    let overHttp;
    try {
      const m = mainModule("http");
      const env = { ...m.env, GOPROXY: proxy.url };
      const fetch = createFetcher({ env, http: { retries: 0 } });
      overHttp = await tidy({ root: m.root, cwd: m.root, env, fetch });
      expect(proxy.requests.length).toBeGreaterThan(0);
    } finally {
      await proxy.close();
    }

    const m = mainModule("memory");
    const env = { ...m.env, GOPROXY: "direct" };
    const memory = memoryRepos(files);
    const requests: FetchRequestEvent[] = [];
    const fetch = createFetcher({
      env, http: { dispatcher: noNetwork, retries: 0 }, observer: { request: (e) => requests.push(e) },
      repos: { direct: (path) => memory.repo(path) },
    });
    const inMemory = await tidy({ root: m.root, cwd: m.root, env, fetch });

    expect(requests).toEqual([]);
    expect(inMemory.newGoMod).toBe(overHttp.newGoMod);
    expect(inMemory.newGoSum).toBe(overHttp.newGoSum);
    expect(inMemory.newGoMod).toContain("require example.com/a v1.1.0\n");
    expect(inMemory.newGoSum).toContain("example.com/b v1.0.0/go.mod h1:");
    expect(memory.repos.get("example.com/a")?.calls).toEqual(expect.arrayContaining(["versions", "goMod v1.1.0", "zip v1.1.0"]));
  });
});
