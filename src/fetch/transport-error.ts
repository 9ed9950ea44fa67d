// A request that got no response, in the words of Go's net/http: a refused or reset
// connection, a name that does not resolve, a timeout, a certificate that fails
// verification (src/fetch/tls-failure.ts), an HTTP proxy in between that failed. Each is
// a TransportError with a class, Node.js's code and a hint.

import { FetchError, HTTPError, TransportClass, TransportError } from "./errors.js";
import { peerFacts, TlsVerifyError, tlsFailureKind, tlsHint, x509Reason } from "./tls-failure.js";
import { redactURL } from "./proxy-list.js";
import { proxyFailure, proxyRefusalHint, tunnelStatus, type ViaProxy } from "./via-proxy.js";
import { connectionEnds, connectStage, type SocketFacts } from "./socket-ends.js";

/** The reason phrases of the statuses the go command names. */
export const statusText: Record<number, string> = {
  200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
  407: "Proxy Authentication Required", 408: "Request Timeout", 410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
  502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
};

/** safeHost is the host of a URL, or the text itself when it is not one. */
export function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * transportError words a connection failure the way Go's net/http does, with a class and
 * hint; via is the HTTP proxy used, inBody whether the failure came while the body of a
 * response was read (Go's `read "URL": ...`, not `Get "URL": ...`).
 */
export function transportError(url: string, err: unknown, via?: ViaProxy, inBody = false): TransportError {
  const byProxy = via ? proxyFailure(url, err, via) : null;
  if (byProxy) return byProxy;
  if (inBody) {
    const failed = bodyFailure(url, err);
    if (failed) return failed;
  }
  const shown = redactURL(url);
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const cause = e?.cause && typeof e.cause === "object" ? e.cause : e;
  const code = cause?.code ?? e?.code ?? "";
  const host = safeHost(url);
  const hostPort = (() => {
    try {
      const u = new URL(url);
      return `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
    } catch {
      return host;
    }
  })();
  let text: string;
  let cls: TransportClass = "network";
  let hint: string | undefined;
  switch (code) {
    case "ECONNREFUSED":
      text = `dial tcp ${hostPort}: connect: connection refused`;
      cls = "refused";
      hint = `nothing accepts connections at ${hostPort}: check the GOPROXY entry and HTTPS_PROXY/HTTP_PROXY`;
      break;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      text = `dial tcp: lookup ${new URL(url).hostname}: no such host`;
      cls = "dns";
      hint = `the host name does not resolve: check GOPROXY, your DNS, or set HTTPS_PROXY for a corporate proxy`;
      break;
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      text = `read tcp ${hostPort}: connection reset by peer`;
      hint = "the connection was reset: a proxy or firewall may be interfering";
      break;
    case "UND_ERR_CONNECT_TIMEOUT": {
      // Go's words for a connection not opened in time: the lookup, the dial or the handshake.
      const stage = connectStage(cause) ?? connectStage(err);
      text = stage?.phase === "lookup" ? `dial tcp: lookup ${new URL(url).hostname}: i/o timeout`
        : stage?.phase === "tls" ? "net/http: TLS handshake timeout"
        : `dial tcp ${stage?.address ?? hostPort}: i/o timeout`;
      cls = "timeout";
      hint = `no connection to ${host} opened in time: check the GOPROXY entry, a firewall, and HTTPS_PROXY/NO_PROXY`;
      break;
    }
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
    case "ETIMEDOUT":
      text = "net/http: timeout awaiting response";
      cls = "timeout";
      hint = "the proxy did not answer in time: check the network, or HTTPS_PROXY/NO_PROXY";
      break;
    default:
      // undici reports a proxy that refused a CONNECT tunnel only in its message; Go
      // reports the proxy's status text ("Bad Gateway").
      const refusal = tunnelStatus(cause);
      if (refusal !== null) {
        text = statusText[refusal] ?? String(refusal);
        // The HTTP proxy's own refusal (407 is proxyFailure's): blamed on the proxy.
        if (via) {
          cls = "proxy";
          hint = proxyRefusalHint(via, url, refusal, text);
        }
        break;
      }
      const tls = tlsFailure(err, cause, url);
      if (tls) {
        cls = "tls";
        text = `tls: failed to verify certificate: ${tls.reason}`;
        hint = tls.hint;
      } else {
        // Other TLS failures (a protocol mismatch, a handshake refused): Node.js's words.
        if (code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_")) cls = "tls";
        text = cause?.message || String(err);
      }
  }
  return new TransportError(text, cls, shown, code, { hint, cause: err, proxyStatus: tunnelStatus(cause) ?? undefined });
}

/**
 * bodyFailure words a connection that failed while a response's body was read, as Go's
 * reader of the body does: a reset with the connection's two ends, a connection closed
 * early as "unexpected EOF". Other failures (a time limit) keep their usual words.
 */
function bodyFailure(url: string, err: unknown): TransportError | null {
  const e = err as NodeJS.ErrnoException & { socket?: SocketFacts };
  const shown = redactURL(url);
  const hint = "the connection broke while the answer was being received: a proxy or firewall may be interfering";
  if (e?.code === "ECONNRESET") {
    const ends = connectionEnds(err) ?? connectionEnds(e.socket);
    return new TransportError(`read tcp ${ends ?? safeHost(url)}: read: connection reset by peer`, "network", shown, e.code, { hint, cause: err, op: "read" });
  }
  if (e?.code === "UND_ERR_SOCKET") return new TransportError("unexpected EOF", "network", shown, e.code, { hint, cause: err, op: "read" });
  return null;
}

/**
 * tlsFailure is the go command's words and a hint for a certificate that failed
 * verification, told by Node.js's code: with the certificate's facts when the verifying
 * connector (tls-failure.ts) or Node.js's host name check attached them.
 */
function tlsFailure(err: unknown, cause: NodeJS.ErrnoException | undefined, url: string): { reason: string; hint: string } | null {
  const verify = [err, cause].find((x): x is TlsVerifyError => x instanceof TlsVerifyError);
  const code = verify?.code ?? cause?.code ?? "";
  const kind = tlsFailureKind(code);
  if (!kind) return null;
  const fromNode = cause as { cert?: import("node:tls").PeerCertificate; host?: string } | undefined;
  const host = verify?.host ?? fromNode?.host ?? new URL(url).hostname;
  const peer = verify?.peer ?? peerFacts(fromNode?.cert);
  return { reason: x509Reason(code, peer, host), hint: tlsHint(kind) };
}

/** formatWait words a time limit for people: 300ms, 30s, 1.5s, 2m. */
export function formatWait(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

/**
 * afterAttempts is the error a request ends with once no attempt is left, saying how
 * long it waited and how often it asked: a timeout says both in its reason (the go command
 * has no time limit, so no words of its own for it); a failure that was retried keeps
 * go's message and says "after N attempts" in its hint.
 */
export function afterAttempts(err: FetchError, attempts: number, timeoutMs: number): FetchError {
  const out = reworded(err, attempts, timeoutMs);
  if (out !== err || attempts > 1) out.attempts = attempts;
  return out;
}

function reworded(err: FetchError, attempts: number, timeoutMs: number): FetchError {
  const tries = `${attempts} attempt${attempts === 1 ? "" : "s"}`;
  // The request's own time limit (headers, and between body chunks); a connection that
  // could not be opened in time (the same limit, on the connector) is worded below.
  if (err instanceof TransportError && (err.code === "UND_ERR_HEADERS_TIMEOUT" || err.code === "UND_ERR_BODY_TIMEOUT")) {
    const wait = formatWait(timeoutMs);
    return new TransportError(`net/http: timeout awaiting response: nothing received for ${wait} (${tries}${attempts > 1 ? ", the last timed out" : ""})`, "timeout", err.url ?? "", err.code, {
      hint: `no answer within ${wait} (${tries}; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT), or check the network and HTTPS_PROXY/NO_PROXY`,
      cause: err.cause, proxyStatus: err.proxyStatus,
    });
  }
  // A connection not opened in time keeps go's words ("dial tcp H:P: i/o timeout"); the
  // hint says how long it waited and how often. A timeout is never retried, as the go
  // command does not retry.
  if (err instanceof TransportError && err.code === "UND_ERR_CONNECT_TIMEOUT") {
    const wait = formatWait(timeoutMs);
    return new TransportError(err.reason, "timeout", err.url ?? "", err.code, {
      hint: `no connection within ${wait} (${tries}${attempts > 1 ? ", the last timed out" : ""}; a timeout is not retried): raise the request timeout (--timeout, or GOTIDY_TIMEOUT), ` +
        (err.hint?.startsWith("the HTTP proxy") ? err.hint : "or check the GOPROXY entry, a firewall and HTTPS_PROXY/NO_PROXY"),
      cause: err.cause, proxyStatus: err.proxyStatus, op: err.op,
    });
  }
  if (attempts < 2) return err;
  if (err instanceof HTTPError) {
    return new HTTPError(err.message, err.status, err.url ?? "", `the proxy failed after ${tries}: try again later, or add a fallback with "|" in GOPROXY`);
  }
  if (err instanceof TransportError) {
    return new TransportError(err.reason, err.errorClass as TransportClass, err.url ?? "", err.code, { hint: `after ${tries}: ${err.hint ?? "the request failed"}`, cause: err.cause, proxyStatus: err.proxyStatus, op: err.op });
  }
  return err;
}
