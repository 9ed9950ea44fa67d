// Fetching modules as the go command does, assembled from the go command's settings.

import { join } from "node:path";
import { ModuleCache } from "./cache.js";
import { Fetcher } from "./fetcher.js";
import { HttpClient, HttpOptions } from "./http.js";
import type { RepoLookup } from "./lookup.js";
import { GoAuth } from "./goauth.js";
import type { FetchObserver } from "./observer.js";
import { parseProxyList } from "./proxy-list.js";
import type { GoSettings } from "../settings/resolve.js";
import type { Environment } from "../settings/environment.js";
import { tidyGoFlags } from "../settings/goflags.js";
import { SumDB } from "./sumdb/client.js";
import type { ChecksumDatabase } from "./verify.js";
import { Verifier } from "./verify.js";
import { directSettings } from "./vcs/settings.js";
import type { GoSum } from "../modfile/gosum.js";

export interface CreateFetcherOptions {
  /** The go command's settings (see src/settings): the proxies, checksum database, module cache, credentials and TLS files. */
  settings: GoSettings;
  /** The main module's go.sum, if any. */
  goSum?: GoSum | null;
  /** Progress lines ("go: downloading ..."). */
  log?: (line: string) => void;
  /** Trace lines (-x). */
  trace?: (line: string) => void;
  /** Warnings (unknown hash algorithms in go.sum, misspelled settings). */
  warn?: (line: string) => void;
  http?: Pick<HttpOptions, "dispatcher" | "timeoutMs" | "retries" | "backoffMs" | "lookup">;
  /** Leave extracted modules writable (-modcacherw). */
  modcacherw?: boolean;
  /**
   * Offline mode: no network request at all (file:// proxies are not read either). Only the
   * module cache ($GOMODCACHE: cache/download and the extracted trees), go.sum and the
   * checksum database cache ($GOMODCACHE/cache/download/sumdb, $GOPATH/pkg/sumdb) are used;
   * what they cannot answer (a version list, @latest, a version query, a missing .info,
   * .mod or zip, a checksum neither go.sum nor the database cache holds) throws an
   * OfflineError (not "not-exist": no fallback continues past it).
   */
  offline?: boolean;
  /** Told of every HTTP request, of download progress, and of each module file resolved. */
  observer?: FetchObserver;
  /**
   * The Repo implementations for GOPROXY's proxy URLs and "direct", in place of gotidy-ts's
   * own; the module cache, offline mode and verification stay in front of them.
   */
  repos?: Partial<RepoLookup>;
  /**
   * The environment version control commands (git) run with, as the go command runs them
   * with its own: git's configuration, credential helpers and SSH setup come from it.
   * Without it, "direct" answers that gotidy-ts does not fetch from version control.
   */
  commandEnv?: Environment;
}

