// Node's modules for the network, child processes and zip reading are loaded only by a run
// that uses them (bin/build-options.mjs, lazyBuiltins): a --check that tidies a module whose
// packages are all in the standard library, and then answers from the result cache, loads
// none of them; a run that does use one (a module from a proxy on 127.0.0.1) still works.
// Runs bin/gotidy-ts.js as built from the current sources (test/support/cli.ts).

import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliArgs } from "../support/cli.js";
import { buildProxyFiles, startFakeProxy, type FakeProxy } from "../support/fake-proxy.js";
import { root } from "../support/paths.js";

const preload = join(root, "test", "support", "loaded-builtins.cjs");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-builtins-test-"));
let proxy: FakeProxy;
beforeAll(async () => {
  proxy = await startFakeProxy(buildProxyFiles([
    { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n\ngo 1.21\n" },
    { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
  ]));
});
afterAll(async () => {
  await proxy?.close();
  rmSync(scratch, { recursive: true, force: true });
});
const mod = join(scratch, "m");
mkdirSync(mod);
writeFileSync(join(mod, "go.mod"), "module example.com/m\n\ngo 1.21\n");
writeFileSync(join(mod, "m.go"), "package m\n\nimport _ \"fmt\"\n");

const lazy = ["net", "tls", "http", "https", "child_process", "zlib", "dns", "readline", "worker_threads"];

/**
 * run runs the command line with its output to files: Node's process.stdout over a pipe or
 * a terminal is a socket of node:net, which a run printing anything loads for that alone.
 * (Not spawnSync: the test's proxy answers from this process.)
 */
async function run(args: string[], env: Record<string, string> = {}, dir = mod) {
  const list = join(scratch, "loaded.txt");
  const out = join(scratch, "out.txt");
  const fd = openSync(out, "w");
  const status = await new Promise<number | null>((done) => {
    const p = spawn(process.execPath, ["--require", preload, ...cliArgs(args)], {
      cwd: dir, stdio: ["ignore", fd, fd],
      env: { ...process.env, NO_COLOR: "1", GOFLAGS: "", GOPROXY: "off", GOTIDYCACHE: join(scratch, "cache"), LOADED_BUILTINS_FILE: list, ...env },
    });
    p.on("close", done);
  });
  closeSync(fd);
  return { status, output: readFileSync(out, "utf8"), loaded: readFileSync(list, "utf8").split("\n").filter(Boolean) };
}

describe("Node's modules a run does not use", () => {
  it("are not loaded by a --check that tidies, nor by one the result cache answers", async () => {
    for (const pass of ["tidied", "answered from the cache"]) {
      const r = await run(["--check"]);
      expect(r.output, pass).toBe("");
      expect(r.status, pass).toBe(0);
      expect(r.loaded, pass).toContain("fs");
      expect(r.loaded.filter((m) => lazy.includes(m)), pass).toEqual([]);
    }
  });

  it("are loaded where a run needs them: a download from an http:// proxy", async () => {
    const dir = join(scratch, "uses-a");
    mkdirSync(dir);
    writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n");
    writeFileSync(join(dir, "m.go"), "package m\n\nimport _ \"example.com/a\"\n");
    const r = await run([], { GOPROXY: proxy.url, GOSUMDB: "off", GOMODCACHE: join(scratch, "modcache"), GOFLAGS: "-modcacherw" }, dir);
    expect(r.status, r.output).toBe(0);
    expect(readFileSync(join(dir, "go.sum"), "utf8")).toContain("example.com/a v1.0.0 h1:");
    expect(r.loaded).toEqual(expect.arrayContaining(["net", "http"]));
  });

  it("are loaded where a run needs one: doctor probing a proxy on 127.0.0.1", async () => {
    const r = await run(["doctor", "--timeout", "2s", "--json"], { GOPROXY: "http://127.0.0.1:1" });
    expect(JSON.parse(r.output).checks.some((c: { class?: string }) => c.class === "refused")).toBe(true);
    expect(r.loaded).toEqual(expect.arrayContaining(["net"]));
  });
});
