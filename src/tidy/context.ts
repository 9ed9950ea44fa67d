// What every phase of a tidy run reads and none changes: the options, the main module,
// the go versions asked for and declared, and the sources of other modules (the fetcher,
// the go.mod summaries, module directories).

import { existsSync } from "node:fs";
import { join } from "node:path";
import { createFetcher } from "../fetch/index.js";
import type { Fetcher } from "../fetch/fetcher.js";
import type { Verifier } from "../fetch/verify.js";
import type { ResolverSource } from "../load/importer.js";
import { loadGraph, type ModuleGraph } from "../load/modgraph.js";
import { Querier } from "../load/query.js";
import { SummaryReader, TooNewError } from "../load/summary.js";
import type { GoSum } from "../modfile/gosum.js";
import { ModuleError } from "../module/errors.js";
import { compareGoVersions, goVersions, localGoVersion } from "../module/gover.js";
import type { ModuleVersion } from "../module/version.js";
import type { Scanner } from "../scan/scanner.js";
import { GoVersions, goVersionsOf } from "./goversion.js";
import { MainModule, readGoLine, readGoLineOf } from "./main-module.js";
import { ModuleTrees } from "./module-trees.js";
import type { TidyOptions } from "./options.js";
import { RequirementsReader } from "./requirements.js";

/** The fetcher and the verifier whose verified sums go.sum is written from. */
export interface FetchSources {
  fetcher: Fetcher;
  verifier: Verifier;
}

/** A module's files: in the module cache, or a local directory (the main module, a replacement). */
export interface ModuleDir {
  dir: string;
  local: boolean;
}

/** TidyContext is what the phases of one run share. It does not change during the run. */
export interface TidyContext {
  readonly options: TidyOptions;
  /** The directory paths in messages are relative to. */
  readonly cwd: string;
  readonly main: MainModule;
  readonly go: GoVersions;
  readonly fetcher: Fetcher;
  readonly verifier: Verifier;
  readonly reader: SummaryReader;
  readonly requirements: RequirementsReader;
  /** Reads package directories: the main module's, and those of the modules loaded from. */
  readonly scanner: Scanner;
  /**
   * moduleDir returns the directory of m's files, downloading it if need be. As the go
   * command's download, it refuses (TooNewError) a module whose go line is newer than
   * this Go.
   */
  readonly moduleDir: (m: ModuleVersion) => Promise<ModuleDir>;
}

/**
 * fetchSources returns a function that creates the fetcher and verifier on its first call
 * (from options.fetch, or from the settings) and returns the same ones after.
 */
export function fetchSources(options: TidyOptions, goSum: GoSum): () => FetchSources {
  let sources: FetchSources | undefined = options.fetch;
  return () => (sources ??= createFetcher({
    settings: options.settings, goSum, log: options.log, trace: options.trace, warn: options.warn, offline: options.offline, observer: options.observer,
    commandEnv: options.commandEnv, ...(options.timeoutMs ? { http: { timeoutMs: options.timeoutMs } } : {}),
  }));
}

/** newContext prepares the shared state of a run over the main module. */
export function newContext(options: TidyOptions, cwd: string, main: MainModule, sources: FetchSources, scanner: Scanner): TidyContext {
  const { fetcher, verifier } = sources;
  const reader = new SummaryReader({ fetcher, replacements: main.replacements, excluded: main.excluded, mainDir: main.root, cwd, parsed: options.parsedGoMods });
  const goLines = new Map<string, string>();
  const trees = new ModuleTrees();
  // A module that failed to download fails again at once, without a second attempt (or a
  // second "-> unzip" line), as the go command keeps each download's error for the run.
  const failed = new Map<string, unknown>();
  // A module version's directory, once found, is that for the rest of the run (the go
  // command downloads each module once): resolving each package asks for the directories
  // of all its candidate modules, and the module cache is not checked again each time.
  const found = new Map<string, ModuleDir>();
  const moduleDir = async (m: ModuleVersion): Promise<ModuleDir> => {
    const k = `${m.path}@${m.version}`;
    const known = found.get(k);
    if (known) return known;
    const d = await findModuleDir(m);
    found.set(k, d);
    return d;
  };
  const findModuleDir = async (m: ModuleVersion): Promise<ModuleDir> => {
    if (m.path === main.path && m.version === "") return { dir: main.root, local: true };
    const r = main.replacements.replacement(m);
    if (r && r.version === "") {
      const dir = reader.replacementDir(r)!;
      if (!existsSync(dir)) throw new ModuleError(m.path, m.version, new Error(`replacement directory ${r.path} does not exist`));
      return { dir, local: true };
    }
    const actual = r ?? m;
    const key = `${actual.path}@${actual.version}`;
    if (failed.has(key)) throw failed.get(key);
    // A module downloaded now is read from its zip, when the scanner can read it there.
    const fetched = scanner.readsDirFiles
      ? fetcher.moduleFiles(actual.path, actual.version)
      : fetcher.download(actual.path, actual.version).then((dir) => ({ dir, files: null }));
    const { dir, files } = await fetched.catch((err: unknown) => {
      failed.set(key, err);
      throw err;
    });
    if (files) trees.add(dir, files);
    // Read once per module: resolving each package asks for its candidates' directories.
    let goLine = goLines.get(dir);
    if (goLine === undefined) {
      goLine = files ? readGoLineOf(trees.goModOf(dir), options.parsedGoMods) : readGoLine(join(dir, "go.mod"), options.parsedGoMods);
      goLines.set(dir, goLine);
    }
    if (goLine && compareGoVersions(goLine, localGoVersion) > 0) throw new TooNewError(`${actual.path}@${actual.version}`, goLine);
    return { dir, local: false };
  };
  return {
    options, cwd, main, go: goVersionsOf(main.file, options.goVersion), fetcher, verifier, reader,
    requirements: new RequirementsReader(main.mod, reader), scanner: trees.scanner(scanner), moduleDir,
  };
}

/**
 * resolverFor is how the loader locates packages in the modules of these roots and their
 * graph: pruned says whether only the roots' own requirements count (see load/importer);
 * with a loading go version of 1.21 or later, each module resolved to must have a go.mod
 * summary that can be read, as the go command checks.
 */
export function resolverFor(ctx: TidyContext, rs: { roots: readonly ModuleVersion[]; graph: ModuleGraph }, pruned: boolean, loadGo: string): ResolverSource {
  const rootMap = new Map(rs.roots.map((m) => [m.path, m.version]));
  const graph = rs.graph;
  return {
    mainPath: ctx.main.path,
    pruned,
    rootVersion: (p) => rootMap.get(p),
    selectedVersion: async (p) => (await loadGraph(graph)).selected(p),
    moduleDir: ctx.moduleDir,
    checkResolved: compareGoVersions(loadGo, goVersions.tidyGoModSum) >= 0 ? async (m) => { await ctx.reader.summary(m); } : undefined,
    isGoDir: (dir) => ctx.scanner.isGoDir(dir),
  };
}

/** querierFor answers queries for modules providing missing imports, against graph. */
export function querierFor(ctx: TidyContext, graph: ModuleGraph): Querier {
  const { main } = ctx;
  return new Querier({
    mainPath: main.path, fetcher: ctx.fetcher, reader: ctx.reader, replacements: main.replacements, excluded: main.excluded,
    moduleDir: ctx.moduleDir, log: ctx.options.log,
    isGoDir: (dir) => ctx.scanner.isGoDir(dir),
    selected: (p) => (p === main.path ? "" : graph.selected(p)),
  });
}
