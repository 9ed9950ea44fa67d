// The doctor's fault matrix: each fault is made real by a server on 127.0.0.1, a resolver
// the test injects (no DNS query is ever sent) or a setting, and the doctor must classify
// it, blame the right culprit and print the fix.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDoctorCommand } from "../../src/cli/doctor-command.js";
import type { Check } from "../../src/doctor/index.js";
import type { ProbeResolver } from "../../src/fetch/probe.js";
import { startFaultProxy, startRefusingProxy, type Started } from "../support/doctor-servers.js";
import { startFullBacklog, type FullBacklog } from "../support/full-backlog.js";
import { tableResolver } from "../support/table-resolver.js";
import { FakeSumDB, makeKey } from "../support/fake-sumdb.js";
import { testCerts, type CertKind } from "../support/test-certs.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-doctor-test-"));
const servers: Record<string, Started> = {};
const sumdb = new FakeSumDB(makeKey("sum.test"));
const otherKey = makeKey("sum.test");
let backlog: FullBacklog;

beforeAll(async () => {
  sumdb.add("example.com/a v1.0.0 h1:abc=\nexample.com/a v1.0.0/go.mod h1:def=\n");
  const files = sumdb.files();
  files.set("/sumdb/sum.test/latest", Buffer.from(sumdb.treeNote()));
  servers.proxy = await startFaultProxy(files);
  servers.p407 = await startRefusingProxy(407);
  servers.p403 = await startRefusingProxy(403);
  const certs = testCerts();
  for (const [name, kind, chain] of [["tlsSelf", "self-signed"], ["tlsExpired", "expired"], ["tlsHost", "wrong-host"], ["tlsGood", "good"], ["tlsChain", "good", true], ["tlsPublic", "public"]] as [string, CertKind, boolean?][]) {
    servers[name] = await startFaultProxy(new Map(), certs.pair(kind, chain));
  }
  backlog = await startFullBacklog();
});
afterAll(async () => {
  await Promise.all([...Object.values(servers).map((s) => s.close()), backlog.close()]);
  rmSync(scratch, { recursive: true, force: true });
});


interface Fault {
  name: string;
  env: () => Record<string, string>;
  modules?: string[];
  args?: string[];
  resolver?: ProbeResolver;
  /** The check expected to carry the fault. */
  cls: string;
  culprit: () => string;
  /** The fix line's words (a function when they name a server of the test). */
  fix: string | (() => string);
  verdict?: "fail" | "warn";
  /** The group of the check expected (any when unset). */
  group?: string;
  /** Text the failing check's evidence must hold. */
  evidence?: string;
  /** Text the fix must not hold. */
  notFix?: string;
}

/**
 * goTLS is the go command's words for a certificate fault, as recorded in the fetch fault
 * scenario of that name (testdata/fetch/faults): from "tls: " on, the time of the check as $NOW.
 */
function goTLS(scenario: string): string {
  const archive = parseTxtar(readFileSync(join(__dirname, "..", "..", "testdata", "fetch", "faults", `${scenario}.txtar`), "utf8"));
  const want = (txtarFile(archive, "want/error") ?? "").trim();
  return want.slice(want.indexOf("tls: failed to verify certificate: "));
}

const hostOf = (name: string) => () => `127.0.0.1:${servers[name].port}`;
const caFix = "point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS, at the CA certificate";

const p = (path: string) => `${servers.proxy.url}${path}`;
const host = () => `127.0.0.1:${servers.proxy.port}`;

