// The Repo of a module fetched directly from its origin (GOPROXY's "direct", and the
// paths GONOPROXY sends there): its repository is found on first use (discover.ts),
// then answered by git (coderepo.ts over git.ts), or by a module proxy when a go-import
// tag says "mod". Only git is run: other version control systems fail as
// the go command fails without their tools (othervcs.ts).

import { isNotExist } from "../errors.js";
import { matchPrefixPatterns } from "../glob.js";
import type { HttpClient } from "../http.js";
import { Repo, RevInfo, Versions, ZipDestination } from "../repo.js";
import { GitModuleRepo } from "./coderepo.js";
import { repoRootForImportPath, RepoRoot } from "./discover.js";
import { GitRepo } from "./git.js";
import { rewrapped } from "./errors.js";
import { run } from "./run.js";
import { otherVCSRepo } from "./othervcs.js";

/** The settings direct mode reads (the go command's GOINSECURE, GOVCS, GOPRIVATE, GOMODCACHE). */
export interface DirectSettings {
  GOINSECURE: string;
  GOVCS: string;
  GOPRIVATE: string;
  GOMODCACHE: string;
}

export interface DirectDeps {
  http: HttpClient;
  settings: DirectSettings;
  /** The environment git runs with. */
  env: NodeJS.ProcessEnv;
  /** The Repo of a module proxy, for go-import tags of the "mod" kind. */
  proxy(baseURL: string, path: string): Repo;
  /** -x lines: the git commands run. */
  trace?: (line: string) => void;
  /**
   * The clones opened so far, by remote URL: one GitRepo each (its refs listed once), shared
   * by the DirectRepos of one Fetcher as the go command shares them within a run.
   */
  clones: Map<string, Promise<GitRepo>>;
}

function openClone(url: string, deps: DirectDeps): Promise<GitRepo> {
  const { clones } = deps;
  const key = url;
  let p = clones.get(key);
  if (!p) {
    p = GitRepo.open(url, {
      gomodcache: deps.settings.GOMODCACHE, env: deps.env, trace: deps.trace,
      urlNotFound: (u) => deps.http.get(u, 1 << 20).then(() => false, (err) => isNotExist(err)),
    });
    p.catch(() => clones.delete(key));
    clones.set(key, p);
  }
  return p;
}

/** DirectRepo is a module path's Repo at its origin, looked up on first use. */
export class DirectRepo implements Repo {
  private repo?: Promise<Repo>;

  constructor(readonly modulePath: string, private readonly deps: DirectDeps) {}

  private resolve(): Promise<Repo> {
    return (this.repo ??= this.lookup());
  }

  private async lookup(): Promise<Repo> {
    const { http, settings, env, trace } = this.deps;
    const insecure = matchPrefixPatterns(settings.GOINSECURE, this.modulePath);
    const root: RepoRoot = await repoRootForImportPath(this.modulePath, {
      insecure, GOVCS: settings.GOVCS, GOPRIVATE: settings.GOPRIVATE,
      get: async (url) => ({ url, ...await http.getPage(url, 8 << 20, insecure) }),
      ping: async (vcs, scheme, repo) => vcs === "git" &&
        run(["git", "ls-remote", `${scheme}://${repo}`], { dir: "", env, trace }).then(() => true, () => false),
    });
    if (root.vcs === "mod") return this.deps.proxy(root.repo, this.modulePath);
    if (root.vcs !== "git") return otherVCSRepo(this.modulePath, root, { gomodcache: settings.GOMODCACHE, env, trace });
    let clone: GitRepo;
    try {
      clone = await openClone(root.repo, this.deps);
    } catch (err) {
      throw rewrapped(`lookup ${root.root}: ${(err as Error).message}`, err);
    }
    return new GitModuleRepo(this.modulePath, clone, root.root, root.subDir);
  }

  /** call runs fn on the module's Repo; a failed lookup is reported as it is, as the go command reports it. */
  private async call<T>(fn: (r: Repo) => Promise<T>): Promise<T> {
    return fn(await this.resolve());
  }

  versions(prefix: string): Promise<Versions> {
    return this.call((r) => r.versions(prefix));
  }

  stat(rev: string): Promise<RevInfo> {
    return this.call((r) => r.stat(rev));
  }

  latest(): Promise<RevInfo> {
    return this.call((r) => r.latest());
  }

  goMod(version: string): Promise<Buffer> {
    return this.call((r) => r.goMod(version));
  }

  zip(dst: ZipDestination, version: string): Promise<void> {
    return this.call((r) => r.zip(dst, version));
  }
}
