// The HTTP side of fetching beyond what the go command does: retries with back-off
// (and their trace lines), time-outs, reset connections, truncated bodies, credentials
// from .netrc over HTTPS (and never in messages), TLS errors with a hint.

import { readFileSync } from "node:fs";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Agent } from "undici";
import { HttpClient } from "../../src/fetch/http.js";
import { Credentials, parseNetrc } from "../../src/fetch/netrc.js";
import { buildProxyFiles, FakeProxy, Fault, startFakeProxy } from "../support/fake-proxy.js";
import { failure } from "../support/failure.js";
import { builtModule } from "../support/cli.js";
import { tableLookup } from "../support/table-resolver.js";

const tlsDir = join(__dirname, "..", "..", "testdata", "fetch", "tls");
const tls = { key: readFileSync(join(tlsDir, "key.pem")), cert: readFileSync(join(tlsDir, "cert.pem")) };
const files = buildProxyFiles([
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n" },
  { name: "example.com/a@v1.0.0/a.go", data: "package a\n" },
]);
const mod = "/example.com/a/@v/v1.0.0.mod";

let proxy: FakeProxy | null = null;
afterEach(async () => {
  await proxy?.close();
  proxy = null;
});

async function serve(faults: Record<string, Fault> = {}, https = false): Promise<FakeProxy> {
  proxy = await startFakeProxy(files, faults, https ? { tls } : {});
  return proxy;
}

