// The request timeout of a tidy run: --timeout, else GOTIDY_TIMEOUT. A proxy that does not
// answer in time ends the run with how long it waited and how often it asked (the go
// command has no time limit, so none of its words apply), and the hint names both ways of
// raising the limit; a 503 that is retried until no attempt is left says how many were made.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CommanderError } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { runTidyCommand } from "../../src/cli/tidy-command.js";
import { UsageError } from "../../src/cli/exit.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { buildProxyFiles, startFakeProxy, type Fault } from "../support/fake-proxy.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-timeout-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));
const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
]);
const list = "/example.com/a/@v/list";

async function tidy(faults: Record<string, Fault>, args: string[], extra: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string; url: string }> {
  const proxy = await startFakeProxy(files, faults);
  const dir = mkdtempSync(join(scratch, "m-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), 'package m\n\nimport _ "example.com/a"\n');
  let stdout = "", stderr = "";
  try {
    const env = { HOME: dir, NO_COLOR: "1", GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", GOPROXY: proxy.url, GOMODCACHE: join(dir, "modcache"), GOTIDYCACHE: join(dir, "cache"), ...extra };
    const ctx = { env, cwd: dir, home: dir, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const status = await runTidyCommand([...args, dir], ctx);
    return { status, stdout, stderr, url: proxy.url };
  } finally {
    await proxy.close();
  }
}

const hangs = { [list]: { delayMs: 5000 } };
const timedOut = (url: string, wait: string) =>
  `\texample.com/a: module example.com/a: Get "${url}${list}": net/http: timeout awaiting response: nothing received for ${wait} (1 attempt)\n` +
  `\thint: no answer within ${wait} (1 attempt; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT), or check the network and HTTPS_PROXY/NO_PROXY\n`;

describe("the request timeout of a tidy run", () => {
  it("--timeout: the message says how long it waited and how many attempts were made", async () => {
    const r = await tidy(hangs, ["--timeout", "300ms"]);
    expect(r.stderr).toContain(timedOut(r.url, "300ms"));
    expect(r.status).toBe(1);
  });

  it("GOTIDY_TIMEOUT when --timeout is not given; --timeout over it", async () => {
    const r = await tidy(hangs, [], { GOTIDY_TIMEOUT: "0.25s" });
    expect(r.stderr).toContain(timedOut(r.url, "250ms"));
    const flag = await tidy(hangs, ["--timeout=200ms"], { GOTIDY_TIMEOUT: "0.25s" });
    expect(flag.stderr).toContain(timedOut(flag.url, "200ms"));
  });

  it("--json reports the class and the hint", async () => {
    const r = await tidy(hangs, ["--json", "--timeout", "200ms"]);
    const error = JSON.parse(r.stdout).modules[0].errors[0];
    expect(error.class).toBe("timeout");
    expect(error.hint).toContain("(--timeout, or GOTIDY_TIMEOUT)");
  });

  it("a 503 retried until no attempt is left says after how many", async () => {
    const r = await tidy({ [list]: { status: 503, body: "busy\n" } }, []);
    expect(r.stderr).toContain(`reading ${r.url}${list}: 503 Service Unavailable\n\tserver response: busy\n`);
    expect(r.stderr).toContain('\thint: the proxy failed after 4 attempts: try again later, or add a fallback with "|" in GOPROXY\n');
    expect(r.status).toBe(1);
  }, 10_000);

  it("refuses a timeout that is not a duration, naming where it came from", async () => {
    await expect(tidy({}, ["--timeout", "soon"])).rejects.toThrow(new UsageError('gotidy-ts: invalid --timeout "soon" (want a duration such as 30s)'));
    await expect(tidy({}, [], { GOTIDY_TIMEOUT: "-1" })).rejects.toThrow(new UsageError('gotidy-ts: invalid GOTIDY_TIMEOUT "-1" (want a duration such as 30s)'));
  });

  it("--help names the flag, the variable and the default", async () => {
    let out = "";
    const ctx = { env: {}, cwd: scratch, home: scratch, stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true } };
    await expect(runTidyCommand(["--help"], ctx)).rejects.toBeInstanceOf(CommanderError);
    expect(out.replace(/\s+/g, " ")).toContain("--timeout <duration> how long to wait for each request's connection and answer (30s, 500ms, 2m); default 1m, or GOTIDY_TIMEOUT");
  });
});
