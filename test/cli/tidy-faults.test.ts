// The network fault matrix through a tidy run: each fault is made real by a server on
// 127.0.0.1 (a fetch fault scenario of testdata/fetch/faults served by the fake proxy,
// the doctor's fault proxy, an HTTP proxy that refuses) or a setting, and `gotidy-ts`
// runs in a module that imports the module they serve. In --json the error must have the
// fault's class, name the right culprit (the HTTP proxy for the proxy's own faults, not
// the GOPROXY host) and carry the fix; in text go's words come first, as recorded from the
// go command where it has words for the fault, and the `hint:` line follows. No DNS
// query is sent: a name that does not resolve is tried through the library with an
// injected resolver (at the end), as the doctor's matrix injects one.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTidyCommand } from "../../src/cli/tidy-command.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { startFaultProxy, startRefusingProxy, type Started } from "../support/doctor-servers.js";
import { makeKey } from "../support/fake-sumdb.js";
import { faultScenario } from "../support/fault-scenario.js";
import { testCerts } from "../support/test-certs.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const faultsDir = join(__dirname, "..", "..", "testdata", "fetch", "faults");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-tidy-faults-test-"));
const servers: Record<string, Started> = {};
const sumKey = makeKey("sum.test");

beforeAll(async () => {
  servers.doctor = await startFaultProxy();
  servers.tls = await startFaultProxy(new Map(), testCerts().pair("good"));
  servers.p407 = await startRefusingProxy(407);
  servers.p403 = await startRefusingProxy(403);
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  new ModuleCache(scratch).removeTree(scratch);
});

/** What a fault's settings may name: the scenario's proxy, and the servers above. */
interface Where {
  /** The URL of the fake proxy serving the fault's scenario. */
  proxy: string;
}

interface Fault {
  name: string;
  /** The fetch fault scenario served (testdata/fetch/faults/NAME.txtar); "ok" when unset. */
  scenario?: string;
  /** Settings over the scenario's own. */
  env?: (w: Where) => Record<string, string>;
  args?: string[];
  /** The package m.go imports (example.com/a, the module the scenarios serve, when unset). */
  imports?: string;
  /** Files written in the module's directory before the run (name to text). */
  files?: (w: Where) => Record<string, string>;
  cls: string;
  /** The server the message must name: the URL or host of the one at fault. */
  culprit: (w: Where) => string;
  /** Whether a plain run (no --check) prints the hint too: where go's words do not say what to do. */
  plainHint?: boolean;
  /** The fix line's words. */
  fix: string | ((w: Where) => string);
  /**
   * The recorded scenario whose words the go command gave for this fault: the message's
   * first line must end with go's reason (what follows the URL), and any line after it
   * ("server response: ...") must follow. Unset where no recording can hold go's words:
   * tidy's own time limit, and the HTTP proxies on 127.0.0.1 in front of a GOPROXY on
   * 127.0.0.1 (go sends no loopback request through a proxy).
   */
  go?: string;
}

const s = (name: string) => servers[name].url;

