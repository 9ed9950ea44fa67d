// Finding a module for an import no requirement provides, as the go command does:
// every prefix of the import path that can be a module path is asked for its "latest"
// version (tagged releases first, then pre-releases, then the proxy's @latest; excluded
// and retracted versions never; +incompatible versions only when no compatible version
// has a go.mod), and the longest one whose latest version contains the package wins.

import { findError } from "../errors/chain.js";
import { FetchError, isNotExist } from "../fetch/errors.js";
import type { Fetcher } from "../fetch/fetcher.js";
import type { RevInfo } from "../fetch/repo.js";
import { modCompare } from "../module/modcompare.js";
import { checkPath, splitPathVersion } from "../module/path.js";
import { compare as compareSemver, isValid, max as semverMax, prerelease } from "../module/semver.js";
import { canonicalVersion } from "../module/path.js";
import { isPseudoVersion } from "../module/pseudo.js";
import { InvalidPathError, InvalidVersionError } from "../module/errors.js";
import type { ModuleVersion } from "../module/version.js";
import { isStandardImportPath } from "../scan/imports.js";
import { dirInModule, ImportMissingError } from "./importer.js";
import type { Replacements, SummaryReader } from "./summary.js";

export class NoMatchingVersionError extends Error {
  constructor(readonly query: string) {
    super(`no matching versions for query ${JSON.stringify(query)}`);
    this.name = "NoMatchingVersionError";
  }
}

export class PackageNotInModuleError extends Error {
  constructor(readonly mod: ModuleVersion, readonly query: string, readonly pattern: string, replacement: ModuleVersion | null) {
    let found = "";
    if (replacement) {
      const r = replacement.version ? `${replacement.path}@${replacement.version}` : replacement.path;
      found = query === mod.version ? ` (replaced by ${r})` : ` (${mod.version}, replaced by ${r})`;
    } else if (query !== mod.version) {
      found = ` (${mod.version})`;
    }
    super(`module ${mod.path}@${query} found${found}, but does not contain package ${pattern}`);
    this.name = "PackageNotInModuleError";
  }
}

/** A module found for a missing import, or why none could be. */
export class MissingVersionError extends Error {
  constructor(readonly importPath: string, readonly mod: ModuleVersion, readonly required: string) {
    super(`package ${importPath} provided by ${mod.path} at latest version ${mod.version} but not at required version ${required}`);
    this.name = "MissingVersionError";
  }
}

export interface QueryContext {
  mainPath: string;
  fetcher: Fetcher;
  reader: SummaryReader;
  replacements: Replacements;
  excluded: Set<string>;
  /** The version of a path selected in the current graph ("none" if absent). */
  selected(path: string): string;
  moduleDir(m: ModuleVersion): Promise<{ dir: string; local: boolean }>;
  /** Whether a directory holds a .go file (a Scanner's isGoDir). */
  isGoDir(dir: string): Promise<boolean>;
  log?: (line: string) => void;
}

/** zeroPseudoVersion is vN.0.0-00010101000000-000000000000. */
export function zeroPseudoVersion(major: string): string {
  return `${major}.0.0-00010101000000-000000000000`;
}

/**
 * queryLatest resolves path@latest; allowed filters versions (exclusions, retractions).
 * With the main module's replacements, the versions replace directives name count as
 * versions of path (even where the proxy has none), and a replaced path's highest
 * replaced version (or the zero pseudo-version for a replace of all versions) is its
 * latest when the proxy has no newer one, as the go command's replacementRepo.
 */
export async function queryLatest(fetcher: Fetcher, path: string, current: string, allowed: ((v: string) => Promise<boolean>) | null,
  replaced: Replacements | null = null): Promise<RevInfo> {
  const versions = await versionsOf(fetcher, path, replaced);
  const releases: string[] = [];
  const prereleases: string[] = [];
  let needIncompatible = current.endsWith("+incompatible");
  let lastCompatible = "";
  for (const v of versions) {
    if (allowed && !(await allowed(v))) continue;
    if (!needIncompatible) {
      if (!v.endsWith("+incompatible")) {
        lastCompatible = v;
      } else if (lastCompatible !== "") {
        if ((await fetcher.goMod(path, lastCompatible)).toString("utf8") !== `module ${path}\n`) break;
        needIncompatible = true;
      }
    }
    (prerelease(v) ? prereleases : releases).push(v);
  }
  const pick = releases[releases.length - 1] ?? prereleases[prereleases.length - 1];
  if (pick) return statOrReplaced(fetcher, path, pick, replaced);
  const latest = await latestOf(fetcher, path, replaced);
  if (latest && (!allowed || (await allowed(latest.Version)))) return latest.replaced ? latest : fetcher.stat(path, latest.Version);
  throw new NoMatchingVersionError("latest");
}

