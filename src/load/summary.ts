// What the module graph needs from one module's go.mod: its requirements (after the main
// module's exclusions), its go version (which decides pruning, and from go 1.21 on is
// itself a requirement on the "go" pseudo-module), retractions and deprecation.
// Replacements decide where the go.mod comes from: a local directory, another module
// version, or the module itself through the fetcher.

import { readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { GoModFile } from "../modfile/file.js";
import { GoModErrorList } from "../modfile/errors.js";
import { parseGoModFile } from "../modfile/rules.js";
import { ModuleError } from "../module/errors.js";
import { compareGoVersions, goVersions, localGoVersion } from "../module/gover.js";
import type { ModuleVersion } from "../module/version.js";
import { decodeBytes } from "../text/utf8.js";

export type Pruning = "pruned" | "unpruned";

export interface ModSummary {
  module: ModuleVersion;
  goVersion: string;
  toolchain: string;
  pruning: Pruning;
  require: ModuleVersion[];
  retract: { low: string; high: string; rationale: string }[];
  deprecated: string;
}

/** pruningFor returns the pruning of a module with this go version (go >= 1.17 prunes). */
export function pruningFor(goVersion: string): Pruning {
  return goVersion !== "" && compareGoVersions(goVersion, goVersions.pruning) >= 0 ? "pruned" : "unpruned";
}

/** TooNewError: a go.mod needs a newer Go than the one gotidy-ts follows. */
export class TooNewError extends Error {
  constructor(readonly what: string, readonly goVersion: string) {
    super(`${what} requires go >= ${goVersion} (running go ${localGoVersion})`);
    this.name = "TooNewError";
  }

  /** text is the go command's message; gotoolchain is the GOTOOLCHAIN setting. */
  text(gotoolchain: string, what = this.what): string {
    const explain = gotoolchain !== "" && gotoolchain !== "auto" ? `; GOTOOLCHAIN=${gotoolchain}` : "";
    const text = `${what} requires go >= ${this.goVersion} (running go ${localGoVersion}${explain})`;
    // The go command would switch to a newer toolchain here; gotidy-ts cannot.
    return explain ? text : `${text}\n\tgotidy-ts follows go ${localGoVersion} and cannot switch to a newer Go toolchain`;
  }
}

/** Replacements of the main module's go.mod: a specific version wins over the all-versions form. */
export class Replacements {
  private readonly byVersion = new Map<string, ModuleVersion>();
  private readonly byPath = new Map<string, ModuleVersion>();

  constructor(main: GoModFile | null) {
    for (const r of main?.replace ?? []) {
      if (r.old.version) this.byVersion.set(`${r.old.path}@${r.old.version}`, r.new);
      else this.byPath.set(r.old.path, r.new);
    }
  }

  /** replacement returns what replaces m, or null. */
  replacement(m: ModuleVersion): ModuleVersion | null {
    return this.byVersion.get(`${m.path}@${m.version}`) ?? this.byPath.get(m.path) ?? null;
  }

  /** replacedVersions lists the versions of path named on the left of a replace (and "" for the wildcard). */
  replacedVersions(path: string): string[] {
    const out: string[] = [];
    for (const k of this.byVersion.keys()) if (k.startsWith(path + "@")) out.push(k.slice(path.length + 1));
    if (this.byPath.has(path)) out.push("");
    return out;
  }

  /** replacedPaths lists every module path that some replace directive names. */
  replacedPaths(): Set<string> {
    const out = new Set(this.byPath.keys());
    for (const k of this.byVersion.keys()) out.add(k.slice(0, k.lastIndexOf("@")));
    return out;
  }
}

/** GoModFacts: what a summary takes from a go.mod's text (summaryFrom adds what depends on the module asked for). */
export interface GoModFacts {
  module: ModuleVersion;
  goVersion: string;
  toolchain: string;
  require: ModuleVersion[];
  retract: { low: string; high: string; rationale: string }[];
  deprecated: string;
}

/**
 * ParsedGoMods keeps the facts of go.mod texts parsed before, by their bytes (a go.mod of
 * the module cache never changes, and the facts depend on nothing else), so that a later
 * run need not parse them again. Facts returned are not changed by the reader.
 */
export interface ParsedGoMods {
  get(data: Buffer): GoModFacts | undefined;
  put(data: Buffer, facts: GoModFacts): void;
}

/** Where module go.mod files come from. */
export interface GoModFetcher {
  goMod(path: string, version: string): Promise<Buffer>;
}

export interface SummaryOptions {
  fetcher: GoModFetcher;
  replacements: Replacements;
  /** Excluded module versions ("path@version"). */
  excluded: Set<string>;
  /** The main module's directory (replacement directories are relative to it). */
  mainDir: string;
  /** The working directory, for short paths in messages. */
  cwd: string;
  /** The facts of module versions' go.mod files parsed before (none: each is parsed). */
  parsed?: ParsedGoMods;
}

function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && Buffer.byteLength(rel) < Buffer.byteLength(path) ? rel : path;
}

