// The module version of a commit (cmd/go's codeRepo.convert and validatePseudoVersion):
// a canonical tag on the commit when one fits the module path's major version, else a
// pseudo-version above the highest allowed tag the commit descends from; a version asked
// for must resolve to itself, and a pseudo-version must match the commit's hash, time
// and base tag.

import { NotExistError } from "../errors.js";
import { canonicalVersion, pathMajorProblem } from "../../module/path.js";
import { isPseudoVersion } from "../../module/pseudo.js";
import { canonical, compare, major } from "../../module/semver.js";
import { invalidVersion } from "./errors.js";
import type { ModuleInRepo } from "./layout.js";
import type { CommitInfo, GitRepo } from "./git.js";
import { pseudoTimestamp, pseudoVersion, pseudoVersionBase, pseudoVersionRev, pseudoVersionStamp } from "./pseudo.js";

const matchPathMajor = (v: string, pathMajor: string) => pathMajorProblem(v, pathMajor) === null;

/** VersionResolver decides the version of one commit, for one Stat or Latest call. */
export class VersionResolver {
  private readonly incompatibleOk = new Map<string, boolean>();

  constructor(
    private readonly repo: ModuleInRepo,
    private readonly git: GitRepo,
    private readonly info: CommitInfo,
    private readonly statVers: string,
    private readonly retractions: () => Promise<(v: string) => boolean>,
  ) {}

  private get path(): string {
    return this.repo.modulePath;
  }

  private get tagPrefix(): string {
    return this.repo.layout.codeDir ? this.repo.layout.codeDir + "/" : "";
  }

  private async canUseIncompatible(v: string): Promise<boolean> {
    const { codeDir, pathMajor } = this.repo.layout;
    if (codeDir !== "" || pathMajor !== "") return false;
    if (!this.incompatibleOk.has("")) this.incompatibleOk.set("", (await this.git.readFile(this.info.name, "go.mod")) === null);
    if (!this.incompatibleOk.get("")) return false;
    if (v !== "" && !this.statVers.endsWith("+incompatible")) {
      const m = major(v);
      if (!this.incompatibleOk.has(m)) this.incompatibleOk.set(m, (await this.git.readFile(this.info.name, `${m}/go.mod`)) === null);
      if (!this.incompatibleOk.get(m)) return false;
    }
    return true;
  }

  /** checkCanonical checks v against the module path, adding +incompatible where needed. */
  private async checkCanonical(v: string): Promise<string> {
    try {
      await this.repo.findDir(v);
    } catch (err) {
      // go wraps a missing or mismatched go.mod here as not-exist
      throw invalidVersion(this.path, v, new NotExistError((err as Error).message, "not-found", { cause: err }));
    }
    const invalid = (text: string) => invalidVersion(this.path, v, new Error(text));
    const { pathMajor, pathPrefix } = this.repo.layout;
    if (v === this.statVers.replace(/\+incompatible$/, "")) v = this.statVers;
    const base = v.replace(/\+incompatible$/, "");
    let problem: Error | null = null;
    if (!matchPathMajor(base, pathMajor)) {
      if (await this.canUseIncompatible(base)) v = base + "+incompatible";
      else if (pathMajor !== "") problem = invalid("module path includes a major version suffix, so major version must match");
      else problem = invalid(`module contains a go.mod file, so module path must match major version ("${pathPrefix}/${major(v)}")`);
    } else if (v.endsWith("+incompatible")) {
      problem = invalid(`+incompatible suffix not allowed: major version ${major(v)} is compatible`);
    }
    if (this.statVers !== "" && this.statVers === canonicalVersion(this.statVers)) {
      const statBase = this.statVers.replace(/\+incompatible$/, "");
      if (statBase !== base) throw invalidVersion(this.path, this.statVers, new Error(`resolves to version ${v} (${statBase} is not a tag)`));
    }
    if (problem) throw problem;
    return v;
  }

