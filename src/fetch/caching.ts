// The module cache in front of any Repo (the go command's cachingRepo): .info and .mod
// files are read from GOMODCACHE before the Repo is asked, and what the Repo answers is
// written there; in offline mode a miss fails without asking. Concurrent calls with the
// same arguments share one answer; version lists and latest answers (or their failures)
// are kept for the Repo's lifetime. Zips pass through: the download layer (fetcher.ts)
// keeps them.

import { offlineError } from "./errors.js";
import { ModuleCache } from "./cache.js";
import { FetchDownloadEvent, FetchObserver, notify } from "./observer.js";
import { infoFileText } from "./infofile.js";
import { Repo, RevInfo, Versions, ZipDestination } from "./repo.js";
import { canonicalVersion } from "../module/path.js";

export interface CachingOptions {
  cache: ModuleCache;
  /** Checks a go.mod (from the cache or the Repo) before it is used or kept (go.sum, the checksum database). */
  checkGoMod(path: string, version: string, data: Buffer): Promise<void>;
  /** Trace lines (-x): "# cache <file>" for each hit. */
  trace?: (line: string) => void;
  /** Offline mode: a miss throws a ModuleError about an OfflineError instead of asking the Repo. */
  offline?: boolean;
  /** Told of each .info and .mod resolved, and whether it came from the cache. */
  observer?: FetchObserver;
}

/** The hint of offline errors that no module cache content can answer (version lists and queries). */
const offlineQueryHint = "offline, versions cannot be listed or resolved (the go command does not answer this from the module cache either): " +
  "run online, or require an exact version that is in the module cache";

/** CachingRepo is a Repo answered from the module cache where it can be, and otherwise by the Repo it wraps. */
export class CachingRepo implements Repo {
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(private readonly repo: Repo, private readonly options: CachingOptions) {}

  get modulePath(): string {
    return this.repo.modulePath;
  }

  /** share runs fn once per key at a time; concurrent callers share the result. */
  private share<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running as Promise<T>;
    const p = fn().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  /** needNetwork throws offline mode's error for what the module cache could not answer. */
  private needNetwork(version: string, what: string, hint?: string): void {
    if (this.options.offline) throw offlineError(this.modulePath, version, what, hint);
  }

  private hit(file: string): void {
    this.options.trace?.(`# cache ${file}`);
  }

  private resolved(version: string, file: FetchDownloadEvent["file"], fromCache: boolean): void {
    const observer = this.options.observer;
    if (observer?.download) notify(observer.download, observer, { module: this.modulePath, version, file, fromCache });
  }

  /** remember runs fn once for the Repo's lifetime: its answer, or its error, is every later caller's too. */
  private remember<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.answers.get(key) as Promise<T> | undefined;
    if (!p) {
      p = fn();
      p.catch(() => undefined); // kept for later callers; not an unhandled rejection
      this.answers.set(key, p);
    }
    return p;
  }

  /**
   * versions always asks the Repo (the go command does not list versions from the module
   * cache either), once: as the go command's cachingRepo, the list, or the failure, is
   * kept for the rest of the run, so a query repeated in a later loading round sends no
   * request.
   */
  versions(prefix: string): Promise<Versions> {
    return this.remember(`versions ${prefix}`, async () => {
      this.needNetwork("", "listing versions needs the network (module proxy)", offlineQueryHint);
      return this.repo.versions(prefix);
    });
  }

  /** latest asks the Repo once, keeping its answer or failure for the run, as versions does. */
  latest(): Promise<RevInfo> {
    return this.remember("latest", async () => {
      this.needNetwork("", "finding the latest version needs the network (module proxy)", offlineQueryHint);
      return this.repo.latest();
    });
  }

  /** stat reads the .info of a canonical version from the cache; what the Repo resolves is kept under its canonical version. */
  stat(rev: string): Promise<RevInfo> {
    return this.share(`info ${rev}`, async () => {
      const cache = this.options.cache;
      const path = this.modulePath;
      if (rev === canonicalVersion(rev)) {
        const cached = this.cachedInfo(rev);
        if (cached) return cached;
        this.needNetwork(rev, "version info (.info) not in the module cache");
      } else {
        this.needNetwork(rev, "resolving a version query needs the network (module proxy)", offlineQueryHint);
      }
      const info = await this.repo.stat(rev);
      if (info.Version === canonicalVersion(info.Version)) cache.write(path, info.Version, "info", infoFileText(info));
      this.resolved(info.Version, "info", false);
      return info;
    });
  }

  private cachedInfo(version: string): RevInfo | null {
    const cache = this.options.cache;
    const data = cache.read(this.modulePath, version, "info");
    if (!data) return null;
    try {
      const info = JSON.parse(data.toString("utf8")) as RevInfo;
      if (info.Version !== version) return null;
      this.hit(cache.file(this.modulePath, version, "info"));
      this.resolved(version, "info", true);
      return info;
    } catch {
      return null; // a damaged cache file: fetch again
    }
  }

  /** goMod returns the checked go.mod of a canonical version, keeping what the Repo answers only once it passed the check. */
  goMod(version: string): Promise<Buffer> {
    return this.share(`mod ${version}`, async () => {
      const { cache, checkGoMod } = this.options;
      const path = this.modulePath;
      const cached = cache.read(path, version, "mod");
      if (cached) {
        this.hit(cache.file(path, version, "mod"));
        await checkGoMod(path, version, cached);
        this.resolved(version, "mod", true);
        return cached;
      }
      this.needNetwork(version, "go.mod not in the module cache");
      const data = await this.repo.goMod(version);
      await checkGoMod(path, version, data);
      cache.write(path, version, "mod", data);
      this.resolved(version, "mod", false);
      return data;
    });
  }

  zip(dst: ZipDestination, version: string): Promise<void> {
    return this.repo.zip(dst, version);
  }
}
