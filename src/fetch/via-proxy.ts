// The HTTP proxy a request goes through (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), and the
// failures that are the proxy's own (refused, 407), worded as go words them and blamed
// on the proxy rather than on the GOPROXY host.

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

/** viaProxy picks the HTTP proxy for a URL from the environment as Go's net/http does (NO_PROXY by host suffix). */
export function viaProxy(url: string, env: Environment): ViaProxy | undefined {
  const https = url.startsWith("https:");
  const variable = https ? "HTTPS_PROXY" : "HTTP_PROXY";
  const proxy = https ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  const host = safeHost(url).replace(/:\d+$/, "");
  const skip = (env.NO_PROXY || env.no_proxy || "").split(",").map((p) => p.trim().replace(/^\./, "")).some((p) => p === "*" || (p !== "" && (host === p || host.endsWith("." + p))));
  return skip ? undefined : { url: proxy, variable };
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
  if (tunnelStatus(cause) === 407) {
    return new TransportError("Proxy Authentication Required", "proxy-auth", redactURL(url), cause?.code ?? "", {
      hint: `the HTTP proxy ${shownProxy} wants credentials: put them in ${via.variable} (http://user:password@host:port); none are sent when it holds none`, cause: err, proxyStatus: 407,
    });
  }
  return null;
}

