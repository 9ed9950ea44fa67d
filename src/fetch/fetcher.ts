// The Fetcher: module metadata, go.mod files and module trees, from the module cache when
// they are there and through the GOPROXY list when not, every download verified before it
// is kept. The only part of gotidy-ts that talks to the network.

import { readFileSync, renameSync, statSync } from "node:fs";
import { FetchError, offlineError } from "./errors.js";
import { HttpClient } from "./http.js";
import { ModuleCache } from "./cache.js";
import { withLock } from "./lock.js";
import { FetchDownloadEvent, FetchObserver, notify } from "./observer.js";
import { describeEntry, parseProxyList, ProxyEntry, RoutingSettings, tryProxies } from "./proxy-list.js";
import { moduleFetchError, ProxyRepo, RevInfo } from "./proxy.js";
import { Verifier } from "./verify.js";
import { checkModuleZip, extractModuleZip, zipEntryNames } from "./zipfile.js";
import { hashGoMod, hashZip } from "../modfile/hash.js";
import { canonicalVersion } from "../module/path.js";
import { isPseudoVersion, pseudoVersionTime } from "../module/pseudo.js";
import { isValid as isValidSemver } from "../module/semver.js";

export interface FetcherOptions {
  cache: ModuleCache;
  http: HttpClient;
  verifier: Verifier;
  settings: RoutingSettings;
  /** Progress lines the go command prints on stderr ("go: downloading example.com/m v1.2.3"). */
  log?: (line: string) => void;
  /** Trace lines (-x): requests and cache hits. */
  trace?: (line: string) => void;
  /**
   * Offline mode: serve only what the module cache holds; anything else throws a
   * FetchError of class "offline" without contacting any proxy (file:// ones included).
   */
  offline?: boolean;
  /** Told of download progress (through the proxies) and of each module file resolved. */
  observer?: FetchObserver;
}

/** The hint of offline errors that no module cache content can answer (version lists and queries). */
const offlineQueryHint = "offline, versions cannot be listed or resolved (the go command does not answer this from the module cache either): " +
  "run online, or require an exact version that is in the module cache";

