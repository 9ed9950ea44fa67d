// The module proxy protocol (https://go.dev/ref/mod#goproxy-protocol) for one module at
// one proxy (https, http or file URL): $base/<escaped path>/@v/list, @v/<version>.info,
// .mod, .zip, and @latest. Errors name the module (and version) as the go command does:
// "example.com/m@v1.2.3: reading https://proxy/example.com/m/@v/v1.2.3.mod: 404 Not Found".

import { FetchError, isNotExist, NotExistError, ZipError } from "./errors.js";
import { HttpClient } from "./http.js";
import { FetchFileKind, FetchObserver, progressSink } from "./observer.js";
import { redactURL } from "./proxy-list.js";
import { asFetchError, DestinationError, moduleFetchError, Repo, RevInfo, Versions, ZipDestination } from "./repo.js";
import { escapePath, escapeVersion } from "../module/escape.js";
import { InvalidVersionError, ModuleError } from "../module/errors.js";
import { canonicalVersion } from "../module/path.js";
import { isValid as isValidSemver, sortVersions } from "../module/semver.js";
import { isPseudoVersion, pseudoVersionTime } from "../module/pseudo.js";

/** The largest module zip the go command accepts. */
export const maxZipFile = 500 << 20;

function pathEscapeSegment(s: string): string {
  return s.split("/").map((p) => encodeURIComponent(p).replace(/%21/g, "!").replace(/%2B/g, "+").replace(/%40/g, "@")).join("/");
}

/** ProxyRepo is the Repo of one module at one module proxy. */
export class ProxyRepo implements Repo {
  readonly base: string;

  constructor(private readonly http: HttpClient, baseURL: string, readonly modulePath: string, private readonly observer?: FetchObserver) {
    this.base = baseURL.replace(/\/+$/, "") + "/" + pathEscapeSegment(escapePath(modulePath));
  }

  /** get fetches a file of this module, telling the observer of its progress. */
  private get(rel: string, file: FetchFileKind, version: string, maxBytes?: number): Promise<Buffer> {
    const url = this.url(rel);
    return this.http.get(url, maxBytes, progressSink(this.observer, this.modulePath, version, file, url));
  }

  /**
   * versionError is go's proxyRepo.versionError: err about this module at version; for
   * a version that is not canonical (a query), an InvalidVersionError of that version.
   */
  private versionError(version: string, err: unknown): ModuleError {
    if (version !== "" && version !== canonicalVersion(version)) {
      return new ModuleError(this.modulePath, "", new InvalidVersionError(version, asFetchError(err), isPseudoVersion(version)));
    }
    return moduleFetchError(this.modulePath, version, err);
  }

  private url(rel: string): string {
    return `${this.base}/${rel}`;
  }

  /** list fetches the proxy's @v/list answer. */
  private async list(): Promise<string> {
    try {
      return (await this.get("@v/list", "list", "")).toString("utf8");
    } catch (err) {
      throw this.versionError("", err);
    }
  }

  /** versions lists the tagged (non-pseudo) versions the proxy knows, sorted. */
  async versions(prefix: string): Promise<Versions> {
    const list: string[] = [];
    for (const line of (await this.list()).split("\n")) {
      const v = line.trim().split(/\s+/)[0];
      if (v && isValidSemver(v) && v.startsWith(prefix) && !isPseudoVersion(v)) list.push(v);
    }
    return { list: sortVersions(list) };
  }

  /** stat returns the .info of a version (a canonical version or a query the proxy resolves). */
  async stat(rev: string): Promise<RevInfo> {
    let enc: string;
    try {
      enc = escapeVersion(rev);
    } catch (err) {
      throw this.versionError(rev, err);
    }
    let data: Buffer;
    try {
      data = await this.get(`@v/${enc}.info`, "info", rev);
    } catch (err) {
      throw this.versionError(rev, err);
    }
    const info = this.parseInfo(rev, data);
    if (info.Version !== rev && rev === canonicalVersion(rev)) {
      throw this.versionError(rev, new FetchError(`proxy returned info for version ${info.Version} instead of requested version`, "invalid"));
    }
    return info;
  }

  /**
   * latest returns the proxy's @latest answer; a proxy that does not serve @latest (not
   * found) is answered from its list instead: the .info of the version listed with the
   * newest time.
   */
  async latest(): Promise<RevInfo> {
    let data: Buffer;
    try {
      data = await this.get("@latest", "latest", "");
    } catch (err) {
      if (isNotExist(err)) return this.latestFromList();
      throw this.versionError("", err);
    }
    return this.parseInfo("", data);
  }

  private async latestFromList(): Promise<RevInfo> {
    const best = newestListed(await this.list());
    if (!best) throw this.versionError("", new NotExistError("no commits"));
    return this.stat(best);
  }

  private parseInfo(rev: string, data: Buffer): RevInfo {
    let info: RevInfo;
    try {
      info = JSON.parse(data.toString("utf8")) as RevInfo;
      if (typeof info !== "object" || info === null || typeof info.Version !== "string") throw new SyntaxError("missing Version");
    } catch (err) {
      throw this.versionError(rev, new FetchError(
        `invalid response from proxy ${JSON.stringify(redactURL(this.base.slice(0, this.base.length - this.modulePath.length - 1)))}: ${(err as Error).message}`,
        "invalid"));
    }
    return info;
  }

  /** goMod returns the go.mod file of a canonical version. */
  async goMod(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) {
      throw this.versionError(version, new FetchError("internal error: version passed to GoMod is not canonical", "invalid"));
    }
    try {
      return await this.get(`@v/${escapeVersion(version)}.mod`, "mod", version, 16 << 20);
    } catch (err) {
      throw this.versionError(version, err);
    }
  }

  /** zip streams the module zip of a canonical version into dst (nothing kept when the download fails). */
  async zip(dst: ZipDestination, version: string): Promise<void> {
    if (version !== canonicalVersion(version)) {
      throw this.versionError(version, new FetchError("internal error: version passed to Zip is not canonical", "invalid"));
    }
    const url = this.url(`@v/${escapeVersion(version)}.zip`);
    let size: number;
    try {
      size = await this.http.getTo(url, dst, maxZipFile + 1, progressSink(this.observer, this.modulePath, version, "zip", url));
    } catch (err) {
      if (err instanceof DestinationError) throw err.error;
      throw this.versionError(version, err);
    }
    if (size > maxZipFile) throw this.versionError(version, new ZipError("downloaded zip file too large"));
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
