// Errors of module fetching: one class per kind, each with the go command's message, its
// typed fields (the HTTP status, the URL with credentials redacted, the module and
// version), the class --json reports, a hint for people, and what it wraps as its
// standard `cause`.
//
// GOPROXY fallback depends on one property only, as in the go command: whether an error
// "is not-exist" (go's errors.Is(err, fs.ErrNotExist)): an HTTP 404 or 410, a missing
// file of a file:// proxy, or a lookup disabled by the settings (go's notExistError).

import { errorChain, findError } from "../errors/chain.js";
import { ModuleError } from "../module/errors.js";

/** The kind of failure, for messages, hints and the --json report. */
export type FetchErrorClass =
  | "not-found" | "disabled" | "dns" | "refused" | "timeout" | "tls" | "auth" | "server" | "http"
  | "network" | "proxy-auth" | "proxy" | "checksum" | "zip" | "invalid" | "direct-unsupported"
  /** Offline mode (createFetcher({ offline: true })) needed something the module cache does not hold. */
  | "offline";

export interface FetchErrorOptions {
  /** The URL asked for, credentials redacted. */
  url?: string;
  hint?: string;
  cause?: unknown;
}

/**
 * FetchError is the base of every fetching failure. Used as it is, it is a failure of no
 * more specific kind: a bad GOPROXY or GOSUMDB setting or proxy answer ("invalid"), a
 * response over a size limit ("http"), a file:// proxy's unreadable file. The classes
 * "not-found" and "disabled" belong to the not-exist kinds only (HTTPError for 404 and
 * 410, NotExistError), so that a class never says "not found" where isNotExist says no.
 */
export class FetchError extends Error {
  readonly url?: string;
  readonly hint?: string;
  /** How many times the request was sent before it failed, when it was retried or timed out (see afterAttempts). */
  attempts?: number;
  /**
   * A hint that outranks every other in the chain: the failure came from where the
   * settings sent the request (privateDirectHint), set by the GOPROXY chain (chain.ts).
   */
  routingHint?: string;

  constructor(message: string, readonly errorClass: FetchErrorClass, options: FetchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (new.target === FetchError && (errorClass === "not-found" || errorClass === "disabled")) {
      throw new TypeError(`a FetchError of class ${errorClass} is a NotExistError`);
    }
    this.name = "FetchError";
    this.url = options.url;
    this.hint = options.hint;
  }

  /**
   * isNotExist is go's Is(fs.ErrNotExist) for this error and what it wraps: a fetch error
   * answers for its cause too (the go command formats the causes of its fetch errors with
   * %v, which hides them from errors.Is).
   */
  isNotExist(): boolean {
    return false;
  }
}

/** HTTPError is a response other than 200: "reading URL: 404 Not Found" (and the server's text/plain reason). */
export class HTTPError extends FetchError {
  /** errorClass overrides the class of the status: "proxy-auth" or "proxy" for the HTTP proxy's own answer. */
  constructor(message: string, readonly status: number, url: string, hint?: string, errorClass: FetchErrorClass = classForStatus(status)) {
    super(message, errorClass, { url, hint });
    this.name = "HTTPError";
  }

  /** The whole body of the answer, when the request asked for it (HttpClient.getPage). */
  page?: Buffer;

  /** A 404 or 410 means not found, as the go command's web.HTTPError says. */
  override isNotExist(): boolean {
    return this.status === 404 || this.status === 410;
  }
}

function classForStatus(status: number): FetchErrorClass {
  if (status === 404 || status === 410) return "not-found";
  if (status === 401 || status === 403) return "auth";
  if (status >= 500) return "server";
  return "http";
}

/** The classes of a request that got no response. */
export type TransportClass = "dns" | "refused" | "timeout" | "tls" | "network" | "proxy-auth" | "proxy";

/** TransportError is a request that got no response: `Get "URL": dial tcp ...: connection refused`. */
export class TransportError extends FetchError {
  constructor(
    readonly reason: string,
    errorClass: TransportClass,
    url: string,
    /** The Node.js or undici error code ("ECONNREFUSED"), "" when there was none. */
    readonly code: string,
    /** What failed, as Go's url.Error names it: "Get" (the request), or "read" (the body after a response). */
    options: { hint?: string; cause?: unknown; proxyStatus?: number; op?: "Get" | "read" } = {},
  ) {
    super(`${options.op ?? "Get"} "${url}": ${reason}`, errorClass, { url, hint: options.hint, cause: options.cause });
    this.name = "TransportError";
    this.proxyStatus = options.proxyStatus;
    this.op = options.op ?? "Get";
  }