export class Fetcher {
  private readonly proxies: ProxyEntry[] = [];
  /** A bad GOPROXY is reported for each module asked for, as the go command does. */
  private readonly proxyListError: FetchError | null = null;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: FetcherOptions) {
    try {
      this.proxies = parseProxyList(options.settings.GOPROXY, options.settings.GONOPROXY);
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      this.proxyListError = err;
    }
  }

  get cache(): ModuleCache {
    return this.options.cache;
  }

  /** once runs fn once per key at a time; concurrent callers share the result. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /**
   * repos runs fn against the proxies of the GOPROXY list in turn. Errors that come from
   * the settings rather than a proxy (GOPROXY=off, a bad GOPROXY) are wrapped with the
   * module and version, as the proxies' own errors are.
   */
  private async repos<T>(path: string, version: string, fn: (repo: ProxyRepo) => Promise<T>): Promise<T> {
    if (this.proxyListError) throw moduleFetchError(path, version, this.proxyListError);
    const fromProxy = new WeakSet<object>();
    try {
      return await tryProxies(this.proxies, path, this.options.settings, async (url) => {
        try {
          return await fn(new ProxyRepo(this.options.http, url, path, this.options.observer));
        } catch (err) {
          if (err && typeof err === "object") fromProxy.add(err);
          throw err;
        }
      });
    } catch (err) {
      const wrapped = err && typeof err === "object" && fromProxy.has(err) ? err : moduleFetchError(path, version, err);
      throw this.withTriedProxies(wrapped);
    }
  }

  /** withTriedProxies adds, to a not-found error, a hint naming every proxy that was asked. */
  private withTriedProxies(err: unknown): unknown {
    if (!(err instanceof FetchError) || !err.notFound || err.hint) return err;
    const asked = this.proxies.filter((e) => e.kind === "url").map(describeEntry);
    if (asked.length === 0) return err;
    return new FetchError(err.message, err.errorClass, {
      ...err.options,
      hint: `not found on ${asked.length === 1 ? "the proxy" : "any of the proxies"} in GOPROXY (${asked.join(", ")}); ` +
        "check the module path and version, and for a private module set GOPRIVATE and a proxy that serves it",
    });
  }

  private cacheHit(file: string): void {
    this.options.trace?.(`# cache ${file}`);
  }

  private resolved(module: string, version: string, file: FetchDownloadEvent["file"], fromCache: boolean): void {
    const observer = this.options.observer;
    if (observer?.download) notify(observer.download, observer, { module, version, file, fromCache });
  }

  /** needNetwork throws offline mode's error for what the module cache could not answer. */
  private needNetwork(path: string, version: string, what: string, hint?: string): void {
    if (this.options.offline) throw offlineError(path, version, what, hint);
  }

  /** versions lists the tagged versions the proxies know (never from the cache, as in the go command). */
  versions(path: string): Promise<string[]> {
    return this.once(`versions ${path}`, async () => {
      this.needNetwork(path, "", "listing versions needs the network (module proxy)", offlineQueryHint);
      return (await this.repos(path, "", (r) => r.versions())).list;
    });
  }

  /** latest asks for @latest, falling back to the newest version in the list. */
  latest(path: string): Promise<RevInfo> {
    return this.once(`latest ${path}`, async () => {
      this.needNetwork(path, "", "finding the latest version needs the network (module proxy)", offlineQueryHint);
      return this.repos(path, "", async (r) => {
        const info = await r.latest();
        if (info) return info;
        const { raw } = await r.versions();
        const best = newestListed(raw);
        if (!best) throw moduleFetchError(path, "", new FetchError("no commits", "not-found", { notFound: true }));
        return r.stat(best);
      });
    });
  }

  /** stat returns the .info of a version, from the cache for canonical versions. */
  stat(path: string, version: string): Promise<RevInfo> {
    return this.once(`info ${path}@${version}`, async () => {
      if (version === canonicalVersion(version)) {
        const cached = this.cache.read(path, version, "info");
        if (cached) {
          try {
            const info = JSON.parse(cached.toString("utf8")) as RevInfo;
            if (info.Version === version) {
              this.cacheHit(this.cache.file(path, version, "info"));
              this.resolved(path, version, "info", true);
              return info;
            }
          } catch {
            // a damaged cache file: fetch again
          }
        }
        this.needNetwork(path, version, "version info (.info) not in the module cache");
      } else {
        this.needNetwork(path, version, "resolving a version query needs the network (module proxy)", offlineQueryHint);
      }
      const info = await this.repos(path, version, (r) => r.stat(version));
      if (info.Version === canonicalVersion(info.Version)) {
        this.cache.write(path, info.Version, "info", JSON.stringify(info) + "\n");
      }
      this.resolved(path, info.Version, "info", false);
      return info;
    });
  }

  /** goMod returns the verified go.mod of path@version (canonical). */
  goMod(path: string, version: string): Promise<Buffer> {
    return this.once(`mod ${path}@${version}`, async () => {
      const cached = this.cache.read(path, version, "mod");
      if (cached) {
        this.cacheHit(this.cache.file(path, version, "mod"));
        await this.options.verifier.check(path, `${version}/go.mod`, hashGoMod(cached));
        this.resolved(path, version, "mod", true);
        return cached;
      }
      this.needNetwork(path, version, "go.mod not in the module cache");
      const data = await this.repos(path, version, (r) => r.goMod(version));
      await this.options.verifier.check(path, `${version}/go.mod`, hashGoMod(data));
      this.cache.write(path, version, "mod", data);
      this.resolved(path, version, "mod", false);
      return data;
    });
  }

  /** downloadZip returns the path of the verified zip of path@version in the cache. */
  downloadZip(path: string, version: string): Promise<string> {
    return this.once(`zip ${path}@${version}`, async () => {
      const zipFile = this.cache.file(path, version, "zip");
      const cachedHash = this.cache.zipHash(path, version);
      if (cachedHash) {
        this.cacheHit(zipFile);
        await this.options.verifier.check(path, version, cachedHash);
        this.resolved(path, version, "zip", true);
        return zipFile;
      }
      this.needNetwork(path, version, "module zip not in the module cache");
      this.options.log?.(`go: downloading ${path} ${version}`);
      let fromCache = true;
      await withLock(this.cache.file(path, version, "lock"), async () => {
        if (this.cache.zipHash(path, version)) return; // another process finished it
        fromCache = false;
        this.cache.removeStaleTemps(zipFile);
        const data = await this.repos(path, version, (r) => r.zip(version));
        const tmp = this.cache.tempName(zipFile);
        this.cache.writeAtomic(tmp, data);
        try {
          await checkZipPrefix(tmp, path, version);
          const h = await hashZip(tmp);
          await this.options.verifier.check(path, version, h);
          this.cache.writeAtomic(this.cache.file(path, version, "ziphash"), h);
          renameSync(tmp, zipFile);
        } catch (err) {
          this.cache.removeTree(tmp);
          throw err;
        }
      });
      this.resolved(path, version, "zip", fromCache);
      return zipFile;
    });
  }

  /** download returns the directory of path@version, extracting its verified zip when needed. */
  download(path: string, version: string): Promise<string> {
    return this.once(`dir ${path}@${version}`, async () => {
      const dir = this.cache.moduleDir(path, version);
      if (this.cache.isExtracted(path, version)) {
        this.cacheHit(dir);
        const h = this.cache.zipHash(path, version) ?? readFileSync(this.cache.file(path, version, "ziphash"), "utf8").trim();
        await this.options.verifier.check(path, version, h);
        this.resolved(path, version, "dir", true);
        return dir;
      }
      const zipFile = await this.downloadZip(path, version);
      let fromCache = true;
      await withLock(this.cache.file(path, version, "lock"), async () => {
        if (this.cache.isExtracted(path, version)) return;
        fromCache = false;
        const partial = this.cache.file(path, version, "partial");
        this.cache.removeTree(dir);
        this.cache.writeAtomic(partial, "");
        const size = statSync(zipFile).size;
        try {
          const { zip, files } = await checkModuleZip(zipFile, path, version, size);
          await extractModuleZip(zip, files, dir);
        } catch (err) {
          this.cache.removeTree(dir);
          this.cache.removeTree(partial);
          const reason = err instanceof Error ? err.message : String(err);
          throw new FetchError(`unzip ${zipFile}: ${reason}`, "zip", { cause: err });
        }
        this.cache.makeReadOnly(dir);
        this.cache.removeTree(partial);
      });
      this.resolved(path, version, "dir", fromCache);
      return dir;
    });
  }
}

/** checkZipPrefix makes the go command's first check of a downloaded zip: every entry under "<module>@<version>/". */
async function checkZipPrefix(file: string, path: string, version: string): Promise<void> {
  const prefix = `${path}@${version}/`;
  let names: string[];
  try {
    names = await zipEntryNames(file);
  } catch (err) {
    throw new FetchError("zip: not a valid zip file", "zip", { cause: err });
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) throw new FetchError(`zip for ${path}@${version} has unexpected file ${name}`, "zip");
  }
}

/**
 * newestListed picks, from a list answer, the version with the newest time: the RFC 3339
 * time after the version when there is one, else a pseudo-version's own timestamp.
 */
function newestListed(raw: string): string | null {
  let best: string | null = null;
  let bestTime = -Infinity;
  for (const line of raw.split("\n")) {
    const f = line.trim().split(/\s+/);
    if (!f[0] || !isValidSemver(f[0])) continue;
    let t: number;
    if (f.length >= 2) t = Date.parse(f[1]);
    else if (isPseudoVersion(f[0])) t = pseudoVersionTime(f[0])?.getTime() ?? NaN;
    else continue;
    if (!Number.isNaN(t) && t > bestTime) {
      bestTime = t;
      best = f[0];
    }
  }
  return best;
}