/** createFetcher builds a Fetcher (and its verifier) from the go command's settings. */
export function createFetcher(options: CreateFetcherOptions): { fetcher: Fetcher; verifier: Verifier; settings: GoSettings } {
  const settings = options.settings;
  const s = settings.values;
  for (const w of settings.warnings) options.warn?.(`gotidy-ts: warning: ${w}`);
  const writable = options.modcacherw ?? goflagsModcacherw(settings);
  // GOAUTH's git entry checks the credentials it gets with a HEAD request of the HTTP client below.
  const check = (url: string, headers: Record<string, string>): Promise<number> => http.head(url, headers, 5_000);
  const goauth = new GoAuth({ goauth: s.GOAUTH, netrc: s.NETRC, env: options.commandEnv ?? {}, trace: options.trace, check });
  const offline = options.offline ?? false;
  const observer = options.observer;
  // The HTTP client reads the proxy and TLS variables as resolved in the settings.
  const http: HttpClient = new HttpClient({ ...options.http, goauth, trace: options.trace, env: s, offline, observer });
  const cache = new ModuleCache(s.GOMODCACHE, { writable });
  let sumdb: ChecksumDatabase | null = null;
  if (s.GOSUMDB !== "off") {
    const gopath = s.GOPATH.split(":").find((p) => p !== "") ?? "";
    sumdb = lazySumDB(() => new SumDB({
      GOSUMDB: s.GOSUMDB || "sum.golang.org",
      proxies: safeProxyList(s.GOPROXY, s.GONOPROXY),
      http,
      cacheDir: join(s.GOMODCACHE, "cache", "download", "sumdb"),
      configDir: join(gopath, "pkg", "sumdb"),
      offline,
      observer,
    }));
  }
  const verifier = new Verifier(options.goSum ?? null, {
    GOSUMDB: s.GOSUMDB || "sum.golang.org", GONOSUMDB: s.GONOSUMDB, GOPRIVATE: s.GOPRIVATE, gonosumdbSet: settings.sources.GONOSUMDB !== "default", sumdb, warn: options.warn,
  });
  const fetcher = new Fetcher({
    cache, http, verifier, settings: { GOPROXY: s.GOPROXY, GONOPROXY: s.GONOPROXY, gonoproxyFromGOPRIVATE: settings.sources.GONOPROXY === "default" && s.GOPRIVATE !== "" }, repos: options.repos,
    direct: options.commandEnv ? { settings: directSettings(settings), env: options.commandEnv, trace: options.trace } : undefined,
    log: options.log, trace: options.trace, offline, observer,
  });
  return { fetcher, verifier, settings };
}

/**
 * lazySumDB is the checksum database client made on first use: as the go command, a
 * GOSUMDB that cannot be parsed is an error only when a checksum go.sum lacks must be
 * looked up (the error of that lookup), and a run whose go.sum holds every hash it needs
 * never reads GOSUMDB.
 */
function lazySumDB(create: () => SumDB): ChecksumDatabase {
  let db: SumDB | null = null;
  const get = () => (db ??= create());
  return {
    get name() {
      return get().name;
    },
    lookup: async (path, version) => get().lookup(path, version),
  };
}

/** goflagsModcacherw: -modcacherw from GOFLAGS (a GOFLAGS the command refuses is reported there, not here). */
function goflagsModcacherw(settings: GoSettings): boolean {
  try {
    return tidyGoFlags(settings).modcacherw ?? false;
  } catch {
    return false;
  }
}

function safeProxyList(goproxy: string, gonoproxy: string) {
  try {
    return parseProxyList(goproxy, gonoproxy);
  } catch {
    return []; // the Fetcher reports a bad GOPROXY itself
  }
}

export { Fetcher } from "./fetcher.js";
export type { Repo, RevInfo, Versions, ZipDestination } from "./repo.js";
export { ErrorRepo } from "./repo.js";
export type { RepoLookup } from "./lookup.js";
export {
  FetchError, HTTPError, TransportError, NotExistError, OfflineError, ChecksumError, FatalVerifyError, ZipError, DirectUnsupportedError,
  ProxyLookupError, privateDirectHint, isNotExist, isOffline, findFetchError, fetchHint,
} from "./errors.js";
export type { FetchObserver, FetchRequestEvent, FetchProgressEvent, FetchDownloadEvent, FetchFileKind } from "./observer.js";
export type { FetchErrorClass, ChecksumProblem, TransportClass } from "./errors.js";
export { ModuleCache } from "./cache.js";
export { HttpClient } from "./http.js";
export { Verifier } from "./verify.js";
export type { ChecksumDatabase } from "./verify.js";
export { SumDB } from "./sumdb/client.js";
export { matchPrefixPatterns } from "./glob.js";
export { parseProxyList } from "./proxy-list.js";
export type { ProxyEntry } from "./proxy-list.js";
export { parseNetrc, Credentials } from "./netrc.js";
export { extraCACoverage } from "./trust.js";
export type { ExtraCACoverage } from "./trust.js";
