// The network fault matrix through a tidy run: each fault is made real by a server on
// 127.0.0.1 (a fetch fault scenario of testdata/fetch/faults served by the fake proxy,
// the doctor's fault proxy, an HTTP proxy that refuses, a port whose accept queue is
// full) or a setting, and `gotidy-ts` runs in a module that imports the module they
// serve. In --json the error must have the fault's class, name the right culprit (the
// HTTP proxy for the proxy's own faults, not the GOPROXY host) and carry the fix; in text
// go's words come first, as recorded from the go command where it has words for the
// fault, and the `hint:` line follows. No DNS query is sent: the faults of a host name
// (NXDOMAIN, no AAAA record, the public proxy's name) run through the library with a
// resolver the test injects (tableLookup), as the doctor's matrix injects one. Go sends
// no loopback request through HTTP(S)_PROXY, so the faults of an HTTP proxy name a
// GOPROXY host that only the proxy would resolve. At the end, one line counts the faults
// and those classified right.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTidyCommand } from "../../src/cli/tidy-command.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { startFaultProxy, type Started } from "../support/doctor-servers.js";
import { makeKey } from "../support/fake-sumdb.js";
import { faultScenario } from "../support/fault-scenario.js";
import { tableLookup, type ResolverTable } from "../support/table-resolver.js";
import { testCerts } from "../support/test-certs.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const faultsDir = join(__dirname, "..", "..", "testdata", "fetch", "faults");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-tidy-faults-test-"));
const servers: Record<string, Started> = {};
const sumKey = makeKey("sum.test");

beforeAll(async () => {
  servers.doctor = await startFaultProxy();
  servers.tls = await startFaultProxy(new Map(), testCerts().pair("good"));
});
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
  new ModuleCache(scratch).removeTree(scratch);
});

/** What a fault's settings may name: the scenario's proxy, and the servers above. */
interface Where {
  /** The URL of the fake proxy serving the fault's scenario. */
  proxy: string;
  /** The scenario's own settings (HTTPS_PROXY=$HTTPPROXY made real). */
  env: Record<string, string>;
  /** The scenario's normalization: what changes with every run, as in its recording ($PROXY, $NOW, ...). */
  normalize: (s: string) => string;
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
  /** Text the fix line must not hold (a CA is no fix for an expired certificate). */
  notFix?: string;
  /**
   * Run through the library, its HTTP client resolving names from this table (each name
   * to the scenario's proxy's address), instead of through the CLI.
   */
  resolve?: (w: Where) => ResolverTable;
  /** The certificate the scenario's proxy presents over HTTPS (test/support/test-certs.ts), trusted through SSL_CERT_FILE. */
  tls?: string;
  /** For a library run, GOPROXY built from the scenario's proxy port (the URL names a host of resolve). */
  goproxy?: (port: number) => string;
}

const s = (name: string) => servers[name].url;
const caFix = "point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS";

