// A module proxy for tests: an HTTP server on 127.0.0.1 (a random port) that serves
// modules described in txtar form, with faults injected per URL path.
//
// Module files are named "<module>@<version>/<file>"; the go.mod of each version is its
// .mod file (or "module <path>\n" when there is none), and the zip holds all its files.
// A file ".info" may give the Time. Faults: { status, body, contentType, delayMs, reset,
// truncate, failTimes } keyed by the URL path (e.g. "/example.com/a/@v/list"), or by a
// prefix ending in "*" ("/broken/*").

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTLSServer } from "node:https";
import type { AddressInfo } from "node:net";
import { writeZip } from "./zip-writer.js";
import { testServerCertificate } from "./https-git-server.js";

/** Fault is what the proxy does instead of answering a path (or does first, failTimes times). */
export interface Fault {
  status?: number;
  body?: string;
  contentType?: string;
  delayMs?: number;
  reset?: boolean;
  truncate?: boolean;
  /** Send half of the file, then reset the connection (TCP RST) instead of closing it. */
  resetMidBody?: boolean;
  failTimes?: number;
}

/** FakeProxy is a running proxy: its address, the requests it has had, and how to stop it. */
export interface FakeProxy {
  url: string;
  port: number;
  /** Each request: its path, its Authorization header, and the client's port (one per connection). */
  requests: { path: string; authorization: string | null; connection: number }[];
  close(): Promise<void>;
}

/**
 * modRequests lists the go.mod files requests asked for, as a sorted set of lines
 * "<module>@<version>" (escaped as in the URL), for comparing what two runs read.
 */
export function modRequests(requests: readonly { path: string }[]): string[] {
  const mods = requests.map((r) => /^\/(.+)\/@v\/([^/]+)\.mod$/.exec(r.path)).filter((m) => m !== null).map((m) => `${m[1]}@${m[2]}`);
  return [...new Set(mods)].sort();
}

/** ModuleFile is a file of a module version, named "<module>@<version>/<file>". */
type ModuleFile = { name: string; data: string };

function escapePath(p: string): string {
  return p.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
}

/** buildProxyFiles turns module files into the proxy's files (URL path -> bytes). */
export function buildProxyFiles(files: readonly ModuleFile[]): Map<string, Buffer> {
  const mods = new Map<string, { path: string; version: string; files: ModuleFile[] }>();
  for (const f of files) {
    const at = f.name.indexOf("@");
    const slash = f.name.indexOf("/", at);
    if (at < 0 || slash < 0) continue;
    const path = f.name.slice(0, at);
    const version = f.name.slice(at + 1, slash);
    const key = `${path}@${version}`;
    if (!mods.has(key)) mods.set(key, { path, version, files: [] });
    mods.get(key)!.files.push({ name: f.name.slice(slash + 1), data: f.data });
  }
  const out = new Map<string, Buffer>();
  const lists = new Map<string, string>();
  for (const m of mods.values()) {
    const base = `/${escapePath(m.path)}/@v/${escapePath(m.version)}`;
    const gomod = m.files.find((f) => f.name === "go.mod")?.data ?? `module ${m.path}\n`;
    const time = m.files.find((f) => f.name === ".info")?.data.trim() || "2020-01-01T00:00:00Z";
    out.set(`${base}.mod`, Buffer.from(gomod));
    out.set(`${base}.info`, Buffer.from(JSON.stringify({ Version: m.version, Time: time })));
    out.set(`${base}.zip`, writeZip(m.files.filter((f) => f.name !== ".info").map((f) => ({ name: `${m.path}@${m.version}/${f.name}`, data: f.data }))));
    const listKey = `/${escapePath(m.path)}/@v/list`;
    lists.set(listKey, (lists.get(listKey) ?? "") + m.version + "\n");
  }
  for (const [k, v] of lists) out.set(k, Buffer.from(v));
  return out;
}

/**
 * archiveProxyFiles builds the proxy's files from a txtar scenario's
 * "proxy/<module>@<version>/<file>" entries (other entries are not the proxy's). An entry
 * "proxy/.missing" lists files the proxy lacks, one a line: "<module>@<version>.mod" or
 * ".zip" (or ".info"), answered 404 though the version is listed.
 */
export function archiveProxyFiles(files: readonly ModuleFile[]): Map<string, Buffer> {
  const out = buildProxyFiles(files.filter((f) => f.name.startsWith("proxy/")).map((f) => ({ name: f.name.slice("proxy/".length), data: f.data })));
  const missing = files.find((f) => f.name === "proxy/.missing")?.data ?? "";
  for (const line of missing.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf("@");
    const dot = line.lastIndexOf(".");
    out.delete(`/${escapePath(line.slice(0, at))}/@v/${escapePath(line.slice(at + 1, dot))}${line.slice(dot)}`);
  }
  return out;
}