/** SummaryReader reads (and caches) module summaries. */
export class SummaryReader {
  private readonly cache = new Map<string, Promise<ModSummary>>();

  constructor(private readonly options: SummaryOptions) {}

  /** replacementDir returns the directory of a directory replacement, or null. */
  replacementDir(r: ModuleVersion): string | null {
    if (r.version !== "") return null;
    return isAbsolute(r.path) ? r.path : join(this.options.mainDir, r.path);
  }

  summary(m: ModuleVersion): Promise<ModSummary> {
    const k = `${m.path}@${m.version}`;
    let s = this.cache.get(k);
    if (!s) {
      s = this.read(m);
      this.cache.set(k, s);
    }
    return s;
  }

  private async read(m: ModuleVersion): Promise<ModSummary> {
    if (m.path === "go" || m.path === "toolchain") {
      const require = m.path === "go" && compareGoVersions(m.version, goVersions.goStrict) >= 0
        ? [{ path: "toolchain", version: "go" + m.version }] : [];
      return { module: m, goVersion: "", toolchain: "", pruning: "unpruned", require, retract: [], deprecated: "" };
    }
    const actual = this.options.replacements.replacement(m) ?? m;
    const summary = await this.raw(actual);
    if (actual.version !== "") {
      if (summary.module.path === "") throw new ModuleError(actual.path, actual.version, new Error("parsing go.mod: missing module line"));
      if (summary.module.path !== m.path && summary.module.path !== actual.path) {
        throw new ModuleError(actual.path, actual.version, new Error(
          `parsing go.mod:\n\tmodule declares its path as: ${summary.module.path}\n\t        but was required as: ${m.path}`));
      }
    }
    if (summary.require.some((r) => this.options.excluded.has(`${r.path}@${r.version}`))) {
      return { ...summary, require: summary.require.filter((r) => !this.options.excluded.has(`${r.path}@${r.version}`)) };
    }
    return summary;
  }

  private async raw(m: ModuleVersion): Promise<ModSummary> {
    let name: string;
    let data: Buffer;
    if (m.version === "") {
      const dir = this.replacementDir(m)!;
      const file = join(dir, "go.mod");
      name = shortPath(file, this.options.cwd);
      try {
        data = readFileSync(file);
      } catch (err) {
        const reason = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or directory" : (err as Error).message;
        throw new ModuleError(m.path, "", new Error(`reading ${name}: open ${file}: ${reason}`));
      }
    } else {
      name = "go.mod";
      data = await this.options.fetcher.goMod(m.path, m.version);
      const known = this.options.parsed?.get(data);
      if (known) return summaryFrom(m, known);
    }
    let f: GoModFile;
    try {
      f = parseGoModFile(name, decodeBytes(data), { lax: true });
    } catch (err) {
      if (err instanceof GoModErrorList) throw new ModuleError(m.path, m.version, new Error(`parsing ${name}: ${err.message}`));
      throw err;
    }
    const facts = factsOf(f);
    if (m.version !== "") this.options.parsed?.put(data, facts);
    return summaryFrom(m, facts);
  }
}

/** factsOf takes a summary's facts from a parsed go.mod. */
export function factsOf(f: GoModFile): GoModFacts {
  return {
    module: f.module ? { ...f.module.mod } : { path: "", version: "" },
    goVersion: f.go?.version ?? "",
    toolchain: f.toolchain?.name ?? "",
    require: f.require.map((r) => ({ ...r.mod })),
    retract: f.retract.map((r) => ({ low: r.low, high: r.high, rationale: r.rationale })),
    deprecated: f.module?.deprecated ?? "",
  };
}

/** summaryOf takes what the graph needs from a parsed go.mod. */
export function summaryOf(m: ModuleVersion, f: GoModFile): ModSummary {
  return summaryFrom(m, factsOf(f));
}

/** summaryFrom is the summary of module m whose go.mod has these facts. */
export function summaryFrom(m: ModuleVersion, facts: GoModFacts): ModSummary {
  const { goVersion } = facts;
  const require = facts.require.map((r) => ({ ...r }));
  if (goVersion !== "" && compareGoVersions(goVersion, goVersions.goStrict) >= 0) {
    require.push({ path: "go", version: goVersion });
    if (compareGoVersions(goVersion, localGoVersion) > 0) {
      throw new TooNewError(`module ${m.version ? `${m.path}@${m.version}` : m.path}`, goVersion);
    }
  }
  return {
    module: { ...facts.module },
    goVersion,
    toolchain: facts.toolchain,
    pruning: goVersion === "" ? "unpruned" : pruningFor(goVersion),
    require,
    retract: facts.retract.map((r) => ({ ...r })),
    deprecated: facts.deprecated,
  };
}
