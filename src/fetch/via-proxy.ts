// The HTTP proxy a request goes through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), chosen by
// Go's rules (net/http's ProxyFromEnvironment), and the failures that are the proxy's own
// (refused, 407), worded as go words them and blamed on the proxy rather than on the
// GOPROXY host.

import { isIP } from "node:net";
import { TransportError } from "./errors.js";
import { redactURL } from "./proxy-list.js";
import type { Environment } from "../settings/environment.js";

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The HTTP proxy a request goes through: its URL and the variable that named it. */
export interface ViaProxy {
  url: string;
  variable: "HTTPS_PROXY" | "HTTP_PROXY";
}

/** isLoopback says whether a host (a name, or an IPv4 or IPv6 address, bracketed or not) is the loopback one Go never proxies. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(h);
  return false;
}

/** ipv4Number is an IPv4 address as a number, or null. */
function ipv4Number(ip: string): number | null {
  if (isIP(ip) !== 4) return null;
  return ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);
}

/**
 * noProxyMatches says whether one NO_PROXY entry exempts host:port, as Go's httpproxy
 * reads entries: an IPv4 CIDR (10.0.0.0/8), an IP address (with a port, [::1]:8080),
 * "name" (the name and its subdomains), ".name" or "*.name" (subdomains only), each
 * with an optional ":port".
 */
function noProxyMatches(entry: string, host: string, port: string): boolean {
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(entry);
  if (cidr) {
    const base = ipv4Number(cidr[1]), ip = ipv4Number(host), bits = Number(cidr[2]);
    if (base === null || ip === null || bits > 32) return false;
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return ((base & mask) >>> 0) === ((ip & mask) >>> 0);
  }
  let name = entry, want = "";
  const withPort = /^(.*):(\d+)$/.exec(entry);
  if (withPort && (isIP(withPort[1].replace(/^\[|\]$/g, "")) !== 0 || !withPort[1].includes(":"))) {
    name = withPort[1];
    want = withPort[2];
  }
  name = name.replace(/^\[|\]$/g, "");
  if (want && want !== port) return false;
  if (isIP(name) !== 0) return isIP(host) !== 0 && name === host;
  if (isIP(host) !== 0 || name === "") return false;
  if (name.startsWith("*.")) name = name.slice(1);
  if (name.startsWith(".")) return host.endsWith(name);
  return host === name || host.endsWith("." + name);
}

/**
 * viaProxy picks the HTTP proxy for a URL from the environment as Go's net/http does:
 * HTTPS_PROXY for https, HTTP_PROXY for http (a value without a scheme is http://), never
 * for a loopback host (localhost, 127.0.0.0/8, ::1), and not for a host NO_PROXY exempts.
 */
export function viaProxy(url: string, env: Environment): ViaProxy | undefined {
  const https = url.startsWith("https:");
  const variable = https ? "HTTPS_PROXY" : "HTTP_PROXY";
  const proxy = proxySetting(env, https);
  if (!proxy) return undefined;
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isLoopback(host)) return undefined;
  const port = target.port || (https ? "443" : "80");
  const entries = (env.NO_PROXY || env.no_proxy || "").split(",").map((p) => p.trim().toLowerCase()).filter(Boolean);
  if (entries.includes("*") || entries.some((e) => noProxyMatches(e, host, port))) return undefined;
  return { url: proxy, variable };
}

