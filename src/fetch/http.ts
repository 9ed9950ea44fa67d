// HTTP(S) and file:// GETs for the module proxy protocol.
//
// undici does the HTTP: one keep-alive connection pool for the whole run, the
// HTTPS_PROXY/HTTP_PROXY/NO_PROXY variables of the settings honoured, the certificate
// authorities those of src/fetch/trust.ts. Transient failures (reset connections, 502, 503,
// 504) are retried with back-off. Every failure becomes a FetchError whose message is
// the go command's ("reading URL: 404 Not Found" and the server's text/plain reason),
// with credentials never shown. A URL's user info is sent as Basic auth over https, and a
// plain http URL with user info is refused, as the go command does.

import type { Dispatcher } from "undici";

// undici is loaded on the first request: a run served entirely from the module cache
// never pays for loading it (about a fifth of a second).
let undiciModule: Promise<typeof import("undici")> | undefined;
const loadUndici = () => (undiciModule ??= import("undici"));
import { FetchError, HTTPError, OfflineError } from "./errors.js";
import { getFileURL } from "./file-url.js";
import { DestinationError, writeTo, type ZipDestination } from "./repo.js";
import { afterAttempts, safeHost, statusText, transportError } from "./transport-error.js";
import { verifyingConnector } from "./tls-failure.js";
import { notingEnds, notingStage } from "./socket-ends.js";

export { transportError };
import { Credentials } from "./netrc.js";
import type { GoAuth } from "./goauth.js";
import { FetchObserver, FetchRequestEvent, notify, ProgressSink, publicURL } from "./observer.js";
import { redactURL } from "./proxy-list.js";
import { forwarded, proxyAuthHint, proxyRefusalHint, proxySetting, viaProxy, type ViaProxy } from "./via-proxy.js";
import { hasUserInfo, splitUserInfo } from "./url-credentials.js";
import { secureContextFor, trustKey } from "./trust.js";
import type { Environment } from "../settings/environment.js";

export interface HttpOptions {
  /** The undici dispatcher; by default a shared keep-alive agent (through HTTP(S)_PROXY when set). */
  dispatcher?: Dispatcher;
  /** Credentials for https URLs (from .netrc). */
  credentials?: Credentials;
  /** GOAUTH's credentials for https URLs, in place of credentials; asked again (and sent once more) after a 4xx. */
  goauth?: GoAuth;
  /** Milliseconds to wait for a connection to open, for response headers, and between body chunks. Default 60 s (defaultTimeoutMs). */
  timeoutMs?: number;
  /** Retries after transient failures. Default 3. */
  retries?: number;
  /** Base of the exponential back-off, in milliseconds. Default 250. */
  backoffMs?: number;
  /** Receives a line per request (the go command's -x output, with sizes). */
  trace?: (line: string) => void;
  /**
   * The proxy and TLS variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY or their lower-case
   * forms; SSL_CERT_FILE, SSL_CERT_DIR, NODE_EXTRA_CA_CERTS): createFetcher passes the
   * resolved settings. Default: none set (the process environment is never read).
   */
  env?: Environment;
  /** Refuse every request (http, https and file): offline mode. */
  offline?: boolean;
  /** Told of every HTTP(S) request attempt (observer.request). */
  observer?: FetchObserver;
  /** The resolver of host names for the default dispatcher (node:net's lookup form); default the system's. */
  lookup?: Lookup;
}


const maxDetailLines = 8, maxDetailBytes = maxDetailLines * 81;

/** errorDetail extracts the go command's "server response" text from a text/plain error body. */
function errorDetail(contentType: string | undefined, body: Buffer): string {
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (media !== "text/plain") return "";
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? "")?.[1]?.toLowerCase() ?? "";
  if (!["", "us-ascii", "utf-8"].includes(charset)) return "";
  let s: string;
  try {
    s = new TextDecoder("utf-8", { fatal: true }).decode(body.subarray(0, maxDetailBytes + 2 * 81));
  } catch {
    return "";
  }
  if (/[^\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}\t\n\v\f\r\u0085]/u.test(s)) return "";
  const lines = s.split("\n");
  let detail = "";
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === "") break;
    if (i > 0) detail += "\n\t";
    if (i >= maxDetailLines) {
      detail += "[Truncated: too many lines.]";
      break;
    }
    if (detail.length + lines[i].length > maxDetailBytes) {
      detail += "[Truncated: too long.]";
      break;
    }
    detail += lines[i];
  }
  return detail;
}