const faults: Fault[] = [
  { name: "NXDOMAIN", env: () => ({ GOPROXY: "https://proxy.nx.test" }), resolver: tableResolver({}), cls: "dns", culprit: () => "proxy.nx.test", fix: "does not resolve" },
  { name: "no AAAA but A", env: () => ({ GOPROXY: "http://v4only.test:1" }), resolver: tableResolver({ "v4only.test": { a: ["127.0.0.1"] } }), cls: "dns", culprit: () => "v4only.test", fix: "only IPv4 works", verdict: "warn" },
  { name: "connection refused", env: () => ({ GOPROXY: "http://127.0.0.1:1" }), cls: "refused", culprit: () => "127.0.0.1:1", fix: "nothing accepts connections at 127.0.0.1:1" },
  { name: "reset mid-body", env: () => ({ GOPROXY: p("/reset") }), cls: "network", culprit: host, fix: "connection to" },
  { name: "timeout", env: () => ({ GOPROXY: p("/hang") }), args: ["--timeout", "300ms"], cls: "timeout", culprit: host, fix: "--timeout, GOTIDY_TIMEOUT" },
  { name: "slow first byte within the timeout then 401", env: () => ({ GOPROXY: `${p("/slow")},${p("/s401")}` }), cls: "auth", culprit: host, fix: "401" },
  { name: "HTTP_PROXY dead", env: () => ({ GOPROXY: "http://proxy.corp.test/ok", HTTP_PROXY: "http://127.0.0.1:1" }), cls: "refused", culprit: () => "http://127.0.0.1:1", fix: "HTTP proxy in HTTP_PROXY cannot be reached" },
  { name: "proxy 407", env: () => ({ GOPROXY: "http://proxy.corp.test/ok", HTTP_PROXY: servers.p407.url }), cls: "proxy-auth", culprit: () => servers.p407.url, fix: "put them in HTTP_PROXY" },
  { name: "proxy refuses the request (403)", env: () => ({ GOPROXY: "http://proxy.corp.test/ok", HTTP_PROXY: servers.p403.url }), cls: "proxy", culprit: () => servers.p403.url, fix: "or list proxy.corp.test" },
  { name: "proxy CONNECT refused (403) for an https GOPROXY", env: () => ({ GOPROXY: "https://proxy.corp.test/ok", HTTPS_PROXY: servers.p403.url }), cls: "proxy", culprit: () => servers.p403.url, fix: "(HTTPS_PROXY) failed: check HTTPS_PROXY, or list proxy.corp.test in NO_PROXY" },
  { name: "connect timeout", env: () => ({ GOPROXY: `http://127.0.0.1:${backlog.port}` }), args: ["--timeout", "300ms"], cls: "timeout", culprit: () => `127.0.0.1:${backlog.port}`,
    fix: "opened within 300ms (1 attempt; tidy does not retry a timeout either)", evidence: "i/o timeout" },
  { name: "a private path sent to the public proxy", env: () => ({ GOPROXY: `https://proxy.golang.org:${servers.tlsPublic.port}/s404`, SSL_CERT_FILE: testCerts().caFile }), modules: ["corp.example.com/secret"],
    resolver: tableResolver({ "proxy.golang.org": { a: ["127.0.0.1"] } }), cls: "not-found", culprit: () => "GOPRIVATE", group: "module",
    fix: "proxy.golang.org serves public modules only: if corp.example.com/secret is private, set GOPRIVATE=corp.example.com" },
  { name: "401 without credentials over http", env: () => ({ GOPROXY: p("/auth") }), cls: "auth", culprit: host, fix: "never sent over http://" },
  { name: "403 from a private proxy", env: () => ({ GOPROXY: p("/s403") }), cls: "auth", culprit: host, fix: "403 (not allowed; no credentials were sent)" },
  { name: "404 with a body for a named module", env: () => ({ GOPROXY: p("/s404") }), modules: ["example.com/m"], cls: "not-found", culprit: host, fix: "does not have the module" },
  { name: "410 with a body for a named module", env: () => ({ GOPROXY: p("/s410") }), modules: ["example.com/m"], cls: "not-found", culprit: host, fix: "410" },
  { name: "500 from an Athens-style proxy", env: () => ({ GOPROXY: p("/s500") }), cls: "server", culprit: host, fix: "GONOPROXY=none" },
  { name: "502", env: () => ({ GOPROXY: p("/s502") }), cls: "server", culprit: host, fix: "retried by tidy" },
  { name: "503", env: () => ({ GOPROXY: p("/s503") }), cls: "server", culprit: host, fix: "retried by tidy" },
  { name: "module chain stops at a 500 without |", env: () => ({ GOPROXY: `${p("/s500")},${p("/ok")}` }), modules: ["example.com/m"], cls: "server", culprit: host, fix: 'use "|" after the entry', group: "module" },
  { name: "checksum database unreachable", env: () => ({ GOPROXY: p("/ok"), GOSUMDB: `${sumdb.key.vkey} http://127.0.0.1:1` }), cls: "checksum", culprit: () => "GOSUMDB sum.test (http://127.0.0.1:1)", fix: "GONOSUMDB/GOPRIVATE" },
  { name: "checksum database key mismatch", env: () => ({ GOPROXY: p("/ok"), GOSUMDB: `${otherKey.vkey} ${p("/ok/sumdb/sum.test")}` }), cls: "checksum", culprit: () => `GOSUMDB sum.test (${p("/ok/sumdb/sum.test")})`, fix: "does not match the database's" , evidence: "note has no verifiable signatures" },
  { name: "malformed GOSUMDB", env: () => ({ GOPROXY: "off", GOSUMDB: "sum.test+zz" }), cls: "setting", culprit: () => "GOSUMDB", fix: "<name>+<hash>+<key> [<url>]" },
  { name: "GONOSUMDB contradiction", env: () => ({ GOPROXY: "off", GOPRIVATE: "corp.example.com,git.corp", GONOSUMDB: "git.corp" }), cls: "checksum", culprit: () => "GONOSUMDB", fix: "add corp.example.com to GONOSUMDB" },
  { name: "GONOSUMCHECK is read by nothing", env: () => ({ GOPROXY: "off", GONOSUMCHECK: "corp.example.com" }), cls: "setting", culprit: () => "GONOSUMCHECK", fix: "set GONOSUMDB", verdict: "warn" },
  { name: "GOFLAGS=-insecure", env: () => ({ GOPROXY: "off", GOFLAGS: "-insecure" }), cls: "setting", culprit: () => "GOFLAGS", fix: "GOINSECURE" },
  { name: "off before other entries", env: () => ({ GOPROXY: "off,https://proxy.example" }), cls: "setting", culprit: () => "GOPROXY", fix: "move off to the end (GOPROXY=https://proxy.example,off)", verdict: "warn" },
  { name: "credentials in an http:// GOPROXY entry", env: () => ({ GOPROXY: "http://user:token@127.0.0.1:1" }), cls: "auth", culprit: () => "http://127.0.0.1:1", fix: "never sent over http://" },
  { name: "TLS: self-signed certificate", env: () => ({ GOPROXY: servers.tlsSelf.url }), cls: "tls", culprit: hostOf("tlsSelf"), fix: caFix, evidence: goTLS("tls-self-signed") },
  { name: "TLS: expired certificate", env: () => ({ GOPROXY: servers.tlsExpired.url, SSL_CERT_FILE: testCerts().caFile }), cls: "tls", culprit: hostOf("tlsExpired"),
    fix: "the server must renew it; trusting another CA does not help", notFix: "SSL_CERT_FILE", evidence: goTLS("tls-expired") },
  { name: "TLS: certificate for another host name", env: () => ({ GOPROXY: servers.tlsHost.url, SSL_CERT_FILE: testCerts().caFile }), cls: "tls", culprit: hostOf("tlsHost"),
    fix: "use a host name it names in GOPROXY, or have the server fixed; trusting another CA does not help", notFix: "SSL_CERT_FILE", evidence: goTLS("tls-wrong-host") },
  { name: "TLS: chain of an untrusted CA (SSL_CERT_FILE fixes it)", env: () => ({ GOPROXY: servers.tlsGood.url }), cls: "tls", culprit: hostOf("tlsGood"), fix: caFix, evidence: goTLS("tls-unknown-authority") },
  { name: "TLS: untrusted CA sent in the chain", env: () => ({ GOPROXY: servers.tlsChain.url }), cls: "tls", culprit: hostOf("tlsChain"), fix: caFix, evidence: goTLS("tls-unknown-authority-chain") },
  { name: "GOPRIVATE module fetched directly past the private proxy that serves it", env: () => ({ GOPROXY: `${p("/ok")},direct`, GOPRIVATE: "corp.example.com" }), modules: ["corp.example.com/m"],
    cls: "setting", culprit: () => "GONOPROXY", fix: () => `fetched directly instead of from ${p("/ok")}: if that private proxy serves it, set GONOPROXY=none`, verdict: "warn", group: "module" },
  { name: "NODE_EXTRA_CA_CERTS adding nothing to what is trusted (Node parses it at every start)", env: () => ({ GOPROXY: "off", SSL_CERT_FILE: testCerts().caFile, NODE_EXTRA_CA_CERTS: testCerts().caFile }),
    cls: "setting", culprit: () => "NODE_EXTRA_CA_CERTS", fix: "unset it where gotidy-ts runs (env -u NODE_EXTRA_CA_CERTS gotidy-ts ...)", verdict: "warn", evidence: "all 1 of its certificates are trusted without it" },
  { name: "NODE_EXTRA_CA_CERTS unreadable", env: () => ({ GOPROXY: "off", NODE_EXTRA_CA_CERTS: join(scratch, "no-such.pem") }),
    cls: "setting", culprit: () => "NODE_EXTRA_CA_CERTS", fix: "point it at a readable PEM file", verdict: "warn", evidence: "cannot be read" },
  { name: "GONOPROXY=none without a private proxy first", env: () => ({ GOPROXY: "direct", GONOPROXY: "none" }), cls: "setting", culprit: () => "GONOPROXY", fix: "private proxy (such as Athens) first", verdict: "warn" },
];

