// The Fetcher, the download layer: module metadata and go.mod files through the Repo of
// each module path, the module cache in front of the GOPROXY list (caching.ts over
// chain.ts), and module zips downloaded, checked, verified and extracted into the cache.
// Every go.mod and zip is verified (go.sum, the checksum database) before it is kept.

import { readFileSync, statSync } from "node:fs";
import { FetchError, offlineError, ZipError } from "./errors.js";
import { HttpClient } from "./http.js";
import { ModuleCache } from "./cache.js";
import { CachingRepo } from "./caching.js";
import { ProxyChainRepo, ProxyList } from "./chain.js";
import { withLock } from "./lock.js";
import { defaultRepoLookup, RepoLookup, RepoLookupDeps } from "./lookup.js";
import { FetchDownloadEvent, FetchObserver, notify } from "./observer.js";
import { parseProxyList, RoutingSettings } from "./proxy-list.js";
import { Repo, RevInfo } from "./repo.js";
import { Verifier } from "./verify.js";
import { checkModuleZip, extractModuleZip, zipEntryNames } from "./zipfile.js";
import { hashGoMod, hashZip } from "../modfile/hash.js";

export interface FetcherOptions {
  cache: ModuleCache;
  http: HttpClient;
  verifier: Verifier;
  settings: RoutingSettings;
  /**
   * The Repo implementations for proxy URLs and "direct" in place of gotidy-ts's own
   * (HTTP and file:// proxies; "direct" unsupported). The module cache, offline mode and
   * verification stay in front of them.
   */
  repos?: Partial<RepoLookup>;
  /** Fetching from version control for "direct" (git); without it, "direct" fails with gotidy-ts's "not supported". */
  direct?: RepoLookupDeps["direct"];
  /** Progress lines the go command prints on stderr ("go: downloading example.com/m v1.2.3"). */
  log?: (line: string) => void;
  /** Trace lines (-x): requests and cache hits. */
  trace?: (line: string) => void;
  /**
   * Offline mode: serve only what the module cache holds; anything else throws a
   * ModuleError about an OfflineError without contacting any proxy (file:// ones included).
   */
  offline?: boolean;
  /** Told of download progress (through the proxies) and of each module file resolved. */
  observer?: FetchObserver;
}

export class Fetcher {
  /** The GOPROXY list; a bad GOPROXY is reported for each module asked for, as the go command does. */
  private readonly proxyList: ProxyList;
  private readonly lookup: RepoLookup;
  private readonly repos = new Map<string, Repo>();
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(private readonly options: FetcherOptions) {
    try {
      this.proxyList = { entries: parseProxyList(options.settings.GOPROXY, options.settings.GONOPROXY) };
    } catch (err) {
      if (!(err instanceof FetchError)) throw err;
      this.proxyList = { error: err };
    }
    const own = defaultRepoLookup({ http: options.http, settings: options.settings, observer: options.observer, direct: options.direct });
    this.lookup = { proxy: options.repos?.proxy ?? own.proxy, direct: options.repos?.direct ?? own.direct };
  }

  get cache(): ModuleCache {
    return this.options.cache;
  }

  /**
   * repo returns the Repo of a module path: the module cache in front of the GOPROXY list.
   * The same path gives the same Repo for the Fetcher's lifetime.
   */
  repo(path: string): Repo {
    let r = this.repos.get(path);
    if (!r) {
      const { cache, trace, offline, observer, verifier } = this.options;
      const chain = new ProxyChainRepo(path, this.proxyList, this.lookup, this.options.settings);
      r = new CachingRepo(chain, {
        cache, trace, offline, observer,
        checkGoMod: (p, version, data) => verifier.check(p, `${version}/go.mod`, hashGoMod(data)),
      });
      this.repos.set(path, r);
    }
    return r;
  }

  /** once runs fn once per key at a time; concurrent callers share the result. */
  private once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private cacheHit(file: string): void {
    this.options.trace?.(`# cache ${file}`);
  }

  private resolved(module: string, version: string, file: FetchDownloadEvent["file"], fromCache: boolean): void {
    const observer = this.options.observer;
    if (observer?.download) notify(observer.download, observer, { module, version, file, fromCache });
  }

  /** needNetwork throws offline mode's error for what the module cache could not answer. */
  private needNetwork(path: string, version: string, what: string): void {
    if (this.options.offline) throw offlineError(path, version, what);
  }

  /** versions lists the tagged versions the proxies know (never from the cache, as in the go command). */
  async versions(path: string): Promise<string[]> {
    return (await this.repo(path).versions("")).list;
  }

  /** latest asks for @latest, falling back to the newest version in the list. */
  latest(path: string): Promise<RevInfo> {
    return this.repo(path).latest();
  }

  /** stat returns the .info of a version, from the cache for canonical versions. */
  stat(path: string, version: string): Promise<RevInfo> {
    return this.repo(path).stat(version);
  }

  /** goMod returns the verified go.mod of path@version (canonical). */
  goMod(path: string, version: string): Promise<Buffer> {
    return this.repo(path).goMod(version);
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
        const tmp = await this.cache.writeTemp(zipFile, (dst) => this.repo(path).zip(dst, version));
        try {
          await checkZipPrefix(tmp, path, version);
          const h = await hashZip(tmp);
          await this.options.verifier.check(path, version, h);
          this.cache.writeAtomic(this.cache.file(path, version, "ziphash"), h);
          this.cache.commitTemp(tmp, zipFile);
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
        // As the go command: the .partial marker first, so that a directory being removed
        // or filled is never taken for a complete one.
        const partial = this.cache.file(path, version, "partial");
        this.cache.writeAtomic(partial, "");
        this.cache.removeTree(dir);
        const size = statSync(zipFile).size;
        try {
          const { zip, files } = await checkModuleZip(zipFile, path, version, size);
          await extractModuleZip(zip, files, dir);
        } catch (err) {
          this.cache.removeTree(dir);
          this.cache.removeTree(partial);
          const reason = err instanceof Error ? err.message : String(err);
          this.options.log?.(`-> unzip ${zipFile}: ${reason}`); // the go command prints this too
          throw new ZipError(`unzip ${zipFile}: ${reason}`, { cause: err });
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
    throw new ZipError("zip: not a valid zip file", { cause: err });
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) throw new ZipError(`zip for ${path}@${version} has unexpected file ${name}`);
  }
}
