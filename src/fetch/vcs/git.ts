// A git repository reached through the user's git (cmd/go's codehost gitRepo): refs from
// `git ls-remote`, commits fetched on demand into a bare clone in the module cache
// (shallowly for a known ref, all heads and tags when history is needed), file contents
// with `git cat-file`, trees with `git archive`. Only commits reachable from a branch, a
// tag or HEAD are ever fetched.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { FetchError } from "../errors.js";
import { compare as semverCompare, canonical } from "../../module/semver.js";
import { isPseudoVersion } from "../../module/pseudo.js";
import { noCommits, privateRepoHelp, unknownRevision, vcsError } from "./errors.js";
import { run, RunError } from "./run.js";
import { ensureGitAttributes, gitWorkDirType, openWorkDir } from "./workdir.js";
import { withLock } from "../lock.js";

/** Origin is the .info Origin block: where a version came from, for checking it later. */
export interface Origin {
  VCS?: string;
  URL?: string;
  Subdir?: string;
  Hash?: string;
  TagPrefix?: string;
  TagSum?: string;
  Ref?: string;
  RepoSum?: string;
}

/** CommitInfo is one commit as the repository knows it. */
export interface CommitInfo {
  origin: Origin;
  /** The full hash. */
  name: string;
  /** The hash shortened to 12 digits (pseudo-versions). */
  short: string;
  /** The revision asked for, a tag when the commit carries it, else the hash. */
  version: string;
  /** Commit time, seconds since the epoch. */
  time: number;
  /** The tags on the commit, sorted. */
  tags: string[];
}

export interface GitOptions {
  gomodcache: string;
  env: NodeJS.ProcessEnv;
  trace?: (line: string) => void;
  /** Whether an http(s) URL answers 404/410 (then a failed ls-remote means "no such repository"). */
  urlNotFound?: (url: string) => Promise<boolean>;
}

const minHashDigits = 7;
const allHex = (s: string) => /^[0-9a-f]+$/.test(s);

function isOriginTag(tag: string): boolean {
  const c = canonical(tag);
  return c !== "" && tag.startsWith(c) && !isPseudoVersion(tag);
}