async function doctor(f: Fault): Promise<{ status: number; checks: Check[]; out: string }> {
  let out = "";
  const ctx = {
    cwd: scratch, home: scratch,
    env: { HOME: scratch, GOENV: "off", GOSUMDB: "off", GOMODCACHE: join(scratch, "modcache"), NETRC: join(scratch, "netrc"), ...f.env() },
    stdout: { write: (s: string) => (out += s) }, stderr: { write: () => true },
  };
  const status = await runDoctorCommand(["--json", "--timeout", "5s", ...(f.args ?? []), ...(f.modules ?? [])], ctx, f.resolver ?? tableResolver({}));
  return { status, checks: JSON.parse(out).checks, out };
}

describe("doctor fault matrix", () => {
  // Every fault whose checks all held: printed with the matrix's size at the end.
  const right = new Set<string>();
  afterAll(() => console.log(`doctor fault matrix: ${faults.length} faults, ${right.size} classified right (class, culprit and fix)`));
  it("has at least 20 faults", () => expect(faults.length).toBeGreaterThanOrEqual(20));
  for (const f of faults) {
    it(f.name, async () => {
      const r = await doctor(f);
      const hit = r.checks.find((c) => c.verdict === (f.verdict ?? "fail") && c.class === f.cls && (!f.group || c.group === f.group));
      expect(hit, JSON.stringify(r.checks.filter((c) => c.verdict !== "info" && c.verdict !== "pass"), null, 1)).toBeDefined();
      expect(hit!.culprit).toBe(f.culprit());
      expect(hit!.fix).toContain(typeof f.fix === "function" ? f.fix() : f.fix);
      if (f.evidence) expect(hit!.evidence.replace(/current time \S+ is/, "current time $NOW is")).toContain(f.evidence);
      if (f.notFix) expect(hit!.fix).not.toContain(f.notFix);
      expect(r.status).toBe(f.verdict === "warn" ? r.checks.some((c) => c.verdict === "fail") ? 1 : 0 : 1);
      right.add(f.name);
    });
  }
});