/**
 * versionsOf lists path's versions: the proxy's, with replaced versions. For a replaced
 * path (a replacement of all its versions too) a proxy that has none lists none, as the
 * go command's replacement repository answers.
 */
async function versionsOf(fetcher: Fetcher, path: string, replaced: Replacements | null): Promise<string[]> {
  const versions = replaced?.replacedVersions(path) ?? [];
  const named = versions.filter((v) => v !== "" && !isPseudoVersion(v));
  let listed: string[];
  try {
    listed = await fetcher.versions(path);
  } catch (err) {
    if (versions.length === 0 || !isNotExist(err)) throw err;
    listed = [];
  }
  const extra = named.filter((v) => !listed.includes(v));
  if (extra.length === 0) return listed;
  return [...listed, ...extra].sort((a, b) => modCompare(path, a, b));
}

/** statOrReplaced stats a version, which a replacement may provide where the proxy does not. */
async function statOrReplaced(fetcher: Fetcher, path: string, v: string, replaced: Replacements | null): Promise<RevInfo> {
  try {
    return await fetcher.stat(path, v);
  } catch (err) {
    if (replaced?.replacement({ path, version: v })) return replacementRev(v);
    throw err;
  }
}

/** latestOf is the proxy's @latest, or the highest replaced version when that is newer or the proxy has none. */
async function latestOf(fetcher: Fetcher, path: string, replaced: Replacements | null): Promise<(RevInfo & { replaced?: boolean }) | null> {
  let info: RevInfo | null = null;
  let failure: unknown = null;
  try {
    info = await fetcher.latest(path);
  } catch (err) {
    failure = err;
  }
  const versions = replaced?.replacedVersions(path) ?? [];
  if (versions.length > 0) {
    const highest = highestReplaced(path, versions);
    if (!info || modCompare(path, highest, info.Version) > 0) return { ...replacementRev(highest), replaced: true };
  }
  if (failure && !isNotExist(failure)) throw failure;
  return info;
}

/** highestReplaced is the highest of a path's replaced versions, or its zero pseudo-version for a replace of all versions. */
export function highestReplaced(path: string, versions: string[]): string {
  const v = versions.filter((x) => x !== "").reduce((a, b) => (a === "" || modCompare(path, a, b) < 0 ? b : a), "");
  if (v !== "") return v;
  const { pathMajor, ok } = splitPathVersion(path);
  return zeroPseudoVersion(ok && pathMajor.length > 0 ? pathMajor.slice(1) : "v0");
}

function replacementRev(v: string): RevInfo {
  return { Version: v };
}

/**
 * queryVersion resolves a version query written in go.mod ("v1.2" and "v1": the newest
 * matching release, else prerelease; a non-canonical semantic version; "latest"; anything
 * else, a branch or revision, is asked of the proxy). Exclusions and retractions do not
 * apply, as in the go command.
 */
export async function queryVersion(fetcher: Fetcher, path: string, query: string): Promise<string> {
  if (query === "latest") return (await queryLatest(fetcher, path, "", null)).Version;
  if (isValid(query)) {
    if (!/[-+]/.test(query) && query.split(".").length <= 2) {
      const matching = (await fetcher.versions(path)).filter((v) => v.startsWith(query + ".") && compareSemver(v, query) >= 0);
      const releases = matching.filter((v) => prerelease(v) === "");
      const pick = (releases.length > 0 ? releases : matching).reduce((a, b) => (a === "" ? b : semverMax(a, b)), "");
      if (pick === "") throw new NoMatchingVersionError(query);
      return pick;
    }
    return (await fetcher.stat(path, canonicalVersion(query))).Version;
  }
  // A failure is the proxy's: for a query, a ModuleError about an InvalidVersionError
  // ("path@query: invalid version: ..."), which go.mod reports at the requirement's line.
  return (await fetcher.stat(path, query)).Version;
}

export class Querier {
  private readonly latestIgnoringRetractions = new Map<string, Promise<ModuleVersion>>();

  constructor(private readonly ctx: QueryContext) {}

  /** queryLatest resolves path@latest; allowed filters versions (exclusions, retractions). */
  queryLatest(path: string, current: string, allowed: ((v: string) => Promise<boolean>) | null): Promise<RevInfo> {
    return queryLatest(this.ctx.fetcher, path, current, allowed, this.ctx.replacements);
  }

  /** allowed reports whether a version is neither excluded nor retracted (errors reading retractions allow it). */
  allowedFor(path: string): (v: string) => Promise<boolean> {
    return async (v) => {
      if (this.ctx.excluded.has(`${path}@${v}`)) return false;
      if (this.ctx.replacements.replacement({ path, version: "" })) return true;
      try {
        const latest = await this.latestIgnoringRetractionsOf(path);
        const summary = await this.ctx.reader.summary(latest);
        return !summary.retract.some((r) => modCompare(path, r.low, v) <= 0 && modCompare(path, v, r.high) <= 0);
      } catch {
        return true;
      }
    };
  }

