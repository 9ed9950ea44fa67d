// Credentials in a GOPROXY URL through the gotidy-ts executable: a token in the user name
// is sent as Basic auth over https and appears in no output (-x and -v traces, --json
// requests, messages); over plain http the go command's refusal, without a request.
// Runs bin/gotidy-ts.js against a proxy on 127.0.0.1, so the package must be built.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "../support/recorder.js";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { buildProxyFiles, FakeProxy, startFakeProxy } from "../support/fake-proxy.js";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
const tlsDir = join(root, "testdata", "fetch", "tls");
const tls = { key: readFileSync(join(tlsDir, "key.pem")), cert: readFileSync(join(tlsDir, "cert.pem")) };
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-credentials-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

const token = "ghp_S3CRETt0ken";
const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
]);

let proxy: FakeProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

/** run starts the CLI (built from the current source) in cwd and collects its output. */
function run(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return runCommand(process.execPath, [bin, ...args], { cwd, env });
}

function module(name: string): string {
  const dir = mkdtempSync(join(scratch, name + "-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), 'package m\n\nimport _ "example.com/a"\n');
  return dir;
}

function env(dir: string, goproxy: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: dir, NO_COLOR: "1", GOPROXY: goproxy, GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local",
    GOMODCACHE: join(dir, "modcache"), GOPATH: join(dir, "gopath"), SSL_CERT_FILE: join(tlsDir, "cert.pem"),
  };
}

describe("a token in a GOPROXY URL", () => {
  it("is sent as Basic auth over https and never printed", async () => {
    proxy = await startFakeProxy(files, {}, { tls });
    const goproxy = proxy.url.replace("https://", `https://${token}@`);
    const traced = await run(module("traced"), ["-x", "-v"], env(module("traced-home"), goproxy));
    expect(traced.stderr).toContain(`# get ${proxy.url.replace("https://", "https://xxxxx@")}/example.com/a/@v/list`);
    expect(traced.status).toBe(0);
    const json = await run(module("json"), ["--json", "--dry-run"], env(module("json-home"), goproxy));
    const report = JSON.parse(json.stdout);
    expect(report.modules[0].requests.length).toBeGreaterThan(0);
    for (const r of report.modules[0].requests) expect(r.url.startsWith(proxy.url + "/")).toBe(true);
    expect(proxy.requests.length).toBeGreaterThan(0);
    for (const r of proxy.requests) expect(r.authorization).toBe("Basic " + Buffer.from(`${token}:`).toString("base64"));
    expect([traced.stdout, traced.stderr, json.stdout, json.stderr].join("\n")).not.toContain(token);
  });

  it("is refused over plain http in go's words, before any request", async () => {
    proxy = await startFakeProxy(files);
    const shown = proxy.url.replace("http://", "http://xxxxx@");
    const r = await run(module("insecure"), ["-x"], env(module("insecure-home"), proxy.url.replace("http://", `http://${token}@`)));
    // The go command's output, but for the token it prints where xxxxx stands.
    expect(r.stderr).toBe(
      "go: finding module for package example.com/a\n" +
      `# get ${shown}/example.com/a/@v/list: insecure credentials\n` +
      `# get ${shown}/example.com/@v/list: insecure credentials\n` +
      "go: example.com/m imports\n" +
      `\texample.com/a: module example.com/a: refusing to pass credentials to insecure URL: ${shown}/example.com/a/@v/list\n`);
    expect(r.status).toBe(1);
    expect(proxy.requests).toEqual([]);
  });
});