describe("doctor on a healthy setup", () => {
  it("gives no GONOPROXY=none hint when GONOPROXY is set on purpose", async () => {
    const r = await doctor({ name: "chosen", env: () => ({ GOPROXY: `${p("/ok")},direct`, GOPRIVATE: "corp.example.com", GONOPROXY: "corp.example.com" }), modules: ["corp.example.com/m"], cls: "", culprit: () => "", fix: "" });
    expect(r.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn")).toEqual([]);
    expect(r.out).not.toContain("GONOPROXY=none");
  });
  for (const variable of ["SSL_CERT_FILE", "SSL_CERT_DIR"] as const) {
    it(`trusts the CA that ${variable} names, as the go command does`, async () => {
      const certs = testCerts();
      const r = await doctor({ name: variable, env: () => ({ GOPROXY: servers.tlsGood.url, [variable]: variable === "SSL_CERT_FILE" ? certs.caFile : certs.caDir }), cls: "", culprit: () => "", fix: "" });
      const tls = r.checks.find((c) => c.name.endsWith(": TLS"));
      expect(tls?.verdict).toBe("pass");
      expect(tls?.evidence).toContain(`trusted by system or ${variable === "SSL_CERT_FILE" ? certs.caFile : certs.caDir}`);
    });
  }
  it("counts the certificates of NODE_EXTRA_CA_CERTS that nothing else trusts, and does not warn about a needed one", async () => {
    const r = await doctor({ name: "extra", env: () => ({ GOPROXY: "off", NODE_EXTRA_CA_CERTS: testCerts().caFile }), cls: "", culprit: () => "", fix: "" });
    expect(r.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn")).toEqual([]);
    expect(r.checks.find((c) => c.name === "NODE_EXTRA_CA_CERTS certificates")?.evidence).toContain("1 of its 1 certificates are trusted by nothing else");
  });
  it("sends no loopback request through HTTP_PROXY, as go does: a dead proxy does not matter to 127.0.0.1", async () => {
    const r = await doctor({ name: "loopback", env: () => ({ GOPROXY: p("/ok"), HTTP_PROXY: "http://127.0.0.1:1" }), cls: "", culprit: () => "", fix: "" });
    expect(r.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn")).toEqual([]);
    expect(r.checks.find((c) => c.name.endsWith(": HTTP"))?.evidence).not.toContain("through HTTP_PROXY");
  });
  it("passes every check and exits 0", async () => {
    writeFileSync(join(scratch, "netrc"), "");
    const r = await doctor({ name: "ok", env: () => ({ GOPROXY: p("/ok"), GOSUMDB: `${sumdb.key.vkey} ${p("/ok/sumdb/sum.test")}` }), modules: ["example.com/a"], cls: "", culprit: () => "", fix: "" });
    expect(r.checks.filter((c) => c.verdict === "fail" || c.verdict === "warn")).toEqual([]);
    expect(r.checks.find((c) => c.group === "sumdb")?.evidence).toContain("signature verifies");
    expect(r.status).toBe(0);
  });
});
