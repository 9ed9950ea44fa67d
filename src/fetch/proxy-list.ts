// The GOPROXY list: entries separated by "," (fall through to the next entry only when
// the module or version is not found) or "|" (fall through on any error), with the
// special entries "off" and "direct" ending the list. With GONOPROXY set (and GOPROXY
// not exactly "direct"), an implicit first entry sends matching modules directly.

import { DirectUnsupportedError, FetchError, isNotExist, NotExistError } from "./errors.js";
import { matchPrefixPatterns } from "./glob.js";

export type ProxyEntry =
  | { kind: "url"; url: string; fallBackOnError: boolean }
  | { kind: "off" }
  | { kind: "direct" }
  | { kind: "noproxy" };

/**
 * redactURL is a URL as it may be shown: a user name and a password each become "xxxxx"
 * (the go command hides only the password, but a token often stands in the user name).
 * Text that does not parse as a URL loses anything between "//" and an "@".
 */
export function redactURL(u: string): string {
  try {
    const parsed = new URL(u);
    if (!parsed.username && !parsed.password) return u;
    if (parsed.username) parsed.username = "xxxxx";
    if (parsed.password) parsed.password = "xxxxx";
    return parsed.href.replace(/\/$/, u.endsWith("/") ? "/" : "");
  } catch {
    return u.replace(/^([^/]*\/\/)[^/@]*@/, "$1xxxxx@");
  }
}

function isAbsolutePath(p: string): boolean {
  return p.startsWith("/") || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith("\\\\");
}