  /** What failed: "Get" (the request) or "read" (the body after a response). */
  readonly op: "Get" | "read";

  /** The status with which the HTTP proxy (HTTPS_PROXY, HTTP_PROXY) refused the tunnel, when it did. */
  readonly proxyStatus?: number;
}

/**
 * NotExistError is go's notExistError: "not found" with words of its own ("module lookup
 * disabled by GOPROXY=off", a missing file of a file:// proxy, "no commits").
 */
export class NotExistError extends FetchError {
  constructor(message: string, errorClass: "not-found" | "disabled" = "not-found", options: FetchErrorOptions = {}) {
    super(message, errorClass, options);
    this.name = "NotExistError";
  }

  override isNotExist(): boolean {
    return true;
  }
}

/** OfflineError: offline mode needed something the module cache (or checksum database cache) does not hold. */
export class OfflineError extends FetchError {
  /** The module and version concerned ("" when not known). */
  readonly module: string;
  readonly version: string;
  /** The checksum database cache file that is missing, when that is what is missing. */
  readonly missing: string;

  constructor(message: string, fields: FetchErrorOptions & { module?: string; version?: string; missing?: string } = {}) {
    super(message, "offline", fields);
    this.name = "OfflineError";
    this.module = fields.module ?? "";
    this.version = fields.version ?? "";
    this.missing = fields.missing ?? "";
  }
}

/**
 * What went wrong verifying a checksum: a download that does not match go.sum ("go.sum")
 * or the checksum database ("sumdb"), a database answer without the module ("missing"),
 * no database to ask ("unavailable"), the database could not be asked ("lookup"), a signed
 * tree that cannot be read ("tree"), or the database proven to misbehave: two signed trees
 * where one is not a prefix of the other ("fork", go's "SECURITY ERROR ... misbehavior").
 */
export type ChecksumProblem = "go.sum" | "sumdb" | "missing" | "unavailable" | "lookup" | "tree" | "fork";

/**
 * ChecksumError is every checksum failure. Its class is "checksum", except for a failed
 * lookup, which takes the class (and hint) of the failure that caused it.
 */
export class ChecksumError extends FetchError {
  constructor(
    readonly problem: ChecksumProblem,
    message: string,
    /** The module and the version verified ("v1.2.3" for the zip, "v1.2.3/go.mod"); "" for the database's own tree. */
    readonly module: string,
    readonly version: string,
    options: { hint?: string; cause?: unknown } = {},
  ) {
    super(message, lookupFailure(problem, options.cause)?.errorClass ?? "checksum", {
      ...options, hint: options.hint ?? lookupFailure(problem, options.cause)?.hint,
    });
    this.name = "ChecksumError";
  }
}

function lookupFailure(problem: ChecksumProblem, cause: unknown): FetchError | null {
  return problem === "lookup" ? findFetchError(cause) : null;
}

/**
 * FatalVerifyError is a verification failure that ends the go command at once (its
 * base.Fatalf in checkMod): a module already in the module cache whose .ziphash go.sum
 * or the checksum database contradicts, or whose .ziphash cannot be used. It is printed
 * as it is, without "go: " and without the import stack that led to the module; its
 * class and hint are those of what it wraps.
 */
export class FatalVerifyError extends FetchError {
  constructor(message: string, cause?: unknown) {
    const inner = findFetchError(cause);
    super(message, inner?.errorClass ?? "checksum", { cause, hint: inner?.hint });
    this.name = "FatalVerifyError";
  }
}

/**
 * fatalError is the failure within e that ends a run at once, as the go command's
 * base.Fatalf does: a FatalVerifyError, or a download that go.sum contradicts (always
 * fatal in the go command, wherever it is found); null when there is none.
 */
export function fatalError(e: unknown): FetchError | null {
  return findError(e, FatalVerifyError) ?? findError(e, ChecksumError, (c) => c.problem === "go.sum");
}

/** ZipError: a module zip that cannot be read or breaks the module zip rules. */
export class ZipError extends FetchError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, "zip", options);
    this.name = "ZipError";
  }
}

/** DirectUnsupportedError: the GOPROXY list reached "direct", which gotidy-ts does not implement. */
export class DirectUnsupportedError extends FetchError {
  constructor(readonly module: string, hint: string) {
    super("fetching directly from version control is not supported by gotidy-ts", "direct-unsupported", { hint });
    this.name = "DirectUnsupportedError";
  }
}

