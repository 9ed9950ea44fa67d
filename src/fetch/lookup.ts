// Which Repo answers a GOPROXY entry for a module path (the go command's lookup). Proxy
// URLs and "direct" are answered by the implementations of a RepoLookup; "off", and the
// entries GONOPROXY takes a path away from or does not give it to, by an ErrorRepo with
// the go command's not-found error, so that the list moves on or stops as go's does.

import { HttpClient } from "./http.js";
import { FetchObserver } from "./observer.js";
import { directUnsupported, noProxyError, ProxyEntry, proxyOffError, RoutingSettings, useProxyError } from "./proxy-list.js";
import { ProxyRepo } from "./proxy.js";
import { ErrorRepo, Repo } from "./repo.js";
import { matchPrefixPatterns } from "./glob.js";
import { DirectRepo, DirectSettings } from "./vcs/direct.js";
import type { GitRepo } from "./vcs/git.js";

/** RepoLookup makes the Repo of a module path for the GOPROXY entries that reach a source. */
export interface RepoLookup {
  /** proxy returns the Repo of path at the module proxy baseURL (https, http or file). */
  proxy(baseURL: string, path: string): Repo;
  /** direct returns the Repo of path fetched from its origin ("direct", and GONOPROXY's paths). */
  direct(path: string): Repo;
}

export interface RepoLookupDeps {
  http: HttpClient;
  settings: RoutingSettings;
  observer?: FetchObserver;
  /** Fetching from version control: without it, "direct" answers that gotidy-ts does not. */
  direct?: { settings: DirectSettings; env: NodeJS.ProcessEnv; trace?: (line: string) => void };
}

/**
 * defaultRepoLookup is gotidy-ts's own lookup: proxies through HttpClient, and "direct"
 * through git (vcs/direct.ts) when deps.direct is given, else answered with the error
 * that gotidy-ts does not fetch from version control.
 */
export function defaultRepoLookup(deps: RepoLookupDeps): RepoLookup {
  const proxy = (baseURL: string, path: string) => new ProxyRepo(deps.http, baseURL, path, deps.observer);
  const direct = deps.direct;
  const clones = new Map<string, Promise<GitRepo>>();
  return {
    proxy,
    direct: direct
      ? (path) => new DirectRepo(path, { ...direct, http: deps.http, proxy, clones })
      : (path) => new ErrorRepo(path, directUnsupported(path, deps.settings)),
  };
}

/** lookupRepo returns the Repo that answers entry for path. */
export function lookupRepo(lookup: RepoLookup, entry: ProxyEntry, path: string, settings: RoutingSettings): Repo {
  if (matchPrefixPatterns(settings.GONOPROXY, path)) {
    return entry.kind === "noproxy" || entry.kind === "direct" ? lookup.direct(path) : new ErrorRepo(path, noProxyError());
  }
  switch (entry.kind) {
    case "off":
      return new ErrorRepo(path, proxyOffError());
    case "direct":
      return lookup.direct(path);
    case "noproxy":
      return new ErrorRepo(path, useProxyError());
    case "url":
      return lookup.proxy(entry.url, path);
  }
}

/** reachesDirect reports whether entry sends path to its origin (whose errors outrank a proxy's). */
export function reachesDirect(entry: ProxyEntry, path: string, settings: RoutingSettings): boolean {
  return entry.kind === "direct" || (entry.kind === "noproxy" && matchPrefixPatterns(settings.GONOPROXY, path));
}
