// The GOPROXY list as one Repo: each call goes to the list's entries in turn, through the
// Repo a RepoLookup gives for each, under the go command's fallback rules (proxy-list.ts
// tryEntries). A bad GOPROXY fails every call, naming the module, as go reports it for
// each module asked for.

import { FetchError, fetchHint, findFetchError, isNotExist, privateDirectHint, ProxyLookupError } from "./errors.js";
import { matchPrefixPatterns } from "./glob.js";
import { ModuleError } from "../module/errors.js";
import { lookupRepo, reachesDirect, RepoLookup } from "./lookup.js";
import { describeEntry, privateProxyFirst, ProxyEntry, publicProxyHosts, RoutingSettings, tryEntries } from "./proxy-list.js";
import { moduleFetchError, Repo, RevInfo, Versions, ZipDestination } from "./repo.js";

/** The GOPROXY list, parsed, or why it could not be. */
export type ProxyList = { entries: ProxyEntry[]; error?: undefined } | { entries?: undefined; error: FetchError };

/** ProxyChainRepo is the Repo of one module path through the GOPROXY list. */
export class ProxyChainRepo implements Repo {
  /** The Repo of each entry, made when the entry is first reached. */
  private readonly repos: (Repo | undefined)[] = [];

  constructor(
    readonly modulePath: string,
    private readonly list: ProxyList,
    private readonly lookup: RepoLookup,
    private readonly settings: RoutingSettings,
  ) {}

  private repoAt(entry: ProxyEntry, index: number): Repo {
    return (this.repos[index] ??= lookupRepo(this.lookup, entry, this.modulePath, this.settings));
  }

  /** run calls fn on the entries' Repos in turn; version is the one errors of the list itself name. */
  private async run<T>(version: string, fn: (repo: Repo) => Promise<T>): Promise<T> {
    const { entries, error } = this.list;
    if (error) throw moduleFetchError(this.modulePath, version, error);
    try {
      return await tryEntries(entries, (entry, index) => fn(this.repoAt(entry, index)),
        (entry) => reachesDirect(entry, this.modulePath, this.settings));
    } catch (err) {
      this.notePrivateProxy(err);
      throw this.withTriedProxies(entries, err);
    }
  }

  /**
   * notePrivateProxy gives the failure of a path that GONOPROXY, defaulting to GOPRIVATE,
   * sent directly while a private proxy comes first in GOPROXY the hint GONOPROXY=none
   * (the failure's message stays the go command's).
   */
  private notePrivateProxy(err: unknown): void {
    const s = this.settings;
    if (!s.gonoproxyFromGOPRIVATE || !matchPrefixPatterns(s.GONOPROXY, this.modulePath)) return;
    const proxy = privateProxyFirst(s.GOPROXY);
    const failure = findFetchError(err);
    if (proxy && failure) failure.routingHint = privateDirectHint(this.modulePath, proxy);
  }

  /**
   * withTriedProxies turns a lookup that found the module nowhere (and has no hint of its
   * own) into a ProxyLookupError naming every proxy that was asked.
   */
  private withTriedProxies(entries: ProxyEntry[], err: unknown): unknown {
    if (!(err instanceof ModuleError) || !isNotExist(err) || fetchHint(err)) return err;
    const urls = entries.filter((e) => e.kind === "url");
    const asked = urls.map(describeEntry);
    if (asked.length === 0) return err;
    const publicOnly = urls.every((e) => e.kind === "url" && publicProxyHosts.includes(new URL(e.url).hostname));
    return new ProxyLookupError(err, asked, publicOnly);
  }

  versions(prefix: string): Promise<Versions> {
    return this.run("", (r) => r.versions(prefix));
  }

  stat(rev: string): Promise<RevInfo> {
    return this.run(rev, (r) => r.stat(rev));
  }

  latest(): Promise<RevInfo> {
    return this.run("", (r) => r.latest());
  }

  goMod(version: string): Promise<Buffer> {
    return this.run(version, (r) => r.goMod(version));
  }

  /** zip writes the first zip an entry delivers; what a failed entry wrote is discarded before the next is asked. */
  zip(dst: ZipDestination, version: string): Promise<void> {
    let tried = false;
    return this.run(version, async (r) => {
      if (tried) await dst.truncate();
      tried = true;
      return r.zip(dst, version);
    });
  }
}