/**
 * ProxyLookupError is a module lookup that no proxy of the GOPROXY list could answer
 * because none has the module: a ModuleError (the same message) that names the proxies
 * asked, for the hint; publicOnly when every one is a public proxy (proxy.golang.org),
 * which serves public modules only, so that a private path sent there needs GOPRIVATE.
 */
export class ProxyLookupError extends ModuleError {
  constructor(from: ModuleError, readonly proxies: readonly string[], readonly publicOnly = false) {
    super(from.path, from.version, from.cause);
    this.name = "ProxyLookupError";
  }

  get hint(): string {
    if (this.publicOnly) {
      const first = this.path.split("/")[0];
      return `not found on the public ${this.proxies.length === 1 ? "proxy" : "proxies"} in GOPROXY (${this.proxies.join(", ")}), which ` +
        `serve${this.proxies.length === 1 ? "s" : ""} public modules only: if ${this.path} is private, set GOPRIVATE=${first} so that it is fetched from its origin ` +
        "(or from a private proxy put first in GOPROXY) and kept from the checksum database";
    }
    return `not found on ${this.proxies.length === 1 ? "the proxy" : "any of the proxies"} in GOPROXY (${this.proxies.join(", ")}); ` +
      "check the module path and version, and for a private module set GOPRIVATE and a proxy that serves it";
  }
}

/**
 * privateDirectHint is the hint for a private module that GONOPROXY sent past the private
 * proxy first in GOPROXY only because GONOPROXY defaults to GOPRIVATE: GONOPROXY=none
 * sends such modules to that proxy (GONOSUMDB, defaulting to GOPRIVATE too, still keeps
 * them from the checksum database).
 */
export function privateDirectHint(path: string, proxy: string): string {
  return `${path} matches GOPRIVATE, and GONOPROXY (unset) defaults to GOPRIVATE, so it was fetched directly instead of from ${proxy}: ` +
    "if that private proxy serves it, set GONOPROXY=none (GOPRIVATE still keeps it from the checksum database)";
}

/**
 * isNotExist reports whether an error means "not found" (go's errors.Is(err,
 * fs.ErrNotExist)): what lets a "," GOPROXY list fall through, and what makes a missing
 * import "cannot find module". The walk passes through wrappers that unwrap in go
 * (ModuleError, InvalidVersionError, a missing import's query error); a FetchError
 * answers for itself.
 */
export function isNotExist(err: unknown): boolean {
  for (const e of errorChain(err, (x) => !(x instanceof FetchError))) {
    if (e instanceof FetchError && e.isNotExist()) return true;
  }
  return false;
}

/**
 * offlineError is the error of offline mode for path@version (version "" for the module as
 * a whole): "example.com/a@v1.2.0: offline: go.mod not in the module cache", a ModuleError
 * whose cause is an OfflineError. It is not not-exist, so no GOPROXY fallback or
 * module-path search continues past it.
 */
export function offlineError(path: string, version: string, what: string, hint?: string): ModuleError {
  return new ModuleError(path, version, new OfflineError(`offline: ${what}`, {
    module: path, version,
    hint: hint ?? `run once online (gotidy-ts, or go mod download ${version ? `${path}@${version}` : path}) to fill the module cache`,
  }));
}

/** isOffline reports whether an error is, or wraps, offline mode's "needs the network". */
export function isOffline(err: unknown): boolean {
  return findError(err, OfflineError) !== null;
}

/**
 * findFetchError returns the first FetchError (matching, if given, a condition) in an
 * error's chain (src/errors/chain.ts: the cause, and the list of a multi-error).
 */
export function findFetchError(e: unknown, matches: (err: FetchError) => boolean = () => true): FetchError | null {
  return findError(e, FetchError, matches);
}

/**
 * fetchHint is the hint for people an error's chain carries: a fetch error's routingHint
 * (the GOPROXY routing was the cause), else the first fetch error's hint, else the
 * proxies a failed lookup asked.
 */
export function fetchHint(e: unknown): string | undefined {
  const routed = findFetchError(e, (f) => f.routingHint !== undefined);
  if (routed) return routed.routingHint;
  const first = findFetchError(e);
  if (!first || first.hint) return first?.hint;
  return findError(e, ProxyLookupError, (p) => findFetchError(p) === first)?.hint;
}
