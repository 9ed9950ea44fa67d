// One module in a git repository (cmd/go's codeRepo): the module at the repository root
// or in a subdirectory, with its major-version suffix; tags become versions (a
// subdirectory module's tags carry its directory: "sub/v1.2.3"), +incompatible where the
// repository root has no go.mod; other revisions become pseudo-versions on the highest
// tag they descend from. Only go's checks decide what is valid.

import { FetchError, NotExistError } from "../errors.js";
import { asFetchError, moduleFetchError, Repo, RevInfo, Versions, ZipDestination } from "../repo.js";
import { ModuleError } from "../../module/errors.js";
import { parseGoModFile } from "../../modfile/rules.js";
import { canonicalVersion, pathMajorProblem, splitPathVersion } from "../../module/path.js";
import { isPseudoVersion } from "../../module/pseudo.js";
import { build, canonical, compare, isValid, major, prerelease, sortVersions } from "../../module/semver.js";
import { findModuleDir, ModuleLayout } from "./layout.js";
import { CommitInfo, GitRepo, Origin } from "./git.js";
import { createModuleZip, TreeFile } from "./modzip.js";
import { pseudoVersionRev } from "./pseudo.js";
import { VersionResolver } from "./convert.js";
import { invalidVersion } from "./errors.js";
import { readTar } from "./tar.js";

/** withModule is go's ModuleError for the module as a whole: "module path: ...". */
function withModule(path: string, err: unknown): Error {
  if (err instanceof ModuleError && err.path === path) return err;
  return new ModuleError(path, "", asFetchError(err));
}

const timeText = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");

/** GitModuleRepo is the Repo of one module path in a git repository. */
export class GitModuleRepo implements Repo {
  readonly layout: ModuleLayout;
  private retracted?: Promise<(v: string) => boolean>;

  constructor(readonly modulePath: string, private readonly git: GitRepo, codeRoot: string, subdir: string) {
    const split = splitPathVersion(modulePath);
    if (!split.ok) throw new FetchError(`invalid module path ${JSON.stringify(modulePath)}`, "invalid");
    const pathPrefix = codeRoot === modulePath ? modulePath : split.prefix;
    let codeDir = "";
    if (codeRoot !== modulePath) {
      if (!(pathPrefix === codeRoot || pathPrefix.startsWith(codeRoot + "/"))) {
        throw new FetchError(`repository rooted at ${codeRoot} cannot contain module ${modulePath}`, "invalid");
      }
      codeDir = pathPrefix.slice(codeRoot.length).replace(/^\/+|\/+$/g, "");
    }
    if (subdir) codeDir = [codeDir, subdir].filter(Boolean).join("/");
    const pm = split.pathMajor;
    this.layout = { modulePath, codeRoot, codeDir, pathPrefix, pathMajor: pm, pseudoMajor: pm ? pm.slice(1).replace(/-unstable$/, "") : "" };
  }

  private get tagPrefix(): string {
    return this.layout.codeDir ? this.layout.codeDir + "/" : "";
  }

  async versions(prefix: string): Promise<Versions> {
    const { codeDir, pathMajor } = this.layout;
    if (this.modulePath.startsWith("gopkg.in/") && this.modulePath.endsWith("-unstable")) return { list: [] };
    const p = this.tagPrefix + prefix;
    let tags;
    try {
      tags = await this.git.tags(p);
    } catch (err) {
      throw withModule(this.modulePath, err);
    }
    const origin: Origin = { ...tags.origin, Subdir: codeDir || undefined };
    const list: string[] = [];
    const incompatible: string[] = [];
    for (const tag of tags.list) {
      const v = tag.name.slice(this.tagPrefix.length);
      if (v === "" || v !== canonical(v) || isPseudoVersion(v)) continue;
      if (pathMajorProblem(v, pathMajor)) {
        if (codeDir === "" && pathMajor === "" && major(v) > "v1") incompatible.push(v);
        continue;
      }
      list.push(v);
    }
    sortVersions(list);
    sortVersions(incompatible);
    return { list: await this.withIncompatible(list, incompatible), origin: orderOrigin(origin) };
  }

  private async hasGoMod(v: string): Promise<boolean> {
    try {
      return (await this.git.readFile(v, "go.mod")) !== null;
    } catch (err) {
      throw withModule(this.modulePath, err);
    }
  }

  private async withIncompatible(list: string[], incompatible: string[]): Promise<string[]> {
    if (incompatible.length === 0 || this.layout.pathMajor !== "") return list;
    if (list.length > 0 && (await this.hasGoMod(list[list.length - 1]))) return list;
    const out = [...list];
    let lastMajor = "";
    let lastHasGoMod = false;
    for (let i = 0; i < incompatible.length; i++) {
      const v = incompatible[i];
      if (major(v) !== lastMajor) {
        lastMajor = major(v);
        let j = i;
        while (j + 1 < incompatible.length && major(incompatible[j + 1]) === lastMajor) j++;
        lastHasGoMod = await this.hasGoMod(incompatible[j]);
      }
      if (!lastHasGoMod) out.push(v + "+incompatible");
    }
    return out;
  }

  async stat(rev: string): Promise<RevInfo> {
    if (rev === "latest") return this.latest();
    let info: CommitInfo;
    try {
      info = await this.git.stat(this.revToRev(rev));
    } catch (err) {
      throw invalidVersion(this.modulePath, rev, err);
    }
    return this.convert(info, rev);
  }

