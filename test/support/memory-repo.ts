// An in-memory Repo: one module's files as a module proxy would serve them (the map that
// fake-proxy's buildProxyFiles makes, keyed by proxy path), answered without any network.
// Every call is recorded; a call can be made to fail once with a given error.

import { FetchError, NotExistError } from "../../src/fetch/errors.js";
import { moduleFetchError, Repo, RevInfo, Versions, ZipDestination } from "../../src/fetch/repo.js";
import { escapePath, escapeVersion } from "../../src/module/escape.js";
import { sortVersions } from "../../src/module/semver.js";

export type RepoCall = "versions" | "stat" | "latest" | "goMod" | "zip";

export class MemoryRepo implements Repo {
  /** The calls made, as "stat v1.0.0", "versions " (with the prefix), "latest". */
  readonly calls: string[] = [];
  /** Errors to throw instead of answering, by call name; thrown as long as they are set. */
  readonly failures = new Map<RepoCall, Error>();
  /** Bytes zip writes before it throws a zip failure (a download cut short). */
  partialZip: Buffer | null = null;

  constructor(readonly modulePath: string, private readonly files: Map<string, Buffer>, readonly name = "memory") {}

  private file(version: string, rel: string): Buffer {
    const base = `/${escapePath(this.modulePath)}/@v/`;
    const data = this.files.get(base + (version ? `${escapeVersion(version)}.${rel}` : rel));
    if (!data) throw moduleFetchError(this.modulePath, version, new NotExistError(`${this.name}: ${rel} not found`));
    return data;
  }

  private enter(call: RepoCall, arg: string): void {
    this.calls.push(`${call} ${arg}`.trimEnd());
    const err = this.failures.get(call);
    if (err) throw err;
  }

  async versions(prefix: string): Promise<Versions> {
    this.enter("versions", prefix);
    const lines = this.file("", "list").toString("utf8").split("\n").filter((v) => v !== "" && v.startsWith(prefix));
    return { list: sortVersions(lines) };
  }

  async stat(rev: string): Promise<RevInfo> {
    this.enter("stat", rev);
    return JSON.parse(this.file(rev, "info").toString("utf8")) as RevInfo;
  }

  async latest(): Promise<RevInfo> {
    this.enter("latest", "");
    const list = this.file("", "list").toString("utf8").split("\n").filter((v) => v !== "");
    const newest = sortVersions(list).at(-1);
    if (!newest) throw moduleFetchError(this.modulePath, "", new NotExistError("no commits"));
    return JSON.parse(this.file(newest, "info").toString("utf8")) as RevInfo;
  }

  async goMod(version: string): Promise<Buffer> {
    this.enter("goMod", version);
    return this.file(version, "mod");
  }

  async zip(dst: ZipDestination, version: string): Promise<void> {
    if (this.partialZip) {
      this.calls.push(`zip ${version}`);
      await dst.write(this.partialZip);
      throw moduleFetchError(this.modulePath, version, new FetchError(`${this.name}: connection reset`, "network"));
    }
    this.enter("zip", version);
    await dst.write(this.file(version, "zip"));
  }
}

/** memoryRepos serves every module path from files, making one MemoryRepo per path (kept in repos). */
export function memoryRepos(files: Map<string, Buffer>, name = "memory") {
  const repos = new Map<string, MemoryRepo>();
  return {
    repos,
    repo(path: string): MemoryRepo {
      let r = repos.get(path);
      if (!r) repos.set(path, (r = new MemoryRepo(path, files, name)));
      return r;
    },
  };
}