const faults: Fault[] = [
  { name: "connection refused", scenario: "refused", cls: "refused", culprit: () => "127.0.0.1:1", fix: "nothing accepts connections at 127.0.0.1:1", go: "refused" },
  { name: "reset mid-body", plainHint: true, scenario: "zip-reset-mid-body", cls: "network", culprit: (w) => w.proxy, fix: "after 4 attempts: the connection broke while the answer was being received", go: "zip-reset-mid-body" },
  { name: "NXDOMAIN for the GOPROXY host", resolve: () => ({}), goproxy: () => "https://proxy.nx.test", cls: "dns", culprit: () => "proxy.nx.test", fix: "the host name does not resolve" },
  { name: "timeout", plainHint: true, env: () => ({ GOPROXY: `${s("doctor")}/hang` }), args: ["--timeout", "300ms"], cls: "timeout", culprit: () => s("doctor"), fix: "no answer within 300ms (1 attempt; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT)" },
  // A port whose accept queue is full: the connection never opens, and --timeout bounds the dial.
  { name: "connect timeout", plainHint: true, scenario: "connect-timeout", args: ["--timeout", "300ms"], cls: "timeout", go: "connect-timeout",
    culprit: (w) => `dial tcp ${new URL(w.env.GOPROXY).host}: i/o timeout`, fix: "no connection within 300ms (1 attempt; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT)" },
  { name: "slow first byte within the timeout, then 401", scenario: "info-401-slow", cls: "auth", culprit: (w) => w.proxy, fix: "credentials (.netrc, GOAUTH) are never sent over http://", go: "info-401-slow" },
  // GOPROXY names a host that is never resolved: the request goes to the HTTP proxy.
  { name: "HTTP_PROXY dead", scenario: "http-proxy-refused", cls: "refused", culprit: () => "http://127.0.0.1:1",
    fix: "the HTTP proxy http://127.0.0.1:1 (HTTP_PROXY) refuses connections: fix or unset HTTP_PROXY, or list proxy.example.test in NO_PROXY", go: "http-proxy-refused" },
  { name: "loopback GOPROXY past a dead HTTPS_PROXY and HTTP_PROXY, as go", env: (w) => ({ GOPROXY: w.proxy, HTTP_PROXY: "http://127.0.0.1:1", HTTPS_PROXY: "http://127.0.0.1:1" }), cls: "ok", culprit: () => "", fix: "" },
  { name: "proxy 407", plainHint: true, scenario: "https-proxy-407", cls: "proxy-auth", culprit: (w) => w.env.HTTPS_PROXY, fix: "put them in HTTPS_PROXY", go: "https-proxy-407" },
  { name: "proxy CONNECT refused (403)", plainHint: true, scenario: "https-proxy-connect-403", cls: "proxy", culprit: (w) => w.env.HTTPS_PROXY,
    fix: "refused the request (403 Forbidden): fix or unset HTTPS_PROXY, or list proxy.example.test in NO_PROXY", go: "https-proxy-connect-403" },
  // An http:// GOPROXY goes to HTTP_PROXY as a plain request: go words the proxy's answer as any status.
  { name: "HTTP_PROXY wants credentials (407)", plainHint: true, scenario: "http-proxy-407", cls: "proxy-auth", culprit: (w) => w.env.HTTP_PROXY, fix: "put them in HTTP_PROXY", go: "http-proxy-407" },
  { name: "HTTP_PROXY refuses the request (403)", plainHint: true, scenario: "http-proxy-403", cls: "proxy", culprit: (w) => w.env.HTTP_PROXY,
    fix: "refused the request (403 Forbidden): fix or unset HTTP_PROXY, or list proxy.example.test in NO_PROXY", go: "http-proxy-403" },
  { name: "no AAAA record but an A record: tidy goes over IPv4", resolve: (w) => ({ "v4only.test": { a: [new URL(w.proxy).hostname] } }), goproxy: (port) => `http://v4only.test:${port}`, cls: "ok", culprit: () => "", fix: "" },
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
  { name: "checksum database key mismatch", scenario: "sumdb-wrong-key", cls: "checksum", culprit: () => "sum.example.test", fix: "does not verify: the key in GOSUMDB does not match the database's", go: "sumdb-wrong-key" },
  { name: "GONOSUMDB contradiction: a GOPRIVATE path sent to the checksum database", scenario: "sumdb-private-not-covered", imports: "corp.example.com/a", cls: "not-found", culprit: () => "GONOSUMDB",
    fix: "GONOSUMDB=git.corp (set on its own, so it does not follow GOPRIVATE) leaves it out, so its path was sent to the checksum database sum.example.test: add corp.example.com to GONOSUMDB", go: "sumdb-private-not-covered" },
  { name: "a private path sent to the public proxy", tls: "public", resolve: (w) => ({ "proxy.golang.org": { a: [new URL(w.proxy).hostname] } }), goproxy: (port) => `https://proxy.golang.org:${port}`,
    imports: "corp.example.com/secret", cls: "not-found", culprit: () => "proxy.golang.org", fix: "which serves public modules only: if corp.example.com/secret is private, set GOPRIVATE=corp.example.com" },
  { name: "TLS: self-signed certificate", plainHint: true, scenario: "tls-self-signed", cls: "tls", culprit: (w) => w.proxy, fix: caFix, go: "tls-self-signed" },
  { name: "TLS: untrusted CA (SSL_CERT_FILE fixes it: tls-faults.test.ts)", plainHint: true, scenario: "tls-unknown-authority", cls: "tls", culprit: (w) => w.proxy, fix: caFix, go: "tls-unknown-authority" },
  { name: "TLS: untrusted CA sent in the chain", plainHint: true, scenario: "tls-unknown-authority-chain", cls: "tls", culprit: (w) => w.proxy, fix: caFix, go: "tls-unknown-authority-chain" },
  { name: "TLS: expired certificate", plainHint: true, scenario: "tls-expired", cls: "tls", culprit: (w) => w.proxy, fix: "the server must renew it; trusting another CA does not help", notFix: "SSL_CERT_FILE", go: "tls-expired" },
  { name: "TLS: certificate for another host name", plainHint: true, scenario: "tls-wrong-host", cls: "tls", culprit: (w) => w.proxy,
    fix: "use a host name it names in GOPROXY, or have the server fixed; trusting another CA does not help", notFix: "SSL_CERT_FILE", go: "tls-wrong-host" },
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

/** The result of a library run: the error's report (as --json gives it), or none when tidy succeeded. */
interface LibraryRun {
  error?: { class: string; message: string; hint?: string };
  where: Where;
  asked: string[];
}

async function start(f: Fault) {
  const archive = parseTxtar(readFileSync(join(faultsDir, `${f.scenario ?? "ok"}.txtar`), "utf8"));
  if (f.tls) {
    archive.files = archive.files.filter((x) => x.name !== "tls").concat({ name: "tls", data: `${f.tls}\n` });
    const envFile = archive.files.find((x) => x.name === "env");
    if (envFile) envFile.data += "SSL_CERT_FILE=$CAFILE\n";
  }
  if (f.imports && !archive.files.some((x) => x.name.startsWith("proxy/corp.example.com/"))) archive.files.push(...corpFiles);
  const sc = await faultScenario(archive);
  const dir = mkdtempSync(join(scratch, "m-"));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), `package m\n\nimport _ "${f.imports ?? "example.com/a"}"\n`);
  const where = { proxy: sc.proxy.url, env: sc.env, normalize: sc.normalize };
  for (const [name, text] of Object.entries(f.files?.(where) ?? {})) writeFileSync(join(dir, name), text);
  const env: Record<string, string> = {
    HOME: dir, NO_COLOR: "1", GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", NETRC: join(dir, "netrc"),
    GOMODCACHE: join(dir, "modcache"), GOTIDYCACHE: join(dir, "cache"), ...sc.env, ...f.env?.(where),
  };
  return { sc, dir, where, env };
}

