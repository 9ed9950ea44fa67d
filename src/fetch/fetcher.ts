// The Fetcher, the download layer: module metadata and go.mod files through the Repo of
// each module path, the module cache in front of the GOPROXY list (caching.ts over
// chain.ts), and module zips downloaded, checked, verified and extracted into the cache.
// Every go.mod and zip is verified (go.sum, the checksum database) before it is kept.

import { existsSync, readFileSync } from "node:fs";
import { FatalVerifyError, fatalError, FetchError, isNotExist, offlineError, ZipError } from "./errors.js";
import { HttpClient } from "./http.js";
import { ModuleCache } from "./cache.js";
import { CachingRepo } from "./caching.js";
import { ProxyChainRepo, ProxyList } from "./chain.js";
import { confirmLocks, withLock } from "./lock.js";
import { defaultRepoLookup, RepoLookup, RepoLookupDeps } from "./lookup.js";
import { FetchDownloadEvent, FetchObserver, notify } from "./observer.js";
import { parseProxyList, ProxyEntry, RoutingSettings, tryEntries } from "./proxy-list.js";
import { Repo, RevInfo } from "./repo.js";
import { Slots } from "./slots.js";
import type { FetcherOptions } from "./fetcher-options.js";
import { Verifier } from "./verify.js";
import { unpackModuleZip } from "./zipfile.js";
import { checkZipPrefix, ModuleZipFile, moduleZipFiles } from "./ziprules.js";

/** What fetchZip does besides checking and verifying a zip: nothing more, list its files, or extract them into a temporary directory beside dir. */
type ZipUse = "verify" | "list" | { dir: string };
import { hashGoMod, hashZip } from "../modfile/hash.js";
import { ModuleError } from "../module/errors.js";
import { quote } from "../text/quote.js";
import { errnoText } from "../text/paths.js";
import { decodeBytes } from "../text/utf8.js";
import type { ZipDirEntry } from "../modfile/zipread.js";
import { FileSource, withZipFile } from "../modfile/zipsource.js";
import type { DirFiles } from "../scan/scanner.js";
import { filesOrNull, isValidZipHash, zipDirectory } from "./zipcheck.js";
import { ModuleZipTree } from "./ziptree.js";

export type { FetcherOptions } from "./fetcher-options.js";

export class Fetcher {
  /** The GOPROXY list; a bad GOPROXY is reported for each module asked for, as the go command does. */
  private readonly proxyList: ProxyList;
  private readonly lookup: RepoLookup;
  private readonly repos = new Map<string, Repo>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Zips downloaded at once: the network's bound. */
  private readonly downloads = new Slots(8);
  /**
   * Zips checked, hashed and extracted at once: the CPU's bound. That work runs on this
   * thread in slices (between which downloads and scanning go on), with files created
   * through the thread pool; two at a time, so that a small module is not kept waiting
   * behind a large one.
   */
  private readonly unpacks = new Slots(2);

  private readonly views = new Map<ProxyEntry, Fetcher>(); // each asks one entry alone (throughEach)

  constructor(private readonly options: FetcherOptions, only?: ProxyEntry) {
    try {
      this.proxyList = { entries: only ? [only] : parseProxyList(options.settings.GOPROXY, options.settings.GONOPROXY) };
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

  /**
   * throughEach runs a whole query through each GOPROXY entry in turn (a Fetcher asking it
   * alone) under the list's fallback rules, as go's TryProxies: the next entry is asked when
   * the query as a whole failed so, not when one of its requests did.
   */
  throughEach<T>(query: (via: Fetcher) => Promise<T>): Promise<T> {
    const { entries } = this.proxyList;
    if (!entries || entries.length === 1) return query(this);
    const view = (e: ProxyEntry) => this.views.get(e) ?? this.views.set(e, new Fetcher(this.options, e)).get(e)!;
    return tryEntries(entries, (e) => query(view(e)), (e, err) => e.kind === "direct" || (e.kind === "noproxy" && !isNotExist(err)));
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
      if (await this.cachedZip(path, version)) return zipFile;
      let fromCache = true;
      await withLock(this.cache.file(path, version, "lock"), async () => {
        if (await this.doneMeanwhile(path, version, false)) return;
        fromCache = false;
        await this.fetchZip(path, version, "verify");
      });
      this.resolved(path, version, "zip", fromCache);
      return zipFile;
    });
  }

  /**
   * cachedZip verifies and reports the cached zip of path@version, if there is one; if not,
   * it announces the download (or, offline, throws).
   */
  private async cachedZip(path: string, version: string): Promise<boolean> {
    if (this.cache.has(path, version, "zip") && this.cache.has(path, version, "ziphash")) {
      this.cacheHit(this.cache.file(path, version, "zip"));
      await this.verifyCached(path, version);
      this.resolved(path, version, "zip", true);
      return true;
    }
    this.needNetwork(path, version, "module zip not in the module cache");
    this.options.log?.(`go: downloading ${path} ${version}`);
    return false;
  }