describe("HTTP fetching", () => {
  it("reads an error's body only as far as its detail lines go", async () => {
    const { createServer } = await import("node:http");
    let written = 0;
    let finished = false;
    const line = "x".repeat(79) + "\n";
    const server = createServer((_req, res) => {
      res.writeHead(404, { "content-type": "text/plain" });
      // 64 MB of detail, in chunks, unless the client stops reading.
      const pump = () => {
        while (written < 64 << 20) {
          written += 1 << 16;
          if (!res.write(line.repeat((1 << 16) / 80))) return void res.once("drain", pump);
        }
        finished = true;
        res.end();
      };
      res.on("error", () => undefined);
      pump();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/example.com/a/@v/v1.0.0.zip`;
    try {
      const err = await failure(new HttpClient({ retries: 0 }).get(url));
      expect(err.message).toBe(`reading ${url}: 404 Not Found\n\tserver response:\n\t${Array(8).fill("x".repeat(79)).join("\n\t")}\n\t[Truncated: too many lines.]`);
      expect(finished).toBe(false);
      expect(written).toBeLessThan(16 << 20);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it("retries 502/503/504 with back-off, each retry in the trace", async () => {
    const p = await serve({ [mod]: { status: 503, body: "busy\n", failTimes: 2 } });
    const trace: string[] = [];
    const body = await new HttpClient({ retries: 3, backoffMs: 5, trace: (l) => trace.push(l) }).get(p.url + mod);
    expect(body.toString()).toBe("module example.com/a\n");
    expect(trace.filter((l) => l.startsWith("# retry"))).toEqual([
      `# retry 1/3 in 5ms: reading ${p.url}${mod}: 503 Service Unavailable`,
      `# retry 2/3 in 10ms: reading ${p.url}${mod}: 503 Service Unavailable`,
    ]);
    expect(trace.at(-1)).toMatch(new RegExp(`^# get ${p.url}${mod}: 200 OK \\(\\d+\\.\\d{3}s, 21 bytes\\)$`));
  });

  it("gives up after the last retry with the proxy's answer and a hint", async () => {
    const p = await serve({ [mod]: { status: 502, body: "upstream down\n" } });
    const err = await failure(new HttpClient({ retries: 2, backoffMs: 1 }).get(p.url + mod));
    expect(err.message).toBe(`reading ${p.url}${mod}: 502 Bad Gateway\n\tserver response: upstream down`);
    expect(err.errorClass).toBe("server");
    expect(err.hint).toBe('the proxy failed after 3 attempts: try again later, or add a fallback with "|" in GOPROXY');
    expect(p.requests.filter((r) => r.path === mod)).toHaveLength(3);
  });

  it("does not retry a 500 or a 404", async () => {
    const p = await serve({ [mod]: { status: 500, body: "no\n" } });
    await failure(new HttpClient({ retries: 3, backoffMs: 1 }).get(p.url + mod));
    expect(p.requests.filter((r) => r.path === mod)).toHaveLength(1);
    const err = await failure(new HttpClient({ retries: 3, backoffMs: 1 }).get(p.url + "/missing"));
    expect(err.notExist).toBe(true);
  });

  it("retries a reset connection", async () => {
    const p = await serve({ [mod]: { reset: true, failTimes: 1 } });
    const trace: string[] = [];
    const body = await new HttpClient({ retries: 2, backoffMs: 1, trace: (l) => trace.push(l) }).get(p.url + mod);
    expect(body.toString()).toBe("module example.com/a\n");
    expect(trace.some((l) => l.startsWith("# retry 1/2"))).toBe(true);
  });

  it("reports a reset connection that persists", async () => {
    const p = await serve({ [mod]: { reset: true } });
    const err = await failure(new HttpClient({ retries: 1, backoffMs: 1 }).get(p.url + mod));
    expect(err.message).toMatch(new RegExp(`^Get "${p.url}${mod}": `));
    expect(err.errorClass).toBe("network");
    expect(err.hint).toMatch(/^after 2 attempts: /);
  });

  it("times out a proxy that does not answer", async () => {
    const p = await serve({ [mod]: { delayMs: 2000 } });
    const err = await failure(new HttpClient({ timeoutMs: 200, retries: 0 }).get(p.url + mod));
    expect(err.message).toBe(`Get "${p.url}${mod}": net/http: timeout awaiting response: nothing received for 200ms (1 attempt)`);
    expect(err.errorClass).toBe("timeout");
    expect(err.hint).toBe("no answer within 200ms (1 attempt; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT), or check the network and HTTPS_PROXY/NO_PROXY");
  });

  it("fails on a truncated body", async () => {
    const p = await serve({ "/example.com/a/@v/v1.0.0.zip": { truncate: true } });
    await failure(new HttpClient({ retries: 0 }).get(p.url + "/example.com/a/@v/v1.0.0.zip"));
  });

  it("names refused connections and DNS failures with hints", async () => {
    const refused = await failure(new HttpClient({ retries: 0 }).get("http://127.0.0.1:1/x"));
    expect(refused.message).toBe('Get "http://127.0.0.1:1/x": dial tcp 127.0.0.1:1: connect: connection refused');
    expect(refused.errorClass).toBe("refused");
    // The name fails in a resolver of the test's own: no DNS query leaves the machine.
    const nxdomain = (_host: string, _o: unknown, cb: (err: Error) => void) => cb(Object.assign(new Error("getaddrinfo ENOTFOUND no-such-host.invalid"), { code: "ENOTFOUND" }));
    const dispatcher = new Agent({ connect: { lookup: nxdomain as never } });
    const dns = await failure(new HttpClient({ retries: 0, dispatcher }).get("http://no-such-host.invalid/x"));
    await dispatcher.close();
    expect(dns.message).toBe('Get "http://no-such-host.invalid/x": dial tcp: lookup no-such-host.invalid: no such host');
    expect(dns.errorClass).toBe("dns");
  });
});