async function tidy(f: Fault, json: boolean, mode: string[] = []): Promise<Run> {
  const { sc, dir, where, env } = await start(f);
  let stdout = "", stderr = "";
  try {
    const ctx = { env, cwd: dir, home: dir, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const status = await runTidyCommand([...(json ? ["--json"] : []), ...mode, ...(f.args ?? []), dir], ctx);
    return { status, stdout, stderr, where };
  } finally {
    await sc.close();
  }
}

/** tidyLibrary tidies through the library, the HTTP client resolving names from the fault's table. */
async function tidyLibrary(f: Fault): Promise<LibraryRun> {
  const { createFetcher, tidy: tidyModule } = await import("../../src/library.js");
  const { classify } = await import("../../src/cli/report.js");
  const { sc, dir, where, env } = await start(f);
  const asked: string[] = [];
  try {
    const settings = { ...env, ...(f.goproxy ? { GOPROXY: f.goproxy(sc.proxy.port) } : {}) };
    const fetch = createFetcher({ env: settings, http: { lookup: tableLookup(f.resolve!(where), asked), retries: 0 } });
    const err = await tidyModule({ root: dir, cwd: dir, env: settings, home: dir, fetch }).then(() => null, (e: unknown) => e as Error);
    return { error: err ? classify(err, err.message) : undefined, where, asked };
  } finally {
    await sc.close();
  }
}

/** goWords is the go command's reason in a recorded scenario: its error after the URL it names, line by line. */
function goWords(scenario: string): string[] {
  const want = txtarFile(parseTxtar(readFileSync(join(faultsDir, `${scenario}.txtar`), "utf8")), "want/error") ?? "";
  const [first, ...rest] = want.replace(/\n+$/, "").split("\n");
  // After the URL asked, or for a failure of no request (a note's signature), after the module verified.
  const reason = /(?:Get "[^"]+"|read "[^"]+"|reading \S+): (.*)$/.exec(first) ?? /verifying (?:go\.mod|module): \S+: (.*)$/.exec(first);
  expect(reason, `a URL and a reason in ${scenario}'s error`).not.toBeNull();
  return [reason![1], ...rest];
}

/** What changes with every run, as in the recordings: the client's port, the time of a certificate check, a note's signature. */
const ends = (t: string) => t.replace(/\b127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\b/g, "$CLIENT->$SERVER")
  .replace(/current time \S+ is (after|before)/g, "current time $$NOW is $1").replace(/^(\s*\u2014 \S+ )\S+$/, "$1$$SIGNATURE");

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
  if (f.go) expectGoWords(f.go, words.map(r.where.normalize), r.stderr);
  return { hint: hintAt < 0 ? undefined : lines[hintAt] };
}