const faults: Fault[] = [
  { name: "connection refused", scenario: "refused", cls: "refused", culprit: () => "127.0.0.1:1", fix: "nothing accepts connections at 127.0.0.1:1", go: "refused" },
  { name: "reset mid-body", plainHint: true, scenario: "zip-reset-mid-body", cls: "network", culprit: (w) => w.proxy, fix: "after 4 attempts: the connection broke while the answer was being received", go: "zip-reset-mid-body" },
  { name: "timeout", plainHint: true, env: () => ({ GOPROXY: `${s("doctor")}/hang` }), args: ["--timeout", "300ms"], cls: "timeout", culprit: () => s("doctor"), fix: "--timeout, or GOTIDY_TIMEOUT" },
  { name: "slow first byte within the timeout, then 401", scenario: "info-401-slow", cls: "auth", culprit: (w) => w.proxy, fix: "credentials (.netrc, GOAUTH) are never sent over http://", go: "info-401-slow" },
  // GOPROXY names a host that is never resolved: the request goes to the HTTP proxy.
  { name: "HTTP_PROXY dead", scenario: "http-proxy-refused", cls: "refused", culprit: () => "http://127.0.0.1:1",
    fix: "the HTTP proxy http://127.0.0.1:1 (HTTP_PROXY) refuses connections: fix or unset HTTP_PROXY, or list proxy.example.test in NO_PROXY", go: "http-proxy-refused" },
  { name: "proxy 407", plainHint: true, env: (w) => ({ HTTP_PROXY: s("p407"), GOPROXY: w.proxy }), cls: "proxy-auth", culprit: () => s("p407"), fix: "put them in HTTP_PROXY" },
  { name: "proxy refuses the request (403)", plainHint: true, env: (w) => ({ HTTP_PROXY: s("p403"), GOPROXY: w.proxy }), cls: "proxy", culprit: () => s("p403"), fix: (w) => `refused the request (403 Forbidden): fix or unset HTTP_PROXY, or list ${new URL(w.proxy).host} in NO_PROXY` },
  { name: "401 without credentials over http", scenario: "info-401", cls: "auth", culprit: (w) => w.proxy, fix: "credentials (.netrc, GOAUTH) are never sent over http://", go: "info-401" },
  { name: "401 with wrong .netrc credentials over https", env: () => ({ GOPROXY: `${s("tls")}/auth`, SSL_CERT_FILE: testCerts().caFile }),
    files: () => ({ netrc: `machine ${new URL(s("tls")).host} login wrong password nope\n` }), cls: "auth", culprit: () => s("tls"), fix: "the proxy refused the credentials sent to", go: "info-401" },
  { name: "403", scenario: "info-403", cls: "auth", culprit: (w) => w.proxy, fix: "the proxy refused access (403)", go: "info-403" },
  { name: "404 with a body", scenario: "info-404-text", cls: "not-found", culprit: (w) => w.proxy, fix: (w) => `not found on the proxy in GOPROXY (${w.proxy})`, go: "info-404-text" },
  { name: "410 with a body", scenario: "info-410", cls: "not-found", culprit: (w) => w.proxy, fix: (w) => `not found on the proxy in GOPROXY (${w.proxy})`, go: "info-410" },
  { name: "500 from an Athens-style proxy", scenario: "info-500", cls: "server", culprit: (w) => w.proxy, fix: 'the proxy failed; try again later, or add a fallback with "|" in GOPROXY', go: "info-500" },
  { name: "502, retried", plainHint: true, scenario: "info-502", cls: "server", culprit: (w) => w.proxy, fix: "the proxy failed after 4 attempts", go: "info-502" },
  { name: "503, retried", plainHint: true, scenario: "info-503", cls: "server", culprit: (w) => w.proxy, fix: "the proxy failed after 4 attempts", go: "info-503" },
  { name: "a comma chain stops at a 500", scenario: "chain-comma-500-stops", cls: "server", culprit: (w) => `${w.proxy}/fail500`, fix: 'add a fallback with "|" in GOPROXY', go: "chain-comma-500-stops" },
  { name: "credentials in an http:// GOPROXY entry", env: (w) => ({ GOPROXY: w.proxy.replace("http://", "http://user:token@") }), cls: "invalid", culprit: (w) => new URL(w.proxy).host,
    fix: "credentials in a URL are sent over https only" },
  { name: "checksum database unreachable", env: () => ({ GOSUMDB: `${sumKey.vkey} http://127.0.0.1:1`, GONOSUMDB: "" }), cls: "refused", culprit: () => "http://127.0.0.1:1/lookup/",
    fix: "the checksum database sum.test (GOSUMDB) could not be asked for example.com/a@v1.0.0: check GOSUMDB and the network; for a private module set GONOSUMDB (or GOPRIVATE)", go: "refused" },
  { name: "GOPRIVATE module sent direct past the private proxy", plainHint: true, env: (w) => ({ GOPROXY: `${w.proxy},direct`, GOPRIVATE: "corp.example.com", HTTPS_PROXY: "http://127.0.0.1:1" }),
    imports: "corp.example.com/a", cls: "not-found", culprit: () => "corp.example.com/a",
    fix: (w) => `so it was fetched directly instead of from ${w.proxy}: if that private proxy serves it, set GONOPROXY=none` },
];