function checkProxyURL(url: string): void {
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase() ?? "";
  switch (scheme) {
    case "http":
    case "https":
      return;
    case "file": {
      const rest = url.slice("file:".length);
      // Only a path: file:///abs/dir (no host, user, query or fragment).
      if (!rest.startsWith("///") && rest.startsWith("//")) {
        throw new FetchError(`invalid file:// proxy URL with non-path elements: ${redactURL(url)}`, "invalid");
      }
      if (/[?#]/.test(rest)) throw new FetchError(`invalid file:// proxy URL with non-path elements: ${redactURL(url)}`, "invalid");
      return;
    }
    case "":
      throw new FetchError(`invalid proxy URL missing scheme: ${redactURL(url)}`, "invalid");
    default:
      throw new FetchError(`invalid proxy URL scheme (must be https, http, file): ${redactURL(url)}`, "invalid");
  }
}

/** parseProxyList reads GOPROXY (and whether GONOPROXY adds the implicit first entry). */
export function parseProxyList(goproxy: string, gonoproxy: string): ProxyEntry[] {
  const list: ProxyEntry[] = [];
  if (gonoproxy !== "" && goproxy !== "direct") list.push({ kind: "noproxy" });
  let rest = goproxy;
  while (rest !== "") {
    const i = rest.search(/[,|]/);
    let url: string;
    let fallBackOnError = false;
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === "|";
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = "";
    }
    url = url.trim();
    if (url === "") continue;
    if (url === "off") {
      list.push({ kind: "off" });
      break;
    }
    if (url === "direct") {
      list.push({ kind: "direct" });
      break;
    }
    if (/[.:/]/.test(url) && !url.includes(":/") && !isAbsolutePath(url)) url = "https://" + url;
    checkProxyURL(url);
    list.push({ kind: "url", url, fallBackOnError });
  }
  if (list.length === 0 || (list.length === 1 && list[0].kind === "noproxy")) {
    throw new FetchError("GOPROXY list is not the empty string, but contains no entries", "invalid");
  }
  return list;
}

/** describeEntry names an entry as users wrote it. */
export function describeEntry(e: ProxyEntry): string {
  return e.kind === "url" ? redactURL(e.url) : e.kind;
}

export interface RoutingSettings {
  GOPROXY: string;
  GONOPROXY: string;
  /** GONOPROXY is not set and takes GOPRIVATE's value, as it does by default. */
  gonoproxyFromGOPRIVATE?: boolean;
}

/** The public module proxies: a private module is never served by them. */
export const publicProxyHosts: readonly string[] = ["proxy.golang.org", "goproxy.io", "goproxy.cn"];

/**
 * privateProxyFirst is the first GOPROXY entry when it is a proxy URL other than a public
 * proxy (a private proxy such as Athens), else undefined.
 */
export function privateProxyFirst(goproxy: string): string | undefined {
  let first: ProxyEntry | undefined;
  try {
    first = parseProxyList(goproxy, "")[0];
  } catch {
    return undefined;
  }
  if (first?.kind !== "url") return undefined;
  try {
    return publicProxyHosts.includes(new URL(first.url).hostname) ? undefined : first.url;
  } catch {
    return undefined;
  }
}

// The answers of the special entries, all not-exist (go's notExistError values).

/** proxyOffError is the answer of "off". */
export const proxyOffError = () => new NotExistError(`module lookup disabled by GOPROXY=off`, "disabled", {
  hint: "GOPROXY=off forbids downloads; set GOPROXY to a module proxy, or fill the module cache first.",
});
/** A proxy entry's answer for a path GONOPROXY sends directly. */
export const noProxyError = () => new NotExistError("disabled by GOPRIVATE/GONOPROXY", "disabled");
/** The implicit noproxy entry's answer for paths GONOPROXY does not match: try the next entry. */
const useProxy = new NotExistError("path does not match GOPRIVATE/GONOPROXY", "disabled");
/** useProxyError is the implicit noproxy entry's answer for paths GONOPROXY does not match. */
export const useProxyError = () => useProxy;

/**
 * entryError returns the error a special entry gives for a path without contacting
 * anything, or null when the entry is a proxy to ask (the checksum database's proxy
 * lookups; module lookups map entries to repositories in lookup.ts).
 */
export function entryError(entry: ProxyEntry, path: string, settings: RoutingSettings): FetchError | null {
  if (matchPrefixPatterns(settings.GONOPROXY, path)) {
    if (entry.kind === "noproxy" || entry.kind === "direct") return directUnsupported(path, settings);
    return noProxyError();
  }
  switch (entry.kind) {
    case "off":
      return proxyOffError();
    case "direct":
      return directUnsupported(path, settings);
    case "noproxy":
      return useProxy;
    default:
      return null;
  }
}

/**
 * directUnsupported is the answer of "direct" (and of GONOPROXY's implicit entry for the
 * paths it matches): gotidy-ts does not fetch from version control.
 */
export function directUnsupported(path: string, settings: RoutingSettings): DirectUnsupportedError {
  const viaPrivate = matchPrefixPatterns(settings.GONOPROXY, path);
  return new DirectUnsupportedError(path, viaPrivate
    ? `${path} matches GOPRIVATE/GONOPROXY (${settings.GONOPROXY}), so it would be fetched from its repository; ` +
      "serve it from a module proxy (a GOPROXY entry such as https://proxy.example.com or file:///path) " +
      "and remove it from GONOPROXY, or run `go mod download` once to fill the module cache."
    : `GOPROXY (${settings.GOPROXY}) reached "direct" for ${path}; put a module proxy that serves it before "direct", ` +
      "or run `go mod download` once to fill the module cache.");
}

/**
 * tryEntries calls attempt with each entry in turn until one succeeds, following the go
 * command's fallback rules: after an entry ended by "," only a not-found error moves on,
 * after one ended by "|" any error does. When none succeeds it throws the error the go
 * command reports: the last one from a direct lookup (fromDirect), else the last one that
 * was not "not found", else the last "not found".
 */
export async function tryEntries<T>(
  entries: ProxyEntry[],
  attempt: (entry: ProxyEntry, index: number) => Promise<T>,
  fromDirect: (entry: ProxyEntry, err: unknown) => boolean,
): Promise<T> {
  let best: unknown = null;
  let bestRank = 0; // 0: not found, 1: proxy error, 2: direct error
  for (const [index, entry] of entries.entries()) {
    let err: unknown;
    try {
      return await attempt(entry, index);
    } catch (e) {
      err = e;
    }
    const notFound = isNotExist(err);
    if (fromDirect(entry, err)) {
      best = err;
      bestRank = 2;
    } else if (bestRank <= 1 && !notFound) {
      best = err;
      bestRank = 1;
    } else if (bestRank === 0) {
      best = err;
    }
    const fallBackOnError = entry.kind === "url" && entry.fallBackOnError;
    if (!fallBackOnError && !notFound) break;
  }
  throw best;
}

/**
 * tryProxies calls fetch with the URL of each proxy entry in turn, answering special
 * entries with entryError, under tryEntries' rules.
 */
export function tryProxies<T>(
  entries: ProxyEntry[],
  path: string,
  settings: RoutingSettings,
  fetch: (proxyURL: string, entry: ProxyEntry) => Promise<T>,
): Promise<T> {
  return tryEntries(entries, async (entry) => {
    const special = entryError(entry, path, settings);
    if (special) throw special;
    return fetch((entry as { url: string }).url, entry);
  }, (entry, err) => entry.kind === "direct" || (entry.kind === "noproxy" && err !== useProxy));
}