  async latest(): Promise<RevInfo> {
    let info: CommitInfo;
    try {
      info = await this.git.latest();
    } catch (err) {
      throw withModule(this.modulePath, err);
    }
    return this.convert(info, "");
  }

  /** revToRev maps a module version to the git revision it names. */
  revToRev(rev: string): string {
    if (!isValid(rev)) return rev;
    if (isPseudoVersion(rev)) return pseudoVersionRev(rev);
    const v = build(rev) === "+incompatible" ? rev.slice(0, -"+incompatible".length) : rev;
    return this.tagPrefix + v;
  }

  private retractions(): Promise<(v: string) => boolean> {
    return (this.retracted ??= (async () => {
      let versions = (await this.versions("")).list;
      const inc = versions.findIndex((v) => v.endsWith("+incompatible"));
      if (inc >= 0) versions = versions.slice(0, inc);
      if (versions.length === 0) return () => false;
      const highest = [...versions].reverse().find((v) => prerelease(v) === "") ?? versions[versions.length - 1];
      const f = parseGoModFile("go.mod", (await this.goMod(highest)).toString("utf8"), { lax: true });
      const intervals = f.retract.map((r) => ({ low: r.low, high: r.high }));
      return (v: string) => intervals.some((r) => compare(r.low, v) <= 0 && compare(v, r.high) <= 0);
    })().catch(() => () => false));
  }

  /** convert turns a commit into the module version it is, as codeRepo.convert does. */
  private async convert(info: CommitInfo, statVers: string): Promise<RevInfo> {
    const version = await new VersionResolver(this, this.git, info, statVers, () => this.retractions()).resolve();
    const origin: Origin = { ...info.origin, Subdir: this.layout.codeDir || undefined };
    if (isPseudoVersion(version) && (version !== statVers || !version.startsWith("v0.0.0-"))) {
      let prefix = this.tagPrefix;
      if (this.layout.pathMajor) prefix += this.layout.pathMajor.slice(1) + ".";
      const tags = await this.git.tags(prefix);
      origin.TagPrefix = tags.origin.TagPrefix;
      origin.TagSum = tags.origin.TagSum;
    }
    return { Version: version, Time: timeText(info.time), Origin: orderOrigin(origin) };
  }

  /** findDir locates the module's directory and go.mod at a version (go's rules for /vN layouts). */
  findDir(version: string): Promise<{ rev: string; dir: string; goMod: Buffer | null }> {
    if (!isValid(version)) throw invalidVersion(this.modulePath, version, new Error("syntax error"));
    return findModuleDir(this.layout, this.git, this.revToRev(version), version);
  }

  /**
   * locate is what the go.mod and zip of a version start from: the version must be
   * canonical (a pseudo-version is checked against the repository first), and its module
   * directory is found. A failure is the repository's own, not wrapped in the module and
   * version (as go's codeRepo returns it: under an import stack, go prints it bare).
   */
  private async locate(version: string): Promise<{ rev: string; dir: string; goMod: Buffer | null }> {
    if (version !== canonicalVersion(version)) throw new FetchError(`version ${version} is not canonical`, "invalid");
    if (isPseudoVersion(version)) await this.stat(version);
    return this.findDir(version);
  }

  async goMod(version: string): Promise<Buffer> {
    const found = await this.locate(version);
    if (found.goMod) return found.goMod;
    const data = await this.git.readFile(found.rev, [found.dir, "go.mod"].filter(Boolean).join("/"));
    return data ?? Buffer.from(`module ${legacyQuote(this.modulePath)}\n`);
  }

  async zip(dst: ZipDestination, version: string): Promise<void> {
    const found = await this.locate(version);
    const subdir = found.dir.replace(/^\/+|\/+$/g, "");
    const tar = await this.git.archive(found.rev, subdir);
    if (tar === null) throw moduleFetchError(this.modulePath, version, new NotExistError("file does not exist"));
    const files: TreeFile[] = [];
    const top = "prefix/" + (subdir ? subdir + "/" : "");
    let haveLicense = false;
    for (const e of readTar(tar)) {
      if (!e.name.startsWith(top) || e.kind === "dir") continue;
      const name = e.name.slice(top.length);
      if (name === "" || name.endsWith("/")) continue;
      files.push({ path: name, kind: e.kind === "file" ? "file" : e.kind === "symlink" ? "symlink" : "other", data: e.data });
      if (name === "LICENSE") haveLicense = true;
    }
    if (!haveLicense && subdir !== "") {
      const license = await this.git.readFile(found.rev, "LICENSE");
      if (license) files.push({ path: "LICENSE", kind: "file", data: license });
    }
    await dst.write(createModuleZip(this.modulePath, version, files));
  }
}

/** orderOrigin returns origin with go's field order and without empty fields. */
function orderOrigin(o: Origin): Origin {
  const out: Record<string, string> = {};
  for (const k of ["VCS", "URL", "Subdir", "Hash", "TagPrefix", "TagSum", "Ref", "RepoSum"] as const) if (o[k]) out[k] = o[k]!;
  return out as Origin;
}

function legacyQuote(path: string): string {
  return /^[A-Za-z0-9._~/+-]+$/.test(path) && !path.includes("//") ? path : JSON.stringify(path);
}