  private latestIgnoringRetractionsOf(path: string): Promise<ModuleVersion> {
    let p = this.latestIgnoringRetractions.get(path);
    if (!p) {
      p = this.queryLatest(path, "", null).then((rev) => ({ path, version: rev.Version }));
      this.latestIgnoringRetractions.set(path, p);
    }
    return p;
  }

  /** queryImport finds the module to add for a missing import. */
  async queryImport(path: string): Promise<ModuleVersion> {
    const { replacements, selected, moduleDir, mainPath } = this.ctx;
    const isGoDir = (dir: string) => this.ctx.isGoDir(dir);
    // Replaced modules first: no query needed.
    const replaced: ModuleVersion[] = [];
    for (const mp of replacements.replacedPaths()) {
      if (path !== mp && !path.startsWith(mp + "/")) continue;
      const mv = highestReplaced(mp, replacements.replacedVersions(mp));
      if (modCompare(mp, selected(mp), mv) >= 0) continue;
      replaced.push({ path: mp, version: mv });
    }
    replaced.sort((a, b) => b.path.length - a.path.length);
    for (const m of replaced) {
      const { dir, local } = await moduleDir(m);
      if ((await dirInModule(path, m.path, dir, local, isGoDir))?.hasGoFiles) return m;
    }
    if (replaced.length > 0) {
      let validPath = true;
      try {
        checkPath(path);
      } catch {
        validPath = false;
      }
      if (!validPath) throw new PackageNotInModuleError(replaced[0], "latest", path, replacements.replacement(replaced[0]));
    }
    if (isStandardImportPath(path)) throw new ImportMissingError(path, true);

    this.ctx.log?.(`go: finding module for package ${path}`);
    const candidates: string[] = [];
    for (let p = path; ; p = p.slice(0, p.lastIndexOf("/"))) {
      if (p !== mainPath && splitPathVersion(p).ok) candidates.push(p);
      if (!p.includes("/")) break;
    }
    // The GOPROXY list is tried for the query as a whole: a path the first entry does not
    // know is not asked of the next when another path was found there (go's TryProxies).
    let found: ModuleVersion[];
    try {
      found = await this.ctx.fetcher.throughEach((via) => this.queryPrefixes(path, candidates, via));
    } catch (err) {
      if (!(err instanceof ImportMissingError) && isNotExist(err)) throw new ImportMissingError(path, false, err as Error);
      throw err;
    }
    for (const c of found) {
      if (modCompare(c.path, selected(c.path), c.version) > 0) continue;
      return c;
    }
    throw new MissingVersionError(path, found[0], selected(found[0].path));
  }

  /**
   * queryPrefixes asks each candidate module path for its latest version through via and
   * returns those holding the package, longest first, or throws the error go's
   * queryPrefixModules gives.
   */
  private async queryPrefixes(path: string, candidates: string[], via: Fetcher): Promise<ModuleVersion[]> {
    const { replacements, selected, moduleDir } = this.ctx;
    const isGoDir = (dir: string) => this.ctx.isGoDir(dir);
    const results = await Promise.all(candidates.map(async (c) => {
      try {
        const rev = await queryLatest(via, c, selected(c), this.allowedFor(c), replacements);
        const mod = { path: c, version: rev.Version };
        const { dir, local } = await moduleDir(mod);
        if (!(await dirInModule(path, c, dir, local, isGoDir))?.hasGoFiles) {
          return { err: new PackageNotInModuleError(mod, "latest", path, replacements.replacement(mod)) as Error };
        }
        return { mod };
      } catch (err) {
        return { err: err as Error };
      }
    }));
    const found: ModuleVersion[] = [];
    let firstOther: Error | null = null;
    let noPackage: Error | null = null;
    let noVersion: Error | null = null;
    let invalidPath: Error | null = null;
    let invalidVersion: Error | null = null;
    let notExist: Error | null = null;
    for (const r of results) {
      const e = r.err;
      if (r.mod) found.push(r.mod);
      if (!e) continue;
      if (e instanceof PackageNotInModuleError) noPackage ??= e;
      else if (e instanceof NoMatchingVersionError) noVersion ??= e;
      else if (e instanceof InvalidPathError) invalidPath ??= e;
      else if (isNotExist(e)) notExist ??= e;
      else if (findError(e, InvalidVersionError)) invalidVersion ??= e;
      else if (!firstOther && found.length === 0 && !noPackage) firstOther = e;
    }
    // An unclassified error at the longest path, met before any module was found there, is
    // the answer even where a shorter path found one (as go's queryPrefixModules returns it
    // beside what it found).
    if (firstOther) throw firstOther;
    if (found.length === 0) throw noPackage ?? noVersion ?? invalidPath ?? invalidVersion ?? notExist ?? new ImportMissingError(path, false);
    return found;
  }
}

export { FetchError };