  /**
   * doneMeanwhile reports whether another process finished the zip (and, with dir, the
   * module directory) while this one waited for the lock; the zip's checksum is then
   * verified as if this process had downloaded it.
   */
  private async doneMeanwhile(path: string, version: string, dir: boolean): Promise<boolean> {
    if (!this.cache.zipHash(path, version) || (dir && !this.cache.isExtracted(path, version))) return false;
    await this.verifyCached(path, version);
    return true;
  }

  /**
   * verifyCached checks the .ziphash of a module already in the cache against go.sum (and
   * the checksum database), as the go command's checkMod does: a .ziphash that is not a
   * checksum is computed again from the zip (and rewritten), one of another algorithm is
   * refused, and every failure ends the run at once (FatalVerifyError), printed bare.
   */
  private async verifyCached(path: string, version: string): Promise<void> {
    const file = this.cache.file(path, version, "ziphash");
    // "verifying path@version: reason" (the reason without its own path@version, as
    // module.VersionError leaves an error that already names the version).
    const fatal = (err: unknown) => {
      const inner = err instanceof ModuleError && err.path === path && err.version === version ? err.cause : err;
      return new FatalVerifyError(`verifying ${path}@${version}: ${inner instanceof Error ? inner.message : String(inner)}`, err);
    };
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (err) {
      throw fatal(new Error(`open ${file}: ${errnoText(err as NodeJS.ErrnoException)}`));
    }
    let h = decodeBytes(data).trim();
    if (!isValidZipHash(data)) {
      const zipFile = this.cache.file(path, version, "zip");
      let zip: FileSource;
      try {
        zip = FileSource.open(zipFile);
      } catch (err) {
        throw fatal(new Error(`open ${zipFile}: ${errnoText(err as NodeJS.ErrnoException)}`));
      }
      try {
        h = await hashZip(zip).finally(() => zip.close());
        await this.options.verifier.check(path, version, h);
      } catch (err) {
        throw fatalError(err) ?? fatal(err);
      }
      this.cache.writeAtomic(file, h);
      return;
    }
    if (!h.startsWith("h1:")) throw fatal(new Error(`unexpected ziphash: ${quote(h)}`));
    try {
      await this.options.verifier.check(path, version, h);
    } catch (err) {
      // A mismatch with go.sum is printed as it is; anything else bare, as checkMod prints it.
      throw fatalError(err) ?? new FatalVerifyError((err as Error).message, err);
    }
  }

  /**
   * fetchZip downloads the zip of path@version (holding its lock) and makes the one pass
   * over it: the go command's checks of a downloaded zip (its entries' prefix, their
   * content against CRC-32 and sizes), its h1: checksum verified, then the zip and its
   * .ziphash kept. To extract, the same pass writes the module's files into a temporary
   * directory, which it returns; to list, it returns the files (either is null when the zip
   * breaks a module zip rule: extracting reports that, as the go command reports it when
   * unzipping). The download is streamed
   * into the zip's temporary file, and the pass reads that file by range: no zip is held
   * whole in memory. A few downloads run at once (downloads), and one pass (unpacks).
   */
  private async fetchZip(path: string, version: string, use: ZipUse): Promise<FetchedZip> {
    const zipFile = this.cache.file(path, version, "zip");
    this.cache.removeStaleTemps(zipFile);
    const tmp = await this.downloads.run(() => this.cache.writeTemp(zipFile, (dst) => this.repo(path).zip(dst, version)));
    let tmpDir: string | null = null;
    let files: ModuleZipFile[] | null = null;
    try {
      let entries: ZipDirEntry[] = [];
      const h = await this.unpacks.run(() => withZipFile(tmp, async (zip) => {
        entries = zipDirectory(zip);
        checkZipPrefix(entries, path, version);
        files = use !== "verify" ? filesOrNull(entries, path, version, zip.size) : null;
        const extract = typeof use === "object" ? use : null;
        if (files && extract) tmpDir = this.cache.tempName(extract.dir);
        const extractTo = files && tmpDir ? { files, dir: tmpDir } : undefined;
        return (await unpackModuleZip(zip, entries, { hash: true, extract: extractTo }, !this.cache.options.writable))!;
      }));
      await this.options.verifier.check(path, version, h);
      await confirmLocks();
      this.cache.writeAtomic(this.cache.file(path, version, "ziphash"), h);
      this.cache.commitTemp(tmp, zipFile);
      return { entries, tmpDir, files };
    } catch (err) {
      this.cache.removeTree(tmp);
      if (tmpDir) this.cache.removeTree(tmpDir);
      throw err;
    }
  }

  /** download returns the directory of path@version, extracting its verified zip when needed. */
  download(path: string, version: string): Promise<string> {
    return this.once(`dir ${path}@${version}`, async () => {
      const dir = this.cache.moduleDir(path, version);
      if (this.cache.isExtracted(path, version)) {
        this.cacheHit(dir);
        await this.verifyCached(path, version);
        this.resolved(path, version, "dir", true);
        return dir;
      }
      const zipCached = await this.cachedZip(path, version);
      let fromCache = true;
      await withLock(this.cache.file(path, version, "lock"), async () => {
        if (!zipCached && await this.doneMeanwhile(path, version, true)) return;
        if (zipCached && this.cache.isExtracted(path, version)) return;
        fromCache = false;
        await this.fillModuleDir(path, version, zipCached);
      });
      if (!zipCached) this.resolved(path, version, "zip", fromCache);
      this.resolved(path, version, "dir", fromCache);
      return dir;
    });
  }