describe("HTTPS and credentials", () => {
  const trusted = () => new Agent({ connect: { ca: tls.cert } });

  it("sends .netrc credentials for the proxy host over https", async () => {
    const p = await serve({}, true);
    const host = new URL(p.url).host;
    const credentials = new Credentials(parseNetrc(`machine ${host} login alice password s3cret\n`));
    await new HttpClient({ dispatcher: trusted(), credentials }).get(p.url + mod);
    expect(p.requests[0].authorization).toBe("Basic " + Buffer.from("alice:s3cret").toString("base64"));
  });

  it("never sends credentials over plain http", async () => {
    const p = await serve();
    const host = new URL(p.url).host;
    const credentials = new Credentials(parseNetrc(`machine ${host} login alice password s3cret\n`));
    await new HttpClient({ credentials }).get(p.url + mod);
    expect(p.requests[0].authorization).toBeNull();
  });

  it("keeps passwords in proxy URLs out of messages and traces", async () => {
    const p = await serve({ [mod]: { status: 403, body: "denied\n" } }, true);
    const url = p.url.replace("https://", "https://alice:s3cret@") + mod;
    const trace: string[] = [];
    const err = await failure(new HttpClient({ dispatcher: trusted(), retries: 0, trace: (l) => trace.push(l) }).get(url));
    expect(err.message).toBe(`reading ${p.url.replace("https://", "https://xxxxx:xxxxx@")}${mod}: 403 Forbidden\n\tserver response: denied`);
    expect(err.hint).toMatch(/\.netrc/);
    expect([err.message, err.hint, ...trace].join("\n")).not.toMatch(/s3cret|alice/);
  });

  it("sends a URL's user info as Basic auth over https, as the go command does, and never shows it", async () => {
    const p = await serve({}, true);
    const trace: string[] = [];
    const events: string[] = [];
    const client = new HttpClient({
      dispatcher: trusted(), trace: (l) => trace.push(l),
      observer: { request: (e) => events.push(JSON.stringify(e)) },
    });
    const body = await client.get(p.url.replace("https://", "https://ghp_T0KEN@") + mod);
    expect(body.toString()).toBe("module example.com/a\n");
    // A user name alone is sent with an empty password; escapes in the URL are decoded first.
    expect(p.requests.map((r) => [r.path, r.authorization])).toEqual([[mod, "Basic " + Buffer.from("ghp_T0KEN:").toString("base64")]]);
    await client.get(p.url.replace("https://", "https://alice:p%40ss@") + mod);
    expect(p.requests[1].authorization).toBe("Basic " + Buffer.from("alice:p@ss").toString("base64"));
    expect(trace[0]).toBe(`# get ${p.url.replace("https://", "https://xxxxx@")}${mod}`);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[0]).url).toBe(p.url + mod);
    expect([...trace, ...events].join("\n")).not.toMatch(/T0KEN|alice|p%40ss/);
  });

  it("prefers a URL's user info to .netrc, whose machines never match a URL written with user info (as in the go command)", async () => {
    const p = await serve({}, true);
    const host = new URL(p.url).host;
    const credentials = new Credentials(parseNetrc(`machine ${host} login netrc password fromfile\n`));
    await new HttpClient({ dispatcher: trusted(), credentials }).get(p.url.replace("https://", "https://urluser:urlpass@") + mod);
    await new HttpClient({ dispatcher: trusted(), credentials }).get(p.url + mod);
    expect(p.requests.map((r) => r.authorization)).toEqual([
      "Basic " + Buffer.from("urluser:urlpass").toString("base64"),
      "Basic " + Buffer.from("netrc:fromfile").toString("base64"),
    ]);
  });

  it("refuses to send a URL's user info over plain http, in go's words, without a request", async () => {
    const p = await serve();
    const trace: string[] = [];
    const events: unknown[] = [];
    const client = new HttpClient({ retries: 2, trace: (l) => trace.push(l), observer: { request: (e) => events.push(e) } });
    const err = await failure(client.get(p.url.replace("http://", "http://ghp_T0KEN@") + mod));
    const shown = `${p.url.replace("http://", "http://xxxxx@")}${mod}`;
    expect(err.message).toBe(`refusing to pass credentials to insecure URL: ${shown}`);
    expect(err.errorClass).toBe("invalid");
    expect(trace).toEqual([`# get ${shown}: insecure credentials`]);
    expect([p.requests, events]).toEqual([[], []]);
    expect([err.message, err.hint].join("\n")).not.toContain("T0KEN");
    const withPassword = await failure(client.get(p.url.replace("http://", "http://alice:s3cret@") + mod));
    expect(withPassword.message).toBe(`refusing to pass credentials to insecure URL: ${p.url.replace("http://", "http://xxxxx:xxxxx@")}${mod}`);
  });

  it("hides a token in a URL's user name in error messages", async () => {
    const p = await serve({ [mod]: { status: 401, body: "who are you\n" } }, true);
    const trace: string[] = [];
    const err = await failure(new HttpClient({ dispatcher: trusted(), retries: 0, trace: (l) => trace.push(l) }).get(p.url.replace("https://", "https://ghp_T0KEN@") + mod));
    expect(err.message).toBe(`reading ${p.url.replace("https://", "https://xxxxx@")}${mod}: 401 Unauthorized\n\tserver response: who are you`);
    expect([err.message, err.hint, ...trace].join("\n")).not.toContain("T0KEN");
  });

  it("trusts the system CA bundle (SSL_CERT_FILE), as the go command does", async () => {
    const p = await serve({}, true);
    const body = await new HttpClient({ env: { SSL_CERT_FILE: join(tlsDir, "cert.pem") }, retries: 0 }).get(p.url + mod);
    expect(body.toString()).toBe("module example.com/a\n");
  });

  it("makes one TLS context for all its HTTPS connections, at the first, and none for http://", async () => {
    // Every maker of a context counted: tls.connect's own (through the module's export when
    // it is given none: the certificates of a system bundle take some 50 ms to parse, each
    // time) and the import of trust.ts (through Node's export sync).
    // The servers first: a TLS server makes a context of its own.
    const plain = await startFakeProxy(files);
    const p = await serve({}, true);
    const tlsModule = createRequire(import.meta.url)("node:tls") as typeof import("node:tls");
    const original = tlsModule.createSecureContext;
    let made = 0;
    tlsModule.createSecureContext = (...args) => {
      made++;
      return original(...args);
    };
    syncBuiltinESMExports();
    try {
      const http = new HttpClient({ env: { SSL_CERT_DIR: "/nonexistent-plain-only" }, retries: 0 });
      await Promise.all(Array.from({ length: 3 }, () => http.get(plain.url + mod)));
      expect(made).toBe(0);
      const client = new HttpClient({ env: { SSL_CERT_FILE: join(tlsDir, "cert.pem"), SSL_CERT_DIR: "/nonexistent-one-context" }, retries: 0 });
      const bodies = await Promise.all(Array.from({ length: 6 }, () => client.get(p.url + mod)));
      expect(bodies.map((b) => b.toString())).toEqual(Array(6).fill("module example.com/a\n"));
      expect(new Set(p.requests.map((r) => r.connection)).size).toBeGreaterThan(1);
      expect(made).toBe(1);
    } finally {
      tlsModule.createSecureContext = original;
      syncBuiltinESMExports();
      await plain.close();
    }
  });

  it("trusts the certificates of the directories SSL_CERT_DIR lists, as the go command does", async () => {
    const p = await serve({}, true);
    const body = await new HttpClient({ env: { SSL_CERT_DIR: `/nonexistent:${tlsDir}` }, retries: 0 }).get(p.url + mod);
    expect(body.toString()).toBe("module example.com/a\n");
  });

  it("explains an untrusted certificate", async () => {
    const p = await serve({}, true);
    const err = await failure(new HttpClient({ dispatcher: new Agent(), retries: 0 }).get(p.url + mod));
    expect(err.message).toBe(`Get "${p.url}${mod}": tls: failed to verify certificate: x509: certificate signed by unknown authority`);
    expect(err.errorClass).toBe("tls");
    expect(err.hint).toMatch(/NODE_EXTRA_CA_CERTS/);
  });
});