/**
 * startArchiveProxy serves a txtar scenario's proxy/ entries (see archiveProxyFiles). An
 * entry "proxy/.auth" (USER:PASSWORD) makes every request need those basic-auth
 * credentials; "proxy/.https" serves TLS with the direct-mode test CA's certificate
 * (which names 127.0.0.1), so clients trusting that CA (SSL_CERT_FILE) reach it over https.
 */
export function startArchiveProxy(files: readonly ModuleFile[]): Promise<FakeProxy> {
  const user = files.find((f) => f.name === "proxy/.auth")?.data.trim();
  const https = files.some((f) => f.name === "proxy/.https");
  return startFakeProxy(archiveProxyFiles(files), {}, {
    tls: https ? testServerCertificate() : undefined,
    authorization: user ? "Basic " + Buffer.from(user).toString("base64") : undefined,
  });
}

/**
 * startSecondArchiveProxy serves a scenario's proxy2/ entries as a proxy of their own (for
 * a GOPROXY list of two, "$PROXY2" in its env lines), or resolves to null when it has none.
 */
export function startSecondArchiveProxy(files: readonly ModuleFile[]): Promise<FakeProxy | null> {
  const second = files.filter((f) => f.name.startsWith("proxy2/")).map((f) => ({ name: "proxy/" + f.name.slice("proxy2/".length), data: f.data }));
  return second.length > 0 ? startArchiveProxy(second) : Promise.resolve(null);
}

/**
 * startFakeProxy serves files (URL path -> bytes) with faults; resolves once listening.
 * With options.tls it serves HTTPS with that key and certificate; with
 * options.authorization, a request without that Authorization header is answered 401.
 */
export function startFakeProxy(
  files: Map<string, Buffer>,
  faults: Record<string, Fault> = {},
  options: { tls?: { key: Buffer; cert: Buffer }; authorization?: string } = {},
): Promise<FakeProxy> {
  const requests: FakeProxy["requests"] = [];
  const failures = new Map<string, number>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push({ path, authorization: req.headers.authorization ?? null, connection: req.socket.remotePort ?? 0 });
    if (options.authorization && req.headers.authorization !== options.authorization) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Basic realm="proxy"' });
      res.end("unauthorized\n");
      return;
    }
    // With authorization wanted, the root answers 200 to the right credentials: where a
    // client can check them (the go command's HEAD request after git credential fill).
    if (options.authorization && path === "/") {
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
      res.end("ok\n");
      return;
    }
    // A fault keyed "/prefix/*" applies to every path below /prefix/.
    const fault = faults[path] ?? Object.entries(faults).find(([k]) => k.endsWith("*") && path.startsWith(k.slice(0, -1)))?.[1];
    const serve = () => {
      if (fault) {
        const failed = failures.get(path) ?? 0;
        if (fault.failTimes === undefined || failed < fault.failTimes) {
          failures.set(path, failed + 1);
          if (fault.reset) {
            req.socket.destroy();
            return;
          }
          if (fault.status) {
            res.writeHead(fault.status, { "content-type": fault.contentType ?? "text/plain; charset=utf-8" });
            res.end(fault.body ?? "");
            return;
          }
          if (fault.body !== undefined) {
            res.writeHead(200);
            res.end(fault.body);
            return;
          }
          if (fault.resetMidBody && files.has(path)) {
            const data = files.get(path)!;
            res.writeHead(200, { "content-length": String(data.length) });
            res.write(data.subarray(0, Math.floor(data.length / 2)), () => setTimeout(() => req.socket.resetAndDestroy(), 10));
            return;
          }
          if (fault.truncate && files.has(path)) {
            const data = files.get(path)!;
            res.writeHead(200, { "content-length": String(data.length) });
            res.write(data.subarray(0, Math.floor(data.length / 2)));
            setTimeout(() => req.socket.destroy(), 10);
            return;
          }
        }
      }
      const data = files.get(path);
      if (!data) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end(`not found: ${path}\n`);
        return;
      }
      res.writeHead(200);
      res.end(data);
    };
    if (fault?.delayMs) setTimeout(serve, fault.delayMs);
    else serve();
  };
  const server = options.tls ? createTLSServer(options.tls, handler) : createServer(handler);
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `${options.tls ? "https" : "http"}://127.0.0.1:${port}`,
        port,
        requests,
        close: () => new Promise<void>((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
      });
    });
  });
}