/** proxySetting is the HTTP proxy HTTPS_PROXY (https) or HTTP_PROXY names, "" for none; a value without a scheme is http://, as for Go. */
export function proxySetting(env: Environment, https: boolean): string {
  const raw = (https ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy) ?? "";
  return !raw || /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

/**
 * tunnelStatus is the status with which an HTTP proxy refused a CONNECT tunnel, from an
 * undici error (the error's cause or the error), or null when it is no such refusal.
 */
export function tunnelStatus(cause: { message?: string } | undefined): number | null {
  const tunnel = /^Proxy response \((\d+)\) !== 200 when HTTP Tunneling$/.exec(cause?.message ?? "");
  return tunnel ? Number(tunnel[1]) : null;
}

/** proxyFailure words a failure of the HTTP proxy itself as go does, blaming the proxy; null when the proxy is not at fault. */
export function proxyFailure(url: string, err: unknown, via: ViaProxy): TransportError | null {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException & { port?: number } };
  const cause = e?.cause && typeof e.cause === "object" ? e.cause : e;
  const shownProxy = redactURL(via.url);
  let p: URL;
  try {
    p = new URL(via.url);
  } catch {
    return null;
  }
  const proxyHostPort = `${p.hostname}:${p.port || (p.protocol === "https:" ? "443" : "80")}`;
  if (cause?.code === "ECONNREFUSED" && String((cause as { port?: number }).port ?? p.port) === (p.port || "80")) {
    return new TransportError(`proxyconnect tcp: dial tcp ${proxyHostPort}: connect: connection refused`, "refused", redactURL(url), "ECONNREFUSED", {
      hint: `the HTTP proxy ${shownProxy} (${via.variable}) refuses connections: fix or unset ${via.variable}, or list ${safeHost(url)} in NO_PROXY`, cause: err,
    });
  }
  if (cause?.code === "UND_ERR_CONNECT_TIMEOUT") {
    // Every TCP connection of a proxied request is to the proxy: it is the one that did not answer.
    return new TransportError(`proxyconnect tcp: dial tcp ${proxyHostPort}: i/o timeout`, "timeout", redactURL(url), cause.code, {
      hint: `the HTTP proxy ${shownProxy} (${via.variable}) did not accept a connection in time: fix or unset ${via.variable}, or list ${safeHost(url)} in NO_PROXY`, cause: err,
    });
  }
  if (tunnelStatus(cause) === 407) {
    return new TransportError("Proxy Authentication Required", "proxy-auth", redactURL(url), cause?.code ?? "", { hint: proxyAuthHint(via), cause: err, proxyStatus: 407 });
  }
  return null;
}

/** proxyAuthHint is the hint for a 407 from the HTTP proxy via: its credentials. */
export function proxyAuthHint(via: ViaProxy): string {
  return `the HTTP proxy ${redactURL(via.url)} wants credentials: put them in ${via.variable} (http://user:password@host:port); none are sent when it holds none`;
}

/** proxyRefusalHint is the hint for the HTTP proxy via refusing a request to url with status (its reason phrase text). */
export function proxyRefusalHint(via: ViaProxy, url: string, status: number, text: string): string {
  return `the HTTP proxy ${redactURL(via.url)} (${via.variable}) refused the request (${status} ${text}): fix or unset ${via.variable}, or list ${safeHost(url)} in NO_PROXY`;
}

type Headers = Record<string, string | string[] | undefined>;

/** headerRecord is a request's headers (a record, a flat list of names and values, or pairs) as a record with lower-case names. */
function headerRecord(headers: unknown): Headers {
  const out: Headers = {};
  if (!headers) return out;
  if (Array.isArray(headers) && typeof headers[0] !== "object") {
    for (let i = 0; i + 1 < headers.length; i += 2) out[String(headers[i]).toLowerCase()] = headers[i + 1];
    return out;
  }
  const pairs = typeof (headers as Iterable<unknown>)[Symbol.iterator] === "function" ? headers as Iterable<[string, string | string[] | undefined]> : Object.entries(headers as Headers);
  for (const [name, value] of pairs) out[name.toLowerCase()] = value;
  return out;
}

/**
 * forwarded is a request for an http:// origin as Go's net/http sends it through
 * HTTP_PROXY: no CONNECT tunnel, but a plain request to the proxy's origin with the
 * target's absolute URL as its path, the target's Host header, and the proxy URL's user
 * info as Basic Proxy-Authorization. The proxy's answer is then the request's response.
 */
export function forwarded<T extends { origin?: string | URL; path: string; headers?: unknown }>(opts: T, proxy: string): T {
  const target = new URL(String(opts.origin ?? ""));
  const p = new URL(proxy);
  const headers: Headers = { ...headerRecord(opts.headers), host: target.host };
  if (p.username || p.password) {
    const user = `${decodeURIComponent(p.username)}:${decodeURIComponent(p.password)}`;
    headers["proxy-authorization"] = `Basic ${Buffer.from(user).toString("base64")}`;
  }
  return { ...opts, origin: p.origin, path: `${target.origin}${opts.path}`, headers };
}