/** expectGoWords checks that lines hold the recorded scenario's words: its reason ending one line, and its further lines after it. */
function expectGoWords(scenario: string, lines: string[], shown: string): void {
  const [reason, ...more] = goWords(scenario);
  const sumdbURL = /reading (http:\/\/127\.0\.0\.1:\d+\/sumdb\/\S+?)\/(?:lookup|latest|tile)/;
  const norm = (l: string) => ends(l).replace(sumdbURL, (m, u: string) => m.replace(u, "$SUMDBURL/sumdb/sum.example.test").replace("$SUMDBURL/sumdb/sum.example.test/sumdb/sum.example.test", "$SUMDBURL"));
  const at = lines.findIndex((l) => norm(l).endsWith(`: ${reason}`));
  expect(at, `${shown}\nwants go's words: ${reason}`).toBeGreaterThanOrEqual(0);
  expect(lines.slice(at + 1).map((l) => norm(l).trimStart()).slice(0, more.length)).toEqual(more.map((l) => l.trimStart()));
}

describe("tidy fault matrix", () => {
  const right = new Set<string>();
  afterAll(() => console.log(`tidy fault matrix: ${faults.length} faults, ${right.size} classified right (class, culprit, fix, go's words first)`));
  it("covers at least the faults of the doctor's matrix that a tidy run can meet", () => expect(faults.length).toBeGreaterThanOrEqual(30));
  for (const f of faults) {
    it(f.name, async () => {
      if (f.resolve) {
        // Through the library: the injected resolver was asked, and the report is --json's.
        const r = await tidyLibrary(f);
        expect(r.asked.length, "the injected resolver was asked").toBeGreaterThan(0);
        if (f.cls === "ok") expect(r.error).toBeUndefined();
        else {
          expect(r.error, "tidy fails").toBeDefined();
          const e = r.error!;
          expect({ class: e.class, names: e.message.includes(f.culprit(r.where)) || (e.hint ?? "").includes(f.culprit(r.where)) }, JSON.stringify(e, null, 1)).toEqual({ class: f.cls, names: true });
          expect(e.hint ?? "").toContain(fixOf(f, r.where));
          if (f.notFix) expect(e.hint ?? "").not.toContain(f.notFix);
          if (f.go) expectGoWords(f.go, e.message.split("\n").map(r.where.normalize), e.message);
        }
        right.add(f.name);
        return;
      }
      const j = await tidy(f, true);
      const report = JSON.parse(j.stdout);
      if (f.cls === "ok") {
        expect(report.modules[0].errors ?? [], j.stdout).toEqual([]);
        expect(j.status).toBe(0);
        right.add(f.name);
        return;
      }
      const error = report.modules[0].errors[0];
      const fix = fixOf(f, j.where);
      expect(error, j.stdout).toBeDefined();
      expect({ class: error.class, names: error.message.includes(f.culprit(j.where)) || (error.hint ?? "").includes(f.culprit(j.where)) }, JSON.stringify(error, null, 1))
        .toEqual({ class: f.cls, names: true });
      expect(error.hint ?? "").toContain(fix);
      if (f.notFix) expect(error.hint ?? "").not.toContain(f.notFix);
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
    }, 20_000);
  }
});