/** GitRepo is one remote git repository with its clone in the module cache. */
export class GitRepo {
  private refs?: Promise<Map<string, string>>;
  private localTags?: Set<string>;
  private fetchedAll = false;
  private readonly stats = new Map<string, Promise<CommitInfo>>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly remoteURL: string, readonly dir: string, private readonly options: GitOptions) {}

  /** open finds or makes the clone of remoteURL (git init --bare; git remote add origin). */
  static async open(remoteURL: string, options: GitOptions): Promise<GitRepo> {
    if (!remoteURL.includes("://")) {
      throw new FetchError(`git remote (${remoteURL}) must not be local directory${remoteURL.includes(":") ? " (use URL syntax not host:path syntax)" : ""}`, "invalid");
    }
    let refs: Promise<Map<string, string>> | undefined;
    const wd = await openWorkDir(options.gomodcache, gitWorkDirType, remoteURL, options.trace, async (dir) => {
      const git = new GitRepo(remoteURL, dir, options);
      // As the go command does for a new clone, list the refs (by URL: there is no
      // origin yet) before git init; a failure is kept as the answer to every lookup.
      refs = git.listRemote(remoteURL);
      await refs.catch(() => undefined);
      await git.git(["git", "init", "--bare", "--object-format=sha1"], false);
      await git.git(["git", "remote", "add", "origin", "--", remoteURL]);
    });
    const repo = new GitRepo(remoteURL, wd.dir, options);
    repo.refs = refs;
    return repo;
  }

  /** git runs a git command in the clone (GIT_DIR set, as the go command sets it). */
  git(args: string[], withGitDir = true): Promise<Buffer> {
    return run(args, { dir: this.dir, env: this.options.env, extraEnv: withGitDir ? { GIT_DIR: this.dir } : {}, trace: this.options.trace });
  }

  /**
   * locked runs fn after every earlier locked call of this repository, holding the clone's
   * lock file (<dir>.lock, flock) as the go command holds it while it fetches, so that a
   * go command working on the same clone waits.
   */
  private locked<T>(fn: () => Promise<T>): Promise<T> {
    const held = () => withLock(this.dir + ".lock", fn);
    const p = this.queue.then(held, held);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /** loadRefs lists HEAD, branches and tags on the remote (annotated tags as their commits). */
  loadRefs(): Promise<Map<string, string>> {
    return (this.refs ??= this.listRemote());
  }

  private async listRemote(remote = "origin"): Promise<Map<string, string>> {
    let out: Buffer;
    try {
      out = await this.git(["git", "ls-remote", "-q", "--end-of-options", remote]);
    } catch (err) {
      let e = err;
      if (e instanceof RunError && e.stderr.includes("fatal: could not read Username")) e = e.withHelp(privateRepoHelp);
      // As the go command checks (only over https): a URL that answers 404 means no such repository.
      const notFound = this.remoteURL.startsWith("https://") && (await this.options.urlNotFound?.(this.remoteURL)) === true;
      throw vcsError(e, notFound);
    }
    const refs = new Map<string, string>();
    for (const line of out.toString("utf8").split("\n")) {
      const f = line.split(/\s+/).filter(Boolean);
      if (f.length !== 2) continue;
      if (f[1] === "HEAD" || f[1].startsWith("refs/heads/") || f[1].startsWith("refs/tags/")) refs.set(f[1], f[0]);
    }
    for (const [ref, hash] of [...refs]) {
      if (ref.endsWith("^{}")) {
        refs.set(ref.slice(0, -3), hash);
        refs.delete(ref);
      }
    }
    return refs;
  }

  /** tags lists the tags starting with prefix, sorted by name, with the Origin that pins them (TagSum). */
  async tags(prefix: string): Promise<{ list: { name: string; hash: string }[]; origin: Origin }> {
    const refs = await this.loadRefs();
    const list: { name: string; hash: string }[] = [];
    for (const [ref, hash] of refs) {
      if (ref.startsWith("refs/tags/") && ref.slice(10).startsWith(prefix)) list.push({ name: ref.slice(10), hash });
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const dir = prefix.slice(0, prefix.lastIndexOf("/") + 1);
    const h = createHash("sha256");
    for (const t of list) if (isOriginTag(t.name.slice(t.name.startsWith(dir) ? dir.length : 0))) h.update(`${JSON.stringify(t.name)} ${t.hash}\n`);
    return { list, origin: { VCS: "git", URL: this.remoteURL, TagPrefix: prefix || undefined, TagSum: "t1:" + h.digest("base64") } };
  }

  /** repoSum is the checksum of every ref (Origin.RepoSum). */
  repoSum(refs: Map<string, string>): string {
    const h = createHash("sha256");
    for (const ref of [...refs.keys()].sort()) h.update(`${JSON.stringify(ref)} ${refs.get(ref)}\n`);
    return "r1:" + h.digest("base64");
  }

  /** latest is the commit of the remote's HEAD. */
  async latest(): Promise<CommitInfo> {
    const refs = await this.loadRefs();
    const head = refs.get("HEAD");
    if (!head) throw noCommits();
    const info = await this.stat(head);
    return { ...info, origin: { ...info.origin, Ref: "HEAD", Hash: head } };
  }

  /** stat resolves rev (a tag, branch, HEAD or hash prefix), fetching the commit when needed. */
  stat(rev: string): Promise<CommitInfo> {
    if (rev === "latest") return this.latest();
    let p = this.stats.get(rev);
    if (!p) {
      p = this.resolve(rev);
      this.stats.set(rev, p);
    }
    return p;
  }

  private async resolve(rev: string): Promise<CommitInfo> {
    let didStatLocal = false;
    const maybeHash = rev.length >= minHashDigits && rev.length <= 40 && allHex(rev);
    if (maybeHash) {
      const info = await this.statLocal(rev, rev).catch(() => null);
      if (info) return info;
      didStatLocal = true;
    }
    if (!this.localTags) this.localTags = await this.listLocalTags();
    if (this.localTags.has(rev)) return this.statLocal(rev, `refs/tags/${rev}`);

    const refs = await this.loadRefs();
    let ref = "";
    let hash = "";
    if (refs.get(`refs/tags/${rev}`)) {
      ref = `refs/tags/${rev}`;
      hash = refs.get(ref)!;
    } else if (refs.get(`refs/heads/${rev}`)) {
      ref = `refs/heads/${rev}`;
      hash = refs.get(ref)!;
      rev = hash;
    } else if (rev === "HEAD" && refs.get("HEAD")) {
      ref = "HEAD";
      hash = refs.get(ref)!;
      rev = hash;
    } else if (maybeHash) {
      const prefix = rev;
      for (const [k, h] of refs) {
        if (!h.startsWith(prefix)) continue;
        if (hash !== "" && hash !== h) throw new FetchError(`ambiguous revision ${rev}`, "invalid");
        if (ref === "" || ref > k) ref = k;
        rev = h;
        hash = h;
      }
      if (hash === "" && rev.length === 40) hash = rev;
    } else {
      throw unknownRevision(rev);
    }
    const info = await this.locked(() => this.fetchAndStat(rev, ref, hash, didStatLocal));
    info.origin.Hash = info.name;
    if (ref !== info.origin.Hash) info.origin.Ref = ref || undefined;
    return info;
  }

  private async fetchAndStat(rev: string, ref: string, hash: string, didStatLocal: boolean): Promise<CommitInfo> {
    if (!didStatLocal) {
      const info = await this.statLocal(rev, hash).catch(() => null);
      if (info) {
        const tag = ref.startsWith("refs/tags/") ? ref.slice(10) : "";
        if (tag && !info.tags.includes(tag)) {
          await this.git(["git", "tag", "--end-of-options", tag, hash]);
          this.localTags?.add(tag);
          return this.statLocal(rev, ref);
        }
        return info;
      }
    }
    if (!this.fetchedAll && ref !== "" && hash !== "") {
      const refspec = ref === "HEAD" ? `${hash}:refs/dummy` : `${ref}:${ref}`;
      const statRef = ref === "HEAD" ? hash : ref;
      try {
        await this.git(["git", "-c", "protocol.version=2", "fetch", "-f", "--depth=1", "--end-of-options", "origin", refspec]);
        return await this.statLocal(rev, statRef);
      } catch {
        // fall back to fetching everything, as the go command does
      }
    }
    await this.fetchAllLocked();
    return this.statLocal(rev, rev);
  }

  /** fetchAll fetches every branch and tag with their history (git fetch; git fetch --unshallow). */
  fetchAll(): Promise<void> {
    return this.locked(() => this.fetchAllLocked());
  }

  private async fetchAllLocked(): Promise<void> {
    if (this.fetchedAll) return;
    try {
      await this.git(["git", "fetch", "-f", "--end-of-options", "origin", "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"]);
      if (existsSync(join(this.dir, "shallow"))) await this.git(["git", "fetch", "--unshallow", "-f", "--end-of-options", "origin"]);
    } catch (err) {
      throw vcsError(err);
    }
    this.fetchedAll = true;
  }

  private async listLocalTags(): Promise<Set<string>> {
    try {
      const out = await this.git(["git", "tag", "-l"]);
      return new Set(out.toString("utf8").split("\n").filter(Boolean));
    } catch {
      return new Set();
    }
  }

  /** statLocal describes rev in the clone, using version when it is one of the commit's tags. */
  async statLocal(version: string, rev: string): Promise<CommitInfo> {
    let out: string;
    try {
      out = (await this.git(["git", "-c", "log.showsignature=false", "log", "--no-decorate", "-n1", "--format=format:%H %ct %D", "--end-of-options", rev, "--"])).toString("utf8");
    } catch {
      throw unknownRevision(rev);
    }
    const f = out.split(/\s+/).filter(Boolean);
    if (f.length < 2) throw new FetchError(`unexpected response from git log: ${JSON.stringify(out)}`, "invalid");
    const hash = f[0];
    if (hash.startsWith(version)) version = hash;
    const time = Number(f[1]);
    const origin: Origin = { VCS: "git", URL: this.remoteURL, Hash: hash };
    if (!hash.startsWith(rev)) origin.Ref = rev;
    const tags: string[] = [];
    for (let i = 2; i < f.length; i++) if (f[i] === "tag:" && i + 1 < f.length) tags.push(f[++i].replace(/,$/, ""));
    const refs = await this.loadRefs().catch(() => null);
    for (const [ref, h] of refs ?? []) if (h === hash && ref.startsWith("refs/tags/")) tags.push(ref.slice(10));
    const sorted = [...new Set(tags)].sort();
    return { origin, name: hash, short: hash.slice(0, 12), version: sorted.includes(version) ? version : hash, time, tags: sorted };
  }

  /** readFile returns a file at rev, or null when the commit has no such file. */
  async readFile(rev: string, file: string): Promise<Buffer | null> {
    const info = await this.stat(rev);
    try {
      return await this.git(["git", "cat-file", "--end-of-options", "blob", `${info.name}:${file}`]);
    } catch {
      return null;
    }
  }

  /**
   * recentTag returns the highest tag (with prefix, accepted by allowed) that rev descends
   * from, fetching the history when tags exist but none is known to precede rev; "" if none.
   */
  async recentTag(rev: string, prefix: string, allowed: (tag: string) => Promise<boolean>): Promise<string> {
    const info = await this.stat(rev);
    const describe = async (): Promise<string> => {
      const out = (await this.git(["git", "for-each-ref", "--format=%(refname)", `--merged=${info.name}`])).toString("utf8");
      let highest = "";
      for (let line of out.split("\n")) {
        line = line.trim();
        if (!line.startsWith("refs/tags/")) continue;
        const tag = line.slice(10);
        if (!tag.startsWith(prefix) || !(await allowed(tag))) continue;
        const sem = tag.slice(prefix.length);
        if (semverCompare(sem, highest) > 0) highest = sem;
      }
      return highest ? prefix + highest : "";
    };
    const tag = await describe();
    if (tag !== "" && !allHex(tag)) return tag;
    const tags = await this.tags(prefix + "v");
    if (tags.list.length === 0) return "";
    await this.fetchAll();
    return describe();
  }

  /** descendsFrom reports whether rev has tag among its ancestors (fetching history when needed). */
  async descendsFrom(rev: string, tag: string): Promise<boolean> {
    const isAncestor = () => this.git(["git", "merge-base", "--is-ancestor", "--", tag, rev]).then(() => true, (err) => {
      if (err instanceof RunError && err.status === 1) return false;
      throw vcsError(err);
    });
    if (await isAncestor().catch(() => false)) return true;
    const tags = await this.tags(tag);
    if (tags.list.length === 0) return false;
    await this.resolve(rev);
    await this.fetchAll();
    return isAncestor();
  }

  /**
   * archive returns the tree of rev (below subdir) as a tar archive made by git archive,
   * with export-subst and export-ignore disabled as the go command disables them; null
   * when subdir matches no files.
   */
  async archive(rev: string, subdir: string): Promise<Buffer | null> {
    const info = await this.stat(rev);
    return this.locked(async () => {
      ensureGitAttributes(this.dir);
      try {
        return await this.git(["git", "-c", "core.autocrlf=input", "-c", "core.eol=lf", "archive", "--format=tar", "--prefix=prefix/",
          "--end-of-options", info.name, ...(subdir ? [subdir] : [])]);
      } catch (err) {
        if (err instanceof RunError && err.stderr.includes("did not match any files")) return null;
        throw vcsError(err);
      }
    });
  }

}