describe(".netrc", () => {
  it("reads entries as the go command does", () => {
    const entries = parseNetrc([
      "machine a.example login u1 password p1",
      "machine b.example",
      "  login u2",
      "  password p2",
      "macdef init",
      "machine skipped.example login x password y",
      "",
      "machine c.example login u3 password p3 default",
      "machine never.example login u4 password p4",
    ].join("\n"));
    expect(entries.map((e) => e.machine)).toEqual(["a.example", "b.example", "c.example"]);
  });

  it("matches URL prefixes, host with port included", () => {
    const c = new Credentials(parseNetrc("machine proxy.example login u password p\nmachine other.example:8443 login v password q\n"));
    expect(c.authorization("https://proxy.example/a/b")).not.toBeNull();
    expect(c.authorization("https://proxy.example:8443/a")).toBeNull();
    expect(c.authorization("https://other.example:8443/x")).not.toBeNull();
    expect(c.authorization("http://proxy.example/a")).toBeNull();
  });
});

describe("proxies and certificates from the environment", () => {
  it("goes through HTTP_PROXY, and around it for NO_PROXY hosts", async () => {
    // The proxy resolves the name the client asks for (every name is 127.0.0.1 to it): go
    // sends no loopback request through a proxy, so the URL names a host.
    const p = await serve();
    const { createServer, request } = await import("node:http");
    const seen: string[] = [];
    // A forward proxy: as Go's net/http, the client sends an http:// URL to it as a plain
    // request in absolute form (no CONNECT tunnel), with the proxy URL's user info as Basic
    // Proxy-Authorization; the proxy asks the host (127.0.0.1) and passes its answer on.
    const fwd = createServer((req, res) => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host} ${req.headers["proxy-authorization"] ?? "no proxy-authorization"}`);
      const target = new URL(req.url ?? "");
      const upstream = request({ host: "127.0.0.1", port: target.port, path: target.pathname, headers: { host: target.host } }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      upstream.end();
    });
    fwd.on("connect", (req, client) => {
      seen.push(`CONNECT ${req.url}`);
      client.end("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n");
    });
    await new Promise<void>((r) => fwd.listen(0, "127.0.0.1", () => r()));
    const port = (fwd.address() as { port: number }).port;
    try {
      const env = { HTTP_PROXY: `http://us%40er:pa%3Ass@127.0.0.1:${port}`, NO_PROXY: "" };
      const named = p.url.replace("127.0.0.1", "proxy.example.test");
      const body = await new HttpClient({ env, retries: 0 }).get(named + mod);
      expect(body.toString()).toBe("module example.com/a\n");
      expect(seen).toEqual([`GET ${named + mod} host=${new URL(named).host} Basic ${Buffer.from("us@er:pa:ss").toString("base64")}`]);
      // NO_PROXY sends the request straight to the host, which the client resolves (here through an injected lookup).
      await new HttpClient({ env: { ...env, NO_PROXY: "example.test" }, retries: 0, lookup: tableLookup({ "proxy.example.test": { a: ["127.0.0.1"] } }) }).get(named + mod);
      // Loopback never goes through the proxy.
      await new HttpClient({ env, retries: 0 }).get(p.url + mod);
      expect(seen).toHaveLength(1);
    } finally {
      fwd.closeAllConnections();
      await new Promise((r) => fwd.close(r));
    }
  });

  it("trusts the CA certificates named by NODE_EXTRA_CA_CERTS in the settings passed in", async () => {
    const p = await serve({}, true);
    const cert = join(tlsDir, "cert.pem");
    const body = await new HttpClient({ env: { NODE_EXTRA_CA_CERTS: cert }, retries: 0 }).get(p.url + mod);
    expect(body.toString()).toBe("module example.com/a\n");
    expect((await failure(new HttpClient({ env: {}, retries: 0 }).get(p.url + mod))).message).toMatch(/tls: failed to verify certificate/);
  });

  it("does not trust the process's NODE_EXTRA_CA_CERTS when the settings passed in lack it", async () => {
    // Node reads NODE_EXTRA_CA_CERTS of its own environment at start; a client given an
    // environment without it must not trust that certificate.
    const p = await serve({}, true);
    const script = `import(${JSON.stringify(builtModule("fetch/http.ts"))}).then(async (m) => {
      const body = await new m.HttpClient({ env: JSON.parse(process.argv[1]), retries: 0 }).get(${JSON.stringify(p.url + mod)});
      process.stdout.write(body.toString());
    }).catch((e) => { process.stdout.write("ERROR " + e.message); });`;
    const run = (given: Record<string, string>) => new Promise<string>((resolve) => {
      import("node:child_process").then(({ spawn }) => {
        const c = spawn(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(given)], {
          env: { ...process.env, NODE_EXTRA_CA_CERTS: join(tlsDir, "cert.pem") },
        });
        let out = "";
        c.stdout.on("data", (d) => (out += d));
        c.on("close", () => resolve(out));
      });
    });
    expect(await run({})).toMatch(/^ERROR Get ".*": tls: failed to verify certificate/);
    expect(await run({ NODE_EXTRA_CA_CERTS: join(tlsDir, "cert.pem") })).toBe("module example.com/a\n");
  });
});
