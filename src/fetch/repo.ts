// Repo: all versions of one module, wherever they come from. Implementations are a module
// proxy (proxy.ts), a GOPROXY list tried entry by entry (chain.ts), the module cache in
// front of any of them (caching.ts), and ErrorRepo for lookups that can only fail (GOPROXY
// entries such as "off", or one that does not serve a path). Which implementation answers
// a GOPROXY entry is decided by a RepoLookup (lookup.ts).
//
// Every error a Repo throws already names the module and, where there is one, the version
// ("example.com/m@v1.2.3: reading https://proxy/...: 404 Not Found"; "module example.com/m:
// ..." for versions and latest): a ModuleError whose cause is the FetchError. The one
// exception is ErrorRepo's version queries, which go reports unnamed. Whether it
// means "not found" is isNotExist (errors.ts), the only property the GOPROXY fallback
// looks at. Verification (go.sum, the checksum database)
// is not a Repo's concern: the download layer (fetcher.ts) checks what a Repo returns.

import { FetchError } from "./errors.js";
import { ModuleError } from "../module/errors.js";

/** The .info of a version. */
export interface RevInfo {
  Version: string;
  Time?: string;
  Origin?: unknown;
}

/** The versions a repository has. */
export interface Versions {
  /** Semantic versions, sorted, without pseudo-versions. */
  list: string[];
  /** Where the list came from, when the implementation records it (the .info Origin's form). */
  origin?: unknown;
}

/** Where Repo.zip writes a module zip (a temporary file of the module cache). */
export interface ZipDestination {
  /** write appends data; it resolves when the bytes are written. */
  write(data: Uint8Array): Promise<void>;
  /** truncate discards everything written so far (before a GOPROXY list tries its next entry). */
  truncate(): Promise<void>;
}

/**
 * DestinationError carries a ZipDestination's own failure (a full disk) out of a download,
 * so that it is reported as what it is and never taken for a network failure to retry.
 */
export class DestinationError extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "DestinationError";
  }
}

/** writeTo writes data to dst, a failure there becoming a DestinationError. */
export async function writeTo(dst: ZipDestination, data: Uint8Array): Promise<void> {
  try {
    await dst.write(data);
  } catch (err) {
    throw new DestinationError(err);
  }
}

/** Repo is one module path's versions, version metadata, go.mod files and zips. */
export interface Repo {
  /** modulePath is the module path this Repo answers for. */
  readonly modulePath: string;
  /**
   * versions lists the known versions starting with prefix ("" for all), sorted, without
   * pseudo-versions. An empty list is an answer, not an error; a module that does not exist
   * is a not-found error.
   */
  versions(prefix: string): Promise<Versions>;
  /** stat returns the .info of rev: a canonical version, or any revision the source resolves (a branch, a query). */
  stat(rev: string): Promise<RevInfo>;
  /** latest returns the version to use when a module has no tagged release: the source's own latest, else its newest listed one. */
  latest(): Promise<RevInfo>;
  /** goMod returns the go.mod file of a canonical version, unverified. */
  goMod(version: string): Promise<Buffer>;
  /** zip writes the module zip of a canonical version to dst, unverified and unchecked. */
  zip(dst: ZipDestination, version: string): Promise<void>;
}

/**
 * moduleFetchError wraps an error with the module and version it concerns (a
 * ModuleError); what is not yet a FetchError becomes one of class "invalid" first.
 */
export function moduleFetchError(path: string, version: string, err: unknown): ModuleError {
  return new ModuleError(path, version, asFetchError(err));
}

/** asFetchError is err if it is a FetchError, else a FetchError of class "invalid" with err's text and err as cause. */
export function asFetchError(err: unknown): FetchError {
  if (err instanceof FetchError) return err;
  return new FetchError(err instanceof Error ? err.message : String(err), "invalid", { cause: err });
}

/**
 * ErrorRepo answers every call with one error (go's errRepo). The version queries
 * (versions, stat, latest) get the error as it is, without the module's name, as the go
 * command reports them ("go.mod:5: module lookup disabled by GOPROXY=off"; "cannot find
 * module providing package example.com/x: module lookup disabled by GOPROXY=off"), and
 * so do the downloads of a version (goMod, zip): a module's zip under its import stack
 * ("example.com/m imports\n\texample.com/x: module lookup disabled by GOPROXY=off"), its
 * go.mod named by the module graph's error, as the required version even where a
 * replacement was read ("example.com/x@v0.1.0: ...", not "(replaced by ...)").
 */
export class ErrorRepo implements Repo {
  constructor(readonly modulePath: string, readonly err: FetchError) {}

  versions(): Promise<Versions> {
    return Promise.reject(this.err);
  }

  stat(): Promise<RevInfo> {
    return Promise.reject(this.err);
  }

  latest(): Promise<RevInfo> {
    return Promise.reject(this.err);
  }

  goMod(): Promise<Buffer> {
    return Promise.reject(this.err);
  }

  zip(): Promise<void> {
    return Promise.reject(this.err);
  }
}