interface Run {
  status: number;
  stdout: string;
  stderr: string;
  where: Where;
}

/** corpArchive serves corp.example.com/a: the module of the private-proxy fault. */
const corpFiles = [
  { name: "proxy/corp.example.com/a@v1.0.0/go.mod", data: "module corp.example.com/a\n\ngo 1.21\n" },
  { name: "proxy/corp.example.com/a@v1.0.0/a.go", data: "package a\n" },
];

async function tidy(f: Fault, json: boolean, mode: string[] = []): Promise<Run> {
  const archive = parseTxtar(readFileSync(join(faultsDir, `${f.scenario ?? "ok"}.txtar`), "utf8"));
  if (f.imports) archive.files.push(...corpFiles);
  const sc = await faultScenario(archive);
  const where = { proxy: sc.proxy.url };
  const dir = mkdtempSync(join(scratch, "m-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), `package m\n\nimport _ "${f.imports ?? "example.com/a"}"\n`);
  for (const [name, text] of Object.entries(f.files?.(where) ?? {})) writeFileSync(join(dir, name), text);
  let stdout = "", stderr = "";
  try {
    const env = {
      HOME: dir, NO_COLOR: "1", GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", NETRC: join(dir, "netrc"),
      GOMODCACHE: join(dir, "modcache"), GOTIDYCACHE: join(dir, "cache"), ...sc.env, ...f.env?.(where),
    };
    const ctx = { env, cwd: dir, home: dir, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const status = await runTidyCommand([...(json ? ["--json"] : []), ...mode, ...(f.args ?? []), dir], ctx);
    return { status, stdout, stderr, where };
  } finally {
    await sc.close();
  }
}

/** goWords is the go command's reason in a recorded scenario: its error after the URL it names, line by line. */
function goWords(scenario: string): string[] {
  const want = txtarFile(parseTxtar(readFileSync(join(faultsDir, `${scenario}.txtar`), "utf8")), "want/error") ?? "";
  const [first, ...rest] = want.replace(/\n+$/, "").split("\n");
  const reason = /(?:Get "[^"]+"|read "[^"]+"|reading \S+): (.*)$/.exec(first);
  expect(reason, `a URL and a reason in ${scenario}'s error`).not.toBeNull();
  return [reason![1], ...rest];
}

/** The client's port changes with every run, as in the recordings. */
const ends = (t: string) => t.replace(/\b127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\b/g, "$CLIENT->$SERVER");

const fixOf = (f: Fault, w: Where) => (typeof f.fix === "function" ? f.fix(w) : f.fix);

/**
 * goWordsFirst checks a text run's stderr: after go's progress lines, the error in go's
 * words (the recorded ones where f.go names a scenario), then at most the hint, which it
 * returns.
 */
function goWordsFirst(f: Fault, r: Run): { hint?: string } {
  const lines = r.stderr.replace(/\n$/, "").split("\n").filter((l) => !/^go: (finding module|downloading|found) /.test(l));
  const hintAt = lines.findIndex((l) => l.startsWith("\thint: "));
  const words = hintAt < 0 ? lines : lines.slice(0, hintAt);
  expect(lines[0], r.stderr).toMatch(/^go: /);
  expect(hintAt === -1 || hintAt === lines.length - 1, `the hint is the last line:\n${r.stderr}`).toBe(true);
  if (f.go) {
    const [reason, ...more] = goWords(f.go);
    const at = words.findIndex((l) => ends(l.split(r.where.proxy).join("$PROXY")).endsWith(`: ${reason}`));
    expect(at, `${r.stderr}\nwants go's words: ${reason}`).toBeGreaterThanOrEqual(0);
    expect(words.slice(at + 1).map((l) => l.trimStart())).toEqual(more.map((l) => l.trimStart()));
  }
  return { hint: hintAt < 0 ? undefined : lines[hintAt] };
}

describe("tidy fault matrix", () => {
  const right = new Set<string>();
  afterAll(() => console.log(`tidy fault matrix: ${faults.length} faults, ${right.size} classified right (class, culprit, fix, go's words first)`));
  for (const f of faults) {
    it(f.name, async () => {
      const j = await tidy(f, true);
      const report = JSON.parse(j.stdout);
      const error = report.modules[0].errors[0];
      const fix = fixOf(f, j.where);
      expect(error, j.stdout).toBeDefined();
      expect({ class: error.class, names: error.message.includes(f.culprit(j.where)) || (error.hint ?? "").includes(f.culprit(j.where)) }, JSON.stringify(error, null, 1))
        .toEqual({ class: f.cls, names: true });
      expect(error.hint ?? "").toContain(fix);
      expect(j.status).toBe(1);

      // Text: go's words first. The plain run prints the hint where go's words do not say
      // what to do (src/cli/module.ts), and is otherwise go's stderr byte for byte; --check
      // explains every failure, so there the hint always follows.
      const plain = await tidy(f, false);
      const text = goWordsFirst(f, plain);
      expect(plain.status).toBe(1);
      if (f.plainHint) expect(text.hint, plain.stderr).toContain(fixOf(f, plain.where));
      else {
        expect(text.hint, plain.stderr).toBeUndefined();
        const check = await tidy(f, false, ["--check"]);
        expect(goWordsFirst(f, check).hint, check.stderr).toContain(fixOf(f, check.where));
        expect(check.status).toBe(2);
      }
      right.add(f.name);
    });
  }
});

// A name that does not resolve, through a tidy run of the library: its HTTP client is
// given a connector whose resolver answers NXDOMAIN (as the doctor's matrix injects its
// resolver), so no DNS query leaves the machine. The go command's words for it name the
// system's resolver ("lookup H on 127.0.0.53:53: no such host"), which no recording here
// can pin; the class, the host named and the fix are what is checked.
describe("tidy fault matrix: name resolution", () => {
  it("NXDOMAIN for the GOPROXY host", async () => {
    const { Agent } = await import("undici");
    const { createFetcher, tidy: tidyModule } = await import("../../src/library.js");
    const { findFetchError } = await import("../../src/fetch/errors.js");
    const dir = mkdtempSync(join(scratch, "nxdomain-"));
    writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
    writeFileSync(join(dir, "m.go"), 'package m\n\nimport _ "example.com/a"\n');
    const asked: string[] = [];
    const nxdomain = (host: string, _o: unknown, cb: (err: Error) => void) => {
      asked.push(host);
      cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" }));
    };
    const dispatcher = new Agent({ connect: { lookup: nxdomain as never } });
    const env = { HOME: dir, GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", GOPROXY: "https://proxy.nx.test", GOMODCACHE: join(dir, "modcache") };
    try {
      const fetch = createFetcher({ env, http: { dispatcher, retries: 0 } });
      const err = await tidyModule({ root: dir, cwd: dir, env, home: dir, fetch }).then(() => null, (e: unknown) => e as Error);
      expect(err).not.toBeNull();
      const cause = findFetchError(err);
      expect(cause?.errorClass).toBe("dns");
      expect(cause?.message).toContain("dial tcp: lookup proxy.nx.test: no such host");
      expect(cause?.hint).toContain("the host name does not resolve");
      expect(err!.message).toContain("example.com/m imports\n\texample.com/a: ");
      expect(asked).toContain("proxy.nx.test");
    } finally {
      await dispatcher.close();
    }
  });
});