/**
 * hintForStatus is the hint for a response of that status to url; sent says whether
 * credentials went with the request (.netrc, GOAUTH or the URL's own).
 */
function hintForStatus(status: number, url: string, sent: boolean): string | undefined {
  if (status === 401 || status === 403) {
    const host = safeHost(url);
    if (url.startsWith("http://")) {
      return `the proxy refused access (${status}), and credentials (.netrc, GOAUTH) are never sent over http://: ` +
        `if ${host} needs them, use https://${host} in GOPROXY`;
    }
    if (status === 401 && sent) {
      return `the proxy refused the credentials sent to ${host} (401): correct them in ~/.netrc (or the file NETRC names), GOAUTH or the GOPROXY URL`;
    }
    return `the proxy refused access: for a private proxy, put its credentials in ~/.netrc (machine ${host} login ... password ...); ` +
      "for private modules, set GOPRIVATE (or GONOPROXY/GONOSUMDB) so that they skip public proxies and the checksum database";
  }
  if (status >= 500) return "the proxy failed; try again later, or add a fallback with \"|\" in GOPROXY";
  return undefined;
}

/**
 * httpStatusError is the go command's HTTPError for a non-200 response. via is the HTTP
 * proxy the request was sent to as a plain request (an http:// URL through HTTP_PROXY):
 * its 407 and 403 are the proxy's own refusals, blamed on the proxy ("proxy-auth",
 * "proxy"), though go words them as any other status.
 */
export function httpStatusError(url: string, status: number, contentType: string | undefined, body: Buffer, sent = false, via?: ViaProxy): HTTPError {
  const shown = redactURL(url);
  const detail = errorDetail(contentType, body);
  const text = `${status} ${statusText[status] ?? ""}`.trim();
  const message = detail
    ? `reading ${shown}: ${text}\n\tserver response:${detail.includes("\n") ? "\n\t" : " "}${detail}`
    : `reading ${shown}: ${text}`;
  if (via && status === 407) return new HTTPError(message, status, shown, proxyAuthHint(via), "proxy-auth");
  if (via && status === 403) return new HTTPError(message, status, shown, proxyRefusalHint(via, url, status, statusText[status]), "proxy");
  return new HTTPError(message, status, shown, hintForStatus(status, url, sent));
}

function isTransient(err: unknown): boolean {
  if (err instanceof HTTPError) return err.status === 502 || err.status === 503 || err.status === 504;
  if (err instanceof FetchError) return false;
  const e = err as { code?: string; cause?: { code?: string } };
  const code = e?.cause?.code ?? e?.code;
  return code === "ECONNRESET" || code === "UND_ERR_SOCKET" || code === "EPIPE";
}

const dispatchers = new Map<string, Dispatcher>();

/** The errors that came while a response's body was read (worded as Go's body reader words them). */
const readingBody = new WeakSet<object>();

/** A resolver in node:net's lookup form (the system's by default): tests answer for the DNS with one. */
export type Lookup = NonNullable<import("node:net").TcpSocketConnectOpts["lookup"]>;

/**
 * defaultDispatcher returns the keep-alive dispatcher for an environment's proxy and
 * certificate settings, shared by every client with the same settings, time limit and
 * resolver. Each request goes through the HTTP proxy viaProxy picks for its origin (so
 * never for a loopback host, as Go's net/http), or straight to the origin; opening a
 * connection (the name's lookup, TCP, the TLS handshake) is bounded by timeoutMs, as a
 * response's headers are.
 */
