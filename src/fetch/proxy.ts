// The module proxy protocol (https://go.dev/ref/mod#goproxy-protocol) for one module at
// one proxy: $base/<escaped path>/@v/list, @v/<version>.info, .mod, .zip, and @latest.
// Errors name the module (and version) as the go command does:
// "example.com/m@v1.2.3: reading https://proxy/example.com/m/@v/v1.2.3.mod: 404 Not Found".

import { FetchError } from "./errors.js";
import { HttpClient } from "./http.js";
import { FetchFileKind, FetchObserver, progressSink } from "./observer.js";
import { redactURL } from "./proxy-list.js";
import { escapePath, escapeVersion } from "../module/escape.js";
import { InvalidVersionError, ModuleError } from "../module/errors.js";
import { canonicalVersion } from "../module/path.js";
import { isValid as isValidSemver, sortVersions } from "../module/semver.js";
import { isPseudoVersion } from "../module/pseudo.js";

/** The .info of a version. */
export interface RevInfo {
  Version: string;
  Time?: string;
  Origin?: unknown;
}

/** The largest module zip the go command accepts. */
export const maxZipFile = 500 << 20;

/** moduleFetchError wraps an error with the module and version it concerns, keeping its class. */
export function moduleFetchError(path: string, version: string, err: unknown): FetchError {
  const inner = err instanceof Error ? err : new Error(String(err));
  const text = new ModuleError(path, version, inner).message;
  if (inner instanceof FetchError) return new FetchError(text, inner.errorClass, { ...inner.options, cause: inner });
  return new FetchError(text, "invalid", { cause: inner });
}

function pathEscapeSegment(s: string): string {
  return s.split("/").map((p) => encodeURIComponent(p).replace(/%21/g, "!").replace(/%2B/g, "+").replace(/%40/g, "@")).join("/");
}

export class ProxyRepo {
  readonly base: string;

  constructor(private readonly http: HttpClient, baseURL: string, readonly path: string, private readonly observer?: FetchObserver) {
    this.base = baseURL.replace(/\/+$/, "") + "/" + pathEscapeSegment(escapePath(path));
  }

  /** get fetches a file of this module, telling the observer of its progress. */
  private get(rel: string, file: FetchFileKind, version: string, maxBytes?: number): Promise<Buffer> {
    const url = this.url(rel);
    return this.http.get(url, maxBytes, progressSink(this.observer, this.path, version, file, url));
  }

  private versionError(version: string, err: unknown): FetchError {
    if (version !== "" && version !== canonicalVersion(version)) {
      const reason = err instanceof Error ? err.message : String(err);
      const wrapped = new InvalidVersionError(version, reason, isPseudoVersion(version));
      const f = moduleFetchError(this.path, "", wrapped);
      return err instanceof FetchError ? new FetchError(f.message, err.errorClass, { ...err.options }) : f;
    }
    return moduleFetchError(this.path, version, err);
  }

  private url(rel: string): string {
    return `${this.base}/${rel}`;
  }

  /** versions lists the tagged (non-pseudo) versions the proxy knows, sorted. */
  async versions(prefix = ""): Promise<{ list: string[]; raw: string }> {
    let data: Buffer;
    try {
      data = await this.get("@v/list", "list", "");
    } catch (err) {
      throw this.versionError("", err);
    }
    const raw = data.toString("utf8");
    const list: string[] = [];
    for (const line of raw.split("\n")) {
      const v = line.trim().split(/\s+/)[0];
      if (v && isValidSemver(v) && v.startsWith(prefix) && !isPseudoVersion(v)) list.push(v);
    }
    return { list: sortVersions(list), raw };
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
      throw this.versionError(rev, new Error(`proxy returned info for version ${info.Version} instead of requested version`));
    }
    return info;
  }

  /** latest returns the proxy's @latest answer, or null when the proxy does not serve @latest. */
  async latest(): Promise<RevInfo | null> {
    let data: Buffer;
    try {
      data = await this.get("@latest", "latest", "");
    } catch (err) {
      if (err instanceof FetchError && err.notFound) return null;
      throw this.versionError("", err);
    }
    return this.parseInfo("", data);
  }

  private parseInfo(rev: string, data: Buffer): RevInfo {
    let info: RevInfo;
    try {
      info = JSON.parse(data.toString("utf8")) as RevInfo;
      if (typeof info !== "object" || info === null || typeof info.Version !== "string") throw new SyntaxError("missing Version");
    } catch (err) {
      throw this.versionError(rev, new FetchError(
        `invalid response from proxy ${JSON.stringify(redactURL(this.base.slice(0, this.base.length - this.path.length - 1)))}: ${(err as Error).message}`,
        "invalid"));
    }
    return info;
  }

  /** goMod returns the go.mod file of a canonical version. */
  async goMod(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) {
      throw this.versionError(version, new Error("internal error: version passed to GoMod is not canonical"));
    }
    try {
      return await this.get(`@v/${escapeVersion(version)}.mod`, "mod", version, 16 << 20);
    } catch (err) {
      throw this.versionError(version, err);
    }
  }

  /** zip returns the module zip of a canonical version. */
  async zip(version: string): Promise<Buffer> {
    if (version !== canonicalVersion(version)) {
      throw this.versionError(version, new Error("internal error: version passed to Zip is not canonical"));
    }
    let data: Buffer;
    try {
      data = await this.get(`@v/${escapeVersion(version)}.zip`, "zip", version, maxZipFile + 1);
    } catch (err) {
      throw this.versionError(version, err);
    }
    if (data.length > maxZipFile) throw this.versionError(version, new FetchError("downloaded zip file too large", "zip"));
    return data;
  }
}
