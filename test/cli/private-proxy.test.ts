// A private module and a private (Athens-style) proxy first in GOPROXY: with GONOPROXY
// unset it defaults to GOPRIVATE, so the module is fetched directly, past the proxy that
// serves it. When that direct fetch fails, the hint says GONOPROXY=none; with it set, the
// proxy serves the module. The direct fetch goes to an HTTPS_PROXY on 127.0.0.1 that
// refuses, so no query leaves the machine.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTidyCommand } from "../../src/cli/tidy-command.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-private-proxy-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));
const files = buildProxyFiles([
  { name: "corp.example.com/a@v1.0.0/go.mod", data: "module corp.example.com/a\n" },
  { name: "corp.example.com/a@v1.0.0/a.go", data: "package a\n" },
]);

async function tidy(env: (proxy: string) => Record<string, string>, args: string[] = []) {
  const proxy = await startFakeProxy(files);
  const dir = mkdtempSync(join(scratch, "m-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n\nrequire corp.example.com/a v1.0.0\n");
  writeFileSync(join(dir, "m.go"), 'package m\n\nimport _ "corp.example.com/a"\n');
  let stdout = "", stderr = "";
  try {
    const ctx = {
      env: { HOME: dir, NO_COLOR: "1", GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", GOMODCACHE: join(dir, "modcache"), GOTIDYCACHE: join(dir, "cache"),
        HTTPS_PROXY: "http://127.0.0.1:1", GOPRIVATE: "corp.example.com", ...env(proxy.url) },
      cwd: dir, home: dir, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) },
    };
    const status = await runTidyCommand([...args, dir], ctx);
    return { status, stdout, stderr, url: proxy.url, requests: proxy.requests.length, goSum: () => readFileSync(join(dir, "go.sum"), "utf8") };
  } finally {
    await proxy.close();
  }
}

const fix = (url: string) =>
  `corp.example.com/a matches GOPRIVATE, and GONOPROXY (unset) defaults to GOPRIVATE, so it was fetched directly instead of from ${url}: ` +
  "if that private proxy serves it, set GONOPROXY=none (GOPRIVATE still keeps it from the checksum database)";

describe("a private module past the private proxy first in GOPROXY", () => {
  it("fails directly, and the hint is GONOPROXY=none", async () => {
    const r = await tidy((p) => ({ GOPROXY: `${p},direct` }));
    // go's words first (the direct fetch's failure, as go prints it), then the hint.
    expect(r.stderr).toContain(`\n\tcorp.example.com/a: unrecognized import path "corp.example.com/a": `);
    expect(r.stderr.endsWith(`\n\thint: ${fix(r.url)}\n`)).toBe(true);
    expect(r.requests).toBe(0);
    expect(r.status).toBe(1);
    const json = await tidy((p) => ({ GOPROXY: `${p},direct` }), ["--json"]);
    const error = JSON.parse(json.stdout).modules[0].errors[0];
    expect(error.class).toBe("not-found"); // go: a failed import path lookup is "not found"
    expect(error.hint).toBe(fix(json.url));
  });

  it("with GONOPROXY=none the private proxy serves it", async () => {
    const r = await tidy((p) => ({ GOPROXY: `${p},direct`, GONOPROXY: "none" }));
    expect(r.status).toBe(0);
    expect(r.requests).toBeGreaterThan(0);
    expect(r.goSum()).toContain("corp.example.com/a v1.0.0/go.mod h1:");
  });

  it("gives no such hint where GONOPROXY=none is not the fix", async () => {
    // GONOPROXY set on purpose, and a public proxy first (it never has private modules).
    const chosen = await tidy((p) => ({ GOPROXY: `${p},direct`, GONOPROXY: "corp.example.com" }));
    const publicFirst = await tidy(() => ({ GOPROXY: "https://proxy.golang.org,direct" }));
    for (const r of [chosen, publicFirst]) {
      expect(r.status).toBe(1);
      expect(r.stderr).not.toContain("GONOPROXY=none");
    }
  });
});