async function defaultDispatcher(env: Environment, timeoutMs: number, lookup?: Lookup, unverified = false): Promise<Dispatcher> {
  const { Agent, ProxyAgent, buildConnector, interceptors } = await loadUndici();
  const httpsProxy = proxySetting(env, true), httpProxy = proxySetting(env, false);
  const key = `${httpsProxy}\n${httpProxy}\n${env.NO_PROXY || env.no_proxy || ""}\n${trustKey(env)}\n${unverified}\n${timeoutMs}`;
  const cached = lookup ? undefined : dispatchers.get(key);
  if (cached) return cached;
  const unverifiedTLS = unverified ? { rejectUnauthorized: false } : {}; // unverified: GOINSECURE's https
  const dial = { timeout: timeoutMs, ...(lookup ? { lookup } : {}) };
  // Straight to the origin, the connector checks the certificate itself, to word a failure
  // with its facts. The TLS context (the trusted CAs, parsed) is made at the first https
  // connection: a run that speaks only http:// to its proxy never needs it.
  const tlsOptions = () => ({ secureContext: secureContextFor(env), ...unverifiedTLS });
  const plain = buildConnector(dial);
  let secure: typeof plain | undefined;
  const secured = (): typeof plain => {
    if (secure) return secure;
    const tls = tlsOptions();
    return (secure = unverified ? buildConnector({ ...tls, ...dial }) : verifyingConnector(buildConnector({ ...tls, ...dial, rejectUnauthorized: false }) as never) as typeof plain);
  };
  const connector: typeof plain = (opts, callback) => (opts.protocol === "https:" ? secured() : plain)(opts, callback);
  const direct = new Agent({ keepAliveTimeout: 30_000, connections: 16, connect: notingEnds(notingStage(connector as never)) as never });
  // https goes through a CONNECT tunnel (undici's ProxyAgent); http is sent to the proxy
  // as a plain request for the absolute URL, as Go's net/http does.
  const tls = httpsProxy ? tlsOptions() : {};
  const tunnel = httpsProxy ? new ProxyAgent({ uri: httpsProxy, keepAliveTimeout: 30_000, requestTls: { ...tls, timeout: timeoutMs }, proxyTls: { ...tls, ...dial } }) : undefined;
  const route = (dispatch: Dispatcher["dispatch"]): Dispatcher["dispatch"] => (opts, handler) => {
    const via = httpsProxy || httpProxy ? viaProxy(String(opts.origin ?? ""), env) : undefined;
    if (via?.variable === "HTTPS_PROXY" && tunnel) return tunnel.dispatch(opts, handler);
    if (via?.variable === "HTTP_PROXY") return dispatch(forwarded(opts, via.url), handler);
    return dispatch(opts, handler);
  };
  // Follow redirects as the go command's HTTP client does (up to 10), each through its own route.
  const d = direct.compose(route, interceptors.redirect({ maxRedirections: 10 }));
  if (!lookup) dispatchers.set(key, d);
  return d;
}

/** contentLength reads a Content-Length header (undefined when absent or malformed). */
function contentLength(h: string | string[] | undefined): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  return v !== undefined && /^[0-9]+$/.test(v) ? Number(v) : undefined;
}

/** The time limit for a response's headers, and between chunks of its body, when none is given. */
export const defaultTimeoutMs = 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** HttpClient fetches proxy URLs (https, http or file). */
export class HttpClient {
  private dispatcher: Promise<Dispatcher> | undefined;
  private unverified: Promise<Dispatcher> | undefined;

  constructor(private readonly options: HttpOptions = {}) {}

  private getDispatcher(unverified = false): Promise<Dispatcher> {
    const env = this.options.env ?? {};
    const timeout = this.options.timeoutMs ?? defaultTimeoutMs, lookup = this.options.lookup;
    if (this.options.dispatcher) return Promise.resolve(this.options.dispatcher);
    return unverified ? (this.unverified ??= defaultDispatcher(env, timeout, lookup, true)) : (this.dispatcher ??= defaultDispatcher(env, timeout, lookup));
  }

  private trace(line: string): void {
    this.options.trace?.(line);
  }

  /**
   * get returns the body of a 200 response, at most maxBytes long, and throws a FetchError
   * otherwise. progress, if given, is told the bytes received after each chunk of a 200
   * response's body (HTTP only). unverified accepts any certificate (GOINSECURE paths).
   */
  async get(url: string, maxBytes = 500 << 20, progress?: ProgressSink, unverified = false): Promise<Buffer> {
    return (await this.fetch(url, maxBytes, progress, unverified)).body;
  }