  /**
   * moduleFiles returns the directory of path@version and how to read it: files is null
   * for the extracted tree download returns (for a module the cache holds in any state),
   * else it reads the zip this process downloaded now, checked (every module zip rule, every
   * entry's CRC-32 and size) and verified, and kept with its .ziphash; the directory is left
   * to whoever needs it (the go command extracts such a zip then). files holds the .go files and go.mod.
   */
  moduleFiles(path: string, version: string): Promise<{ dir: string; files: DirFiles | null }> {
    return this.once(`files ${path}@${version}`, async () => {
      const dir = this.cache.moduleDir(path, version);
      const inCache = () => existsSync(dir) || (this.cache.has(path, version, "zip") && this.cache.has(path, version, "ziphash"));
      if (inCache()) return { dir: await this.download(path, version), files: null };
      this.needNetwork(path, version, "module zip not in the module cache");
      this.options.log?.(`go: downloading ${path} ${version}`);
      let files: ModuleZipFile[] | null = null;
      await withLock(this.cache.file(path, version, "lock"), async () => {
        if (inCache()) return;
        const fetched = await this.fetchZip(path, version, "list");
        // A zip that breaks the rules fails as extracting it fails.
        files = fetched.files ?? await this.extractCached(fetched.entries, path, version, this.cache.file(path, version, "zip")).then(() => null);
      });
      // Another process filled the cache meanwhile: as download, from what it left.
      if (!files) return { dir: await this.download(path, version), files: null };
      this.resolved(path, version, "zip", false);
      this.resolved(path, version, "dir", false);
      return { dir, files: new ModuleZipTree(dir, this.cache.file(path, version, "zip"), `${path}@${version}/`, files, treeFile) };
    });
  }

  /** fillModuleDir extracts path@version into its module directory (holding its lock), downloading the zip if needed. */
  private async fillModuleDir(path: string, version: string, zipCached: boolean): Promise<void> {
    const dir = this.cache.moduleDir(path, version);
    const zipFile = this.cache.file(path, version, "zip");
    // What an extraction killed before it finished left beside the directory.
    this.cache.removeStaleTempTrees(dir);
    let tmpDir: string | null = null;
    let entries: ZipDirEntry[] | null = null;
    if (!zipCached || !this.cache.zipHash(path, version)) {
      // As the go command: a directory whose only lack was its .ziphash (no .partial
      // marker) is complete once the download has written the .ziphash, and is kept as it is.
      const kept = existsSync(dir) && !this.cache.has(path, version, "partial");
      ({ entries, tmpDir } = await this.fetchZip(path, version, kept ? "verify" : { dir }));
      if (kept) return;
    }
    try {
      if (!tmpDir) tmpDir = await this.extractCached(entries, path, version, zipFile);
      await confirmLocks();
      // As the go command: the .partial marker first, so that a directory being removed
      // or replaced is never taken for a complete one.
      const partial = this.cache.file(path, version, "partial");
      this.cache.writeAtomic(partial, "");
      this.cache.removeTree(dir);
      this.cache.commitTemp(tmpDir, dir);
      tmpDir = null;
      this.cache.removeTree(partial);
    } finally {
      if (tmpDir) this.cache.removeTree(tmpDir);
    }
  }

  /**
   * extractCached checks the cached zip (whose entries are given when they were just
   * listed) against the module zip rules and writes its files into a temporary directory,
   * which it returns. Failures are the go command's "unzip <zip file>: <reason>".
   */
  private async extractCached(listed: ZipDirEntry[] | null, path: string, version: string, zipFile: string): Promise<string> {
    const tmpDir = this.cache.tempName(this.cache.moduleDir(path, version));
    try {
      await this.unpacks.run(() => withZipFile(zipFile, async (zip) => {
        const entries = listed ?? zipDirectory(zip);
        const files = moduleZipFiles(entries, path, version, zip.size);
        await unpackModuleZip(zip, entries, { hash: false, extract: { files, dir: tmpDir } }, !this.cache.options.writable);
      }));
      return tmpDir;
    } catch (err) {
      this.cache.removeTree(tmpDir);
      const reason = err instanceof Error ? err.message : String(err);
      this.options.log?.(`-> unzip ${zipFile}: ${reason}`); // the go command prints this too
      throw new ZipError(`unzip ${zipFile}: ${reason}`, { cause: err });
    }
  }
}

/** The entries of a zip fetchZip downloaded and kept, and the directory its files went to. */
interface FetchedZip {
  entries: ZipDirEntry[];
  tmpDir: string | null;
  /** The module's files, when asked for and the zip passed the module zip rules. */
  files: ModuleZipFile[] | null;
}

/** treeFile: the files of a module tidy reads from its zip (listings and headers of .go files, the go line of go.mod). */
const treeFile = (name: string) => name.endsWith(".go") || name === "go.mod";