  private tagToVersion(tag: string): { v: string; isCanonical: boolean } {
    if (!tag.startsWith(this.tagPrefix) || isPseudoVersion(tag)) return { v: "", isCanonical: false };
    const trimmed = tag.slice(this.tagPrefix.length);
    const v = canonical(trimmed);
    if (v === "" || !trimmed.startsWith(v)) return { v: "", isCanonical: false };
    return { v, isCanonical: v === trimmed };
  }

  /** resolve returns the version of the commit. */
  async resolve(): Promise<string> {
    const { info, statVers } = this;
    if (isPseudoVersion(statVers)) {
      const v = await this.checkCanonical(statVers);
      try {
        await this.validatePseudo(statVers);
      } catch (err) {
        throw invalidVersion(this.path, statVers, err, true);
      }
      return v;
    }
    const isRetracted = await this.retractions();
    const own = this.tagToVersion(info.version);
    if (own.isCanonical) {
      const ok = await this.checkCanonical(own.v).catch(() => null);
      if (ok) return ok;
    }
    let highest = "";
    let pseudoBase = "";
    for (const tag of info.tags) {
      const { v, isCanonical } = this.tagToVersion(tag);
      if (statVers !== "" && compare(v, statVers) === 0) {
        if (isCanonical) return this.checkCanonical(v);
        pseudoBase = v;
      }
      if (isCanonical && compare(highest, v) < 0 && !isRetracted(v)) {
        if (matchPathMajor(v, this.repo.layout.pathMajor) || (await this.canUseIncompatible(v))) highest = v;
      }
    }
    if (highest !== "") return this.checkCanonical(highest);
    if (pseudoBase === "") {
      const allowed = async (tag: string) => {
        const { v } = this.tagToVersion(tag);
        if (v === "") return false;
        if (!matchPathMajor(v, this.repo.layout.pathMajor) && !(await this.canUseIncompatible(v))) return false;
        return !isRetracted(v);
      };
      const tag = await this.git.recentTag(info.name, this.tagPrefix, allowed);
      if (tag !== "") pseudoBase = this.tagToVersion(tag).v;
    }
    return this.checkCanonical(pseudoVersion(this.repo.layout.pseudoMajor, pseudoBase, info.time, info.short));
  }

  /** validatePseudo checks a pseudo-version's hash, time and base tag against the commit. */
  private async validatePseudo(version: string): Promise<void> {
    const { info } = this;
    const rev = pseudoVersionRev(version);
    if (rev !== info.short) {
      if (rev.startsWith(info.short)) throw new Error(`revision is longer than canonical (expected ${info.short})`);
      if (info.short.startsWith(rev)) throw new Error(`revision is shorter than canonical (expected ${info.short})`);
      throw new Error(`does not match short name of revision (expected ${info.short})`);
    }
    if (pseudoVersionStamp(version) !== pseudoTimestamp(info.time)) {
      throw new Error(`does not match version-control timestamp (expected ${pseudoTimestamp(info.time)})`);
    }
    const base = pseudoVersionBase(version.replace(/\+incompatible$/, ""));
    if (base === "") {
      if (this.repo.layout.pseudoMajor === "" && major(version) === "v1") throw new Error("major version without preceding tag must be v0, not v1");
      return;
    }
    for (const tag of info.tags) {
      if (tag.slice(tag.startsWith(this.tagPrefix) ? this.tagPrefix.length : 0) === base) {
        throw new Error(`tag (${tag}) found on revision ${rev} is already canonical, so should not be replaced with a pseudo-version derived from that tag`);
      }
    }
    const tags = await this.git.tags(this.tagPrefix + base);
    let lastTag = "";
    let found = false;
    for (const tag of tags.list) {
      if (compare(tag.name.slice(this.tagPrefix.length), base) !== 0) continue;
      lastTag = tag.name;
      found = await this.git.descendsFrom(info.name, tag.name);
      if (found) break;
    }
    if (lastTag === "") throw new Error(`preceding tag (${base}) not found`);
    if (!found) throw new Error(`revision ${rev} is not a descendent of preceding tag (${lastTag})`);
  }
}