  /**
   * getTo is get with the body of a 200 response streamed into dst as it arrives (dst is
   * truncated before a retry); it returns the body's length. A failure of dst itself is a
   * DestinationError, never retried.
   */
  async getTo(url: string, dst: ZipDestination, maxBytes = 500 << 20, progress?: ProgressSink, unverified = false): Promise<number> {
    return (await this.fetch(url, maxBytes, progress, unverified, dst)).size;
  }

  /**
   * getPage is get for a page read whatever its status, as the go command reads go-get=1
   * pages: the body of a 200 answer, or of any other with the status error beside it.
   */
  async getPage(url: string, maxBytes: number, unverified = false): Promise<{ body: Buffer; failure?: HTTPError }> {
    try {
      return { body: (await this.fetch(url, maxBytes, undefined, unverified, undefined, true)).body };
    } catch (err) {
      if (err instanceof HTTPError && err.page) return { body: err.page, failure: err };
      throw err;
    }
  }

  private async fetch(url: string, maxBytes: number, progress: ProgressSink | undefined, unverified: boolean, dst?: ZipDestination, wholeBody = false): Promise<{ body: Buffer; size: number }> {
    if (this.options.offline) {
      const shown = redactURL(url);
      throw new OfflineError(`reading ${shown}: offline: no network requests are made`, {
        url: shown, hint: "offline mode uses only the module cache, go.sum and the checksum database cache",
      });
    }
    if (url.startsWith("file:")) return getFileURL(url, maxBytes, dst);
    if (url.startsWith("http:") && hasUserInfo(url)) {
      // As the go command: credentials are never sent in the clear, and no request is made.
      const shown = redactURL(url);
      this.trace(`# get ${shown}: insecure credentials`);
      throw new FetchError(`refusing to pass credentials to insecure URL: ${shown}`, "invalid", {
        url: shown, hint: "credentials in a URL are sent over https only: use an https:// URL, or put them in ~/.netrc for an https host",
      });
    }
    const retries = this.options.retries ?? 3;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0 && dst) await dst.truncate().catch((e: unknown) => Promise.reject(new DestinationError(e)));
        return await this.getOnce(url, maxBytes, attempt + 1, progress, unverified, dst, wholeBody);
      } catch (err) {
        if (err instanceof DestinationError) throw err;
        if (attempt >= retries || !isTransient(err)) {
          const failure = err instanceof FetchError ? err : transportError(url, err, viaProxy(url, this.options.env ?? {}), readingBody.has(err as object));
          throw afterAttempts(failure, attempt + 1, this.options.timeoutMs ?? defaultTimeoutMs);
        }
        const wait = (this.options.backoffMs ?? 250) * 2 ** attempt;
        const why = err instanceof FetchError ? err.message.split("\n")[0] : transportError(url, err).message;
        this.trace(`# retry ${attempt + 1}/${retries} in ${wait}ms: ${why}`);
        await sleep(wait);
      }
    }
  }

  private async getOnce(url: string, maxBytes: number, attempt: number, progress: ProgressSink | undefined, unverified: boolean, dst?: ZipDestination, wholeBody = false): Promise<{ body: Buffer; size: number }> {
    const shown = redactURL(url);
    this.trace(`# get ${shown}`);
    const start = Date.now();
    const observer = this.options.observer;
    const report = observer?.request
      ? (status: number | undefined, bytes: number, error: unknown) => {
        const event: FetchRequestEvent = { url: publicURL(url), method: "GET", attempt, bytes, ms: Date.now() - start };
        if (status !== undefined) event.status = status;
        if (error !== undefined) event.error = error instanceof FetchError ? error.message : transportError(url, error).message;
        notify(observer.request, observer, event);
      }
      : undefined;
    // As the go command: .netrc is looked up by the URL as written (so a URL with user info
    // matches no machine), and the URL's own user info is sent as Basic auth otherwise.
    const { target, authorization } = splitUserInfo(url);
    const goauth = url.startsWith("https://") ? this.options.goauth : undefined;
    const headersWith = (found: Record<string, string> | null) => ({ "user-agent": "gotidy-ts", ...(found ?? (authorization ? { authorization } : {})) });
    const netrc = this.options.credentials?.authorization(url), first = goauth ? await goauth.initial(url) : netrc ? { authorization: netrc } : null;
    const timeout = this.options.timeoutMs ?? defaultTimeoutMs;
    let res: Dispatcher.ResponseData<unknown>;
    // Whether the request answered last carried credentials: a 401 then means wrong ones.
    let credentialed = false;
    try {
      const { request } = await loadUndici();
      const send = async (headers: Record<string, string>) => {
        credentialed = Object.keys(headers).some((h) => h !== "user-agent");
        return request(target, { dispatcher: await this.getDispatcher(unverified), headers, headersTimeout: timeout, bodyTimeout: timeout });
      };
      res = await send(headersWith(first));
      if (goauth && res.statusCode >= 400 && res.statusCode < 500) {
        // As the go command: a refused https request is sent once more, with what GOAUTH gives for its URL.
        await res.body.dump();
        const again = await goauth.retry(url, { status: res.statusCode, statusText: statusText[res.statusCode] ?? "", headers: res.headers });
        res = await send(headersWith(again));
      }
    } catch (err) {
      this.trace(`# get ${shown}: ${transportError(url, err).reason}`);
      report?.(undefined, 0, err);
      throw err;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    // Progress is reported for the body of a 200 response only, once per chunk.
    const sink = res.statusCode === 200 ? progress : undefined;
    const total = sink ? contentLength(res.headers["content-length"]) : undefined;
    // An error's body: as far as its detail lines go, as go reads it (unless the whole page is wanted).
    const limit = res.statusCode === 200 || wholeBody ? maxBytes : maxDetailBytes + 2 * 81;
    const streamTo = res.statusCode === 200 ? dst : undefined;
    try {
      for await (const chunk of res.body) {
        size += chunk.length;
        if (size > limit) {
          res.body.destroy();
          if (limit !== maxBytes) chunks.push((chunk as Buffer).subarray(0, chunk.length - (size - limit)));
          break;
        }
        if (streamTo) await writeTo(streamTo, chunk as Buffer);
        else chunks.push(chunk as Buffer);
        if (sink) sink(size, total);
      }
    } catch (err) {
      if (err instanceof DestinationError) {
        res.body.destroy();
        throw err;
      }
      this.trace(`# get ${shown}: ${res.statusCode} ${statusText[res.statusCode] ?? ""} (read failed)`);
      report?.(res.statusCode, size, err);
      if (err && typeof err === "object") readingBody.add(err);
      throw err;
    }
    const body = Buffer.concat(chunks);
    const seconds = ((Date.now() - start) / 1000).toFixed(3);
    this.trace(`# get ${shown}: ${res.statusCode} ${statusText[res.statusCode] ?? ""} (${seconds}s, ${size} bytes)`);
    let failure: FetchError | undefined;
    if (res.statusCode !== 200) {
      // An http:// URL through HTTP_PROXY was asked of the proxy itself (see forwarded).
      const via = this.options.dispatcher ? undefined : viaProxy(url, this.options.env ?? {});
      const refused = httpStatusError(url, res.statusCode, [res.headers["content-type"]].flat()[0], body, credentialed, via?.variable === "HTTP_PROXY" ? via : undefined);
      if (wholeBody) refused.page = body;
      failure = refused;
    } else if (size > maxBytes) {
      failure = new FetchError(`reading ${shown}: response larger than ${maxBytes} bytes`, "http", { url: shown });
    }
    report?.(res.statusCode, size, failure);
    if (failure) throw failure;
    return { body, size };
  }

  /**
   * head sends one HEAD request with the given headers (no GOAUTH, no retries, no trace)
   * and returns the response's status; a transport failure, or no answer within timeoutMs,
   * throws. GOAUTH's git entry checks credentials with it, as the go command does before
   * approving or rejecting them.
   */
  async head(url: string, headers: Record<string, string>, timeoutMs = this.options.timeoutMs ?? defaultTimeoutMs): Promise<number> {
    if (this.options.offline) throw new OfflineError(`reading ${redactURL(url)}: offline: no network requests are made`, { url: redactURL(url) });
    const { request } = await loadUndici();
    const res = await request(url, { method: "HEAD", dispatcher: await this.getDispatcher(), headers: { "user-agent": "gotidy-ts", ...headers }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    await res.body.dump();
    return res.statusCode;
  }
}
