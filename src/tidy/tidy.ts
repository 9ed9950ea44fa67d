// go mod tidy: read the main module, load its packages and their dependencies, and compute
// the go.mod and go.sum the go command would write. This version handles modules whose
// requirements already provide every import and whose go line is 1.17 or newer; it says so
// plainly when a run would need more (finding modules for missing imports, unpruned graphs).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { shortPath } from "../text/paths.js";
import { createFetcher } from "../fetch/index.js";
import type { FetchObserver } from "../fetch/observer.js";
import { findFetchError, isOffline } from "../fetch/errors.js";
import type { Fetcher } from "../fetch/fetcher.js";
import type { Verifier } from "../fetch/verify.js";
import { ImportMissingError, ResolverSource, resolveImport } from "../load/importer.js";
import { Loader, Package } from "../load/loader.js";
import { expandGraph, ModuleGraph, readModGraph } from "../load/modgraph.js";
import { pruningFor, Replacements, SummaryReader, TooNewError } from "../load/summary.js";
import { BuildListError } from "../mvs/mvs.js";
import type { GoSettings } from "../settings/resolve.js";
import { cleanup, setGoVersion, setRequire, setRequireSeparateIndirect, setToolchain, dropToolchain, sortBlocks } from "../modfile/edit.js";
import type { GoModFile } from "../modfile/file.js";
import { formatGoSum, GoSum, parseGoSum } from "../modfile/gosum.js";
import { printSyntax } from "../modfile/print.js";
import { parseGoModFile } from "../modfile/rules.js";
import { compareGoVersions, fromToolchain, goVersions, localGoVersion } from "../module/gover.js";
import { canonicalVersion } from "../module/path.js";
import { ModuleError, InvalidVersionError } from "../module/errors.js";
import type { ModuleVersion } from "../module/version.js";
import { scanModule } from "../scan/walk.js";
import type { Scanner } from "../scan/scanner.js";
import { deferScanner } from "../scan/deferred.js";
import { createScanner } from "../scan/source-scanner.js";
import { importPathError } from "../scan/imports.js";
import { decodeBytes } from "../text/utf8.js";
import { tidyPrunedRoots, tidyUnprunedRoots } from "./roots.js";
import { Querier, queryVersion } from "../load/query.js";
import { modCompare } from "../module/modcompare.js";
import { Change, collectEvidence, explainGoMod, explainGoSum, Requirements } from "./explain.js";

/**
 * TidyErrors: errors of a tidy run, each a line as the go command prints it; errors (an
 * AggregateError's list) holds the underlying errors where known (a FetchError behind a
 * package error, say).
 */
export class TidyErrors extends AggregateError {
  declare readonly errors: Error[];

  constructor(readonly lines: string[], causes: Error[] = []) {
    super(causes, lines.join("\n"));
    this.name = "TidyErrors";
  }
}

export interface TidyOptions {
  /** The module root (the directory holding go.mod). */
  root: string;
  /** The go command's settings (src/settings), resolved once by the caller. */
  settings: GoSettings;
  /** Progress lines ("go: downloading ..."). */
  log?: (line: string) => void;
  trace?: (line: string) => void;
  warn?: (line: string) => void;
  /** For tests: a prepared fetcher and verifier instead of ones built from the settings. */
  fetch?: { fetcher: Fetcher; verifier: Verifier };
  /** The working directory, for the paths in messages. */
  cwd: string;
  /** -e: report package errors (through log) and tidy anyway. */
  allowErrors?: boolean;
  /** -go: the Go version to write (and whose semantics to load with). */
  goVersion?: string;
  /** -compat: the oldest Go version that must select the same versions. */
  compatVersion?: string;
  /** -v: conflicts are described with their whole requirement path. */
  verbose?: boolean;
  /** Make no network request: only the module cache, go.sum and local files are used. */
  offline?: boolean;
  /** Told of every request, download and body chunk of the fetch layer. */
  observer?: FetchObserver;
  /** Told of the scanning of the main module and of each package read. */
  progress?: (event: TidyProgress) => void;
  /** Reads package directories; default: a tree-sitter scanner made when the first
   * directory is read (a run that fails before never loads the parser) and closed at the end. */
  scanner?: Scanner;
}

/** Progress of a tidy run: the main module's files scanned, then packages read. */
export type TidyProgress =
  | { kind: "scanned"; packages: number; files: number }
  | { kind: "package"; path: string; packages: number; files: number };

export interface TidyResult {
  /** The main module's path. */
  modulePath: string;
  oldGoMod: Buffer;
  /** The go.mod as parsed and printed back unchanged: what -diff compares with. */
  currentGoMod: string;
  newGoMod: string;
  oldGoSum: Buffer | null;
  newGoSum: string;
  /** Requirements no longer needed (the -v "unused" lines). */
  unused: string[];
  /** The go.sum that -diff compares with: for compat above 1.16 the go command also keeps
   * the existing sums of every module in the build list there. */
  diffGoSum: string;
  /** What changes in go.mod and why (requirements, go and toolchain lines). */
  goModChanges: Change[];
  /** What changes in go.sum when tidy writes it, and why. */
  goSumChanges: Change[];
  /** What changes in go.sum as -diff shows it (diffGoSum against the old go.sum). */
  diffGoSumChanges: Change[];
}

/**
 * parseMainGoMod parses the main module's go.mod, resolving versions that are not
 * canonical ("v1.2", a branch name) through the proxies, as the go command does; their
 * errors are reported at their lines like any other.
 */
async function parseMainGoMod(name: string, text: string, fetcher: () => Fetcher): Promise<GoModFile> {
  const queries = new Map<string, { path: string; query: string }>();
  const canonical = (version: string) => version !== "" && canonicalVersion(version) === version;
  try {
    const file = parseGoModFile(name, text, {
      fix: (path, version) => {
        if (!canonical(version)) queries.set(`${path}@${version}`, { path, query: version });
        return version;
      },
    });
    if (queries.size === 0) return file;
  } catch (err) {
    if (queries.size === 0) throw err;
  }
  const answers = new Map<string, string | Error>();
  await Promise.all([...queries].map(async ([k, q]) => {
    answers.set(k, await queryVersion(fetcher(), q.path, q.query).catch((e: Error) => e));
  }));
  return parseGoModFile(name, text, {
    fix: (path, version) => {
      if (canonical(version)) return version;
      const a = answers.get(`${path}@${version}`);
      if (a === undefined) throw new Error(`internal error: no answer for ${path}@${version}`);
      if (a instanceof Error) throw a;
      return a;
    },
  });
}

/** tooNewLine is the go command's error line for a module needing a newer Go. */
function tooNewLine(options: TidyOptions, err: TooNewError, what?: string): string {
  return `go: ${err.text(options.settings.values.GOTOOLCHAIN, what)}`;
}

/** readGoLine returns the go version a go.mod declares ("" when none or unreadable). */
function readGoLine(file: string): string {
  const data = readOrNull(file);
  if (!data) return "";
  try {
    return parseGoModFile(file, decodeBytes(data), { lax: true }).go?.version ?? "";
  } catch {
    return "";
  }
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

export async function tidy(options: TidyOptions): Promise<TidyResult> {
  const hooks: TidyHooks = {};
  const scanner = options.scanner ?? deferScanner(() => createScanner());
  try {
    return await tidyModule({ ...options, scanner }, hooks);
  } catch (err) {
    // A module needing a newer Go: the go command's message alone, without the chain.
    // The go command meets it after loading packages from the requirement that leads to
    // it (downloading that module), so that module is downloaded here too.
    if (err instanceof BuildListError && err.cause instanceof TooNewError) {
      const path = err.chain.filter((m) => m.version !== "");
      const m = err.module;
      if (path.length > 0) await hooks.download?.(path[0]).catch(() => undefined);
      throw new TidyErrors([tooNewLine(options, err.cause, path.length === 1 ? `${m.path}@${m.version}` : undefined)], [err.cause]);
    }
    throw err;
  } finally {
    if (scanner !== options.scanner) scanner.close();
  }
}

interface TidyHooks {
  download?: (m: ModuleVersion) => Promise<unknown>;
}

async function tidyModule(options: TidyOptions & { scanner: Scanner }, hooks: TidyHooks): Promise<TidyResult> {
  const cwd = options.cwd;
  const gomodPath = join(options.root, "go.mod");
  const oldGoMod = readFileSync(gomodPath);
  const oldGoSum = readOrNull(join(options.root, "go.sum"));
  const goSum = oldGoSum ? parseGoSum(oldGoSum, "go.sum", { skipMalformed: true }) : new GoSum();
  let fetching: { fetcher: Fetcher; verifier: Verifier } | undefined = options.fetch;
  const fetch = () => (fetching ??= createFetcher({
    settings: options.settings, goSum, log: options.log, trace: options.trace, warn: options.warn, offline: options.offline, observer: options.observer,
  }));
  const file = await parseMainGoMod(shortPath(gomodPath, cwd), decodeBytes(oldGoMod), () => fetch().fetcher);
  const { fetcher, verifier } = fetch();
  // What -diff calls the current go.mod: the file as parsed (versions resolved), printed
  // back before any edit.
  let currentGoMod = printSyntax(file.syntax);
  if (!file.module) throw new TidyErrors(["go: error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod"]);
  if (file.go && compareGoVersions(file.go.version, localGoVersion) > 0) {
    throw new TidyErrors([tooNewLine(options, new TooNewError(shortPath(gomodPath, cwd), file.go.version))]);
  }
  const mainPath = file.module.mod.path;
  const main: ModuleVersion = { path: mainPath, version: "" };

  const excluded = new Set(file.exclude.map((x) => `${x.mod.path}@${x.mod.version}`));
  const replacements = new Replacements(file);
  const reader = new SummaryReader({ fetcher, replacements, excluded, mainDir: options.root, cwd });

  const tidyGo = options.goVersion || undefined;
  // The go.mod's own go version (a missing go line is added at -go's version or the local
  // one); loading follows -go's semantics when it is given.
  const fileGo = file.go?.version ?? tidyGo ?? localGoVersion;
  // The go version whose semantics loading follows; it rises with the go lines of modules
  // added for missing imports, as the go command's does.
  let goVersion = tidyGo ?? fileGo;
  let pruning = pruningFor(goVersion);
  const required: ModuleVersion[] = [];
  for (const r of file.require) {
    if (r.mod.path === mainPath) continue;
    if (excluded.has(`${r.mod.path}@${r.mod.version}`)) {
      options.log?.(`go: dropping requirement on excluded version ${r.mod.path} ${r.mod.version}`);
      continue;
    }
    required.push(r.mod);
  }
  const before: Requirements = {
    require: file.require.map((r) => ({ path: r.mod.path, version: r.mod.version, indirect: r.indirect })),
    go: file.go?.version ?? null,
    toolchain: file.toolchain?.name ?? null,
  };
  let roots: ModuleVersion[] = [...required, { path: "go", version: fileGo }];
  if (file.toolchain) roots.push({ path: "toolchain", version: file.toolchain.name });

  const goLines = new Map<string, string>();
  const moduleDir = async (m: ModuleVersion) => {
    if (m.path === mainPath && m.version === "") return { dir: options.root, local: true };
    const r = replacements.replacement(m);
    if (r && r.version === "") return { dir: reader.replacementDir(r)!, local: true };
    const actual = r ?? m;
    const dir = await fetcher.download(actual.path, actual.version);
    // As the go command's download: a module whose go line is newer than this Go is refused.
    // (Read once per module: resolving each package asks for its candidates' directories.)
    let goLine = goLines.get(dir);
    if (goLine === undefined) goLines.set(dir, (goLine = readGoLine(join(dir, "go.mod"))));
    if (goLine && compareGoVersions(goLine, localGoVersion) > 0) throw new TooNewError(`${actual.path}@${actual.version}`, goLine);
    return { dir, local: false };
  };
  hooks.download = moduleDir;
  const resolverFor = (rs: ModuleVersion[], g: ModuleGraph, pruned = pruning === "pruned"): ResolverSource => {
    const rootMap = new Map(rs.map((m) => [m.path, m.version]));
    return {
      mainPath,
      pruned,
      rootVersion: (p) => rootMap.get(p),
      selectedVersion: async (p) => g.selected(p),
      moduleDir,
      checkResolved: compareGoVersions(goVersion, goVersions.tidyGoModSum) >= 0 ? async (m) => { await reader.summary(m); } : undefined,
      isGoDir: (dir) => options.scanner.isGoDir(dir),
    };
  };
  const scanStats = { directories: 0, files: 0 };
  const pkgsInMain = await scanModule(options.scanner, options.root, mainPath, { ignore: file.ignore.map((i) => i.path), stats: scanStats });
  options.progress?.({ kind: "scanned", packages: pkgsInMain.length, files: scanStats.files });
  let packagesRead = 0;
  let filesRead = scanStats.files;
  const onRead = options.progress && ((p: Package, files: number) => {
    packagesRead++;
    filesRead += files;
    options.progress!({ kind: "package", path: p.path, packages: packagesRead, files: filesRead });
  });

  // Load, add modules for missing imports, and load again until nothing changes.
  const failedQueries = new Map<string, Error>();
  const found = new Map<string, string>();
  let graph!: ModuleGraph;
  let loader: Loader;
  let pkgs: Package[];
  const addRoot = (m: ModuleVersion) => {
    const i = roots.findIndex((r) => r.path === m.path);
    if (i < 0) roots.push(m);
    else if (modCompare(m.path, roots[i].version, m.version) < 0) roots[i] = m;
    else return false;
    return true;
  };
  const querierFor = (g: ModuleGraph) => new Querier({
    mainPath, fetcher, reader, replacements, excluded, moduleDir, log: options.log,
    isGoDir: (dir) => options.scanner.isGoDir(dir),
    selected: (p) => (p === mainPath ? "" : g.selected(p)),
  });
  const preloadTools = async () => {
    const g = graph;
    const querier = querierFor(g);
    const found = await Promise.all(file.tool.map(async (t) => {
      try {
        return (await resolveImport(t.path, resolverFor(roots, g))).mod;
      } catch (err) {
        if (!(err instanceof ImportMissingError) || err.isStd) return null;
        return querier.queryImport(t.path).catch(() => null);
      }
    }));
    let changed = false;
    for (const m of found) if (m && m.path !== "" && m.path !== mainPath && addRoot(m)) changed = true;
    return changed;
  };
  for (;;) {
    const readGraph = async () => {
      if (pruning === "pruned") ({ roots, graph } = await expandGraph(main, roots, pruning, reader));
      else graph = await readModGraph(main, roots, pruning, reader);
    };
    await readGraph();
    // The loading go version rises to what the graph selects (a go 1.16 module whose
    // dependency needs go 1.21 is loaded, pruned, as a go 1.21 module).
    if (tidyGo === undefined) {
      const selectedGo = graph.selected("go");
      if (compareGoVersions(selectedGo, goVersion) > 0) {
        goVersion = selectedGo;
        if (pruningFor(goVersion) !== pruning) {
          pruning = pruningFor(goVersion);
          await readGraph();
        }
      }
    }
    // With a pruned graph the go command first locates the modules of the root packages
    // that are not in the main module (tools), querying for missing ones without a
    // "found" line, and makes them roots before loading anything else.
    if (pruning === "pruned" && file.tool.length > 0 && await preloadTools()) continue;
    loader = new Loader({
      mainPath,
      roots: pkgsInMain.map((p) => ({ path: p.importPath, dir: p.dir })),
      tools: file.tool.map((t) => t.path),
      goVersion,
      resolver: resolverFor(roots, graph),
      scanner: options.scanner,
      onRead,
    });
    pkgs = await loader.load();
    const missing: Package[] = [];
    for (const n of loader.order()) {
      if ("of" in n || !(n.err instanceof ImportMissingError) || n.err.isStd) continue;
      const failed = failedQueries.get(n.path);
      if (failed) n.err = failed;
      else missing.push(n);
    }
    if (missing.length === 0) break;
    const querier = querierFor(graph);
    const results = await Promise.all(missing.map((p) => querier.queryImport(p.path).then(
      (mod) => ({ p, mod, err: null as Error | null }),
      (err: Error) => ({ p, mod: null as ModuleVersion | null, err }),
    )));
    const tooNew = results.filter((r) => r.err instanceof TooNewError)
      .reduce<{ p: Package; err: TooNewError } | null>((a, r) => (a && compareGoVersions((r.err as TooNewError).goVersion, a.err.goVersion) <= 0 ? a : { p: r.p, err: r.err as TooNewError }), null);
    if (tooNew) {
      throw new TidyErrors([
        `go: toolchain upgrade needed to resolve ${tooNew.p.path}`,
        tooNewLine(options, tooNew.err),
      ], [tooNew.err]);
    }
    let added = false;
    for (const r of results) {
      if (r.mod) {
        options.log?.(`go: found ${r.p.path} in ${r.mod.path} ${r.mod.version}`);
        if (!found.has(r.mod.path)) found.set(r.mod.path, r.p.path);
        addRoot(r.mod);
        added = true;
      } else {
        failedQueries.set(r.p.path, r.err!);
        r.p.err = r.err;
      }
    }
    if (!added) break;
  }

  // As the go command warns for any pattern that matches nothing.
  if (!pkgs.some((p) => p.inAll)) (options.warn ?? options.log)?.(`go: warning: "all" matched no packages`);

  const errors: string[] = [];
  const causes: Error[] = [];
  for (const n of loader.order()) {
    if ("of" in n || !n.err) continue;
    if (n.err instanceof ImportMissingError && n.err.isStd) continue; // tidy says nothing about these
    errors.push(`go: ${loader.stackText(n)}: ${n.err.message}`);
    causes.push(n.err);
  }
  if (errors.length > 0) {
    // Offline, a package that only the network could locate is not an error to tidy
    // around (-e would drop its requirement): the run stops, saying what is missing.
    const offline = options.offline && causes.some((c) => findFetchError(c, isOffline) !== null);
    if (!options.allowErrors || offline) throw new TidyErrors(errors, causes);
    for (const e of errors) options.log?.(e);
  }

  // Direct: modules providing packages imported by the main module's packages or tests.
  const direct = new Set<string>();
  for (const p of pkgs) {
    if (!loader.isMain(p)) continue;
    for (const d of [...p.imports, ...(p.test?.imports ?? [])]) {
      if (d.mod.path !== "" && d.mod.path !== mainPath) direct.add(d.mod.path);
    }
  }

  let goRoot = graph.selected("go");
  const toolchainRoot = file.toolchain ? graph.selected("toolchain") : null;
  let tidied: { roots: ModuleVersion[]; graph: ModuleGraph };
  if (pruning === "pruned") {
    // The go line is not raised by requirements that tidying drops: start from the
    // go.mod's own version and raise it to what the tidied graph selects.
    if (tidyGo === undefined) goRoot = fileGo;
    for (;;) {
      tidied = await tidyPrunedRoots({ main, goRoot, toolchainRoot, pkgs, reader, resolverFor });
      const selected = tidied.graph.selected("go");
      if (compareGoVersions(selected, goRoot) <= 0) break;
      goRoot = selected;
    }
  } else {
    const minRoots = await tidyUnprunedRoots({ main, goRoot, toolchainRoot, pkgs, direct, reader });
    tidied = { roots: minRoots, graph: await readModGraph(main, minRoots, pruning, reader) };
  }

  if (tidyGo !== undefined) {
    // -go: the go root becomes the requested version, unless a dependency needs a later one.
    const overridden = tidied.roots.filter((m) => m.path !== "go");
    overridden.push({ path: "go", version: tidyGo });
    const g = await readModGraph(main, overridden, pruning, reader);
    const selectedGo = g.selected("go");
    if (selectedGo !== tidyGo) {
      const path = (g.graph.findPath((m) => m.path === "go" && m.version === selectedGo) ?? []).slice(1);
      const at = (m: ModuleVersion) => `${m.path}@${m.version}`;
      let msg: string;
      if (options.verbose) {
        msg = at(path[0]) + path.slice(1).map((m) => ` requires\n\t${at(m)}`).join("") + `, but ${tidyGo} is requested`;
      } else {
        msg = `${at(path[0])} ${path.length > 2 ? "indirectly " : ""}requires ${at(path[path.length - 1])}, but ${tidyGo} is requested`;
      }
      const line = `go: ${msg}`;
      if (!options.allowErrors) throw new TidyErrors([line]);
      options.log?.(line);
    } else {
      tidied = { roots: overridden, graph: g };
    }
  }

  // go.mod
  // The go and toolchain lines come from the roots (as -go left them), not the graph.
  const rootOf = (path: string) => tidied.roots.find((m) => m.path === path)?.version;
  const finalGo = rootOf("go") ?? tidied.graph.selected("go");
  const reqs = tidied.roots.filter((m) => m.path !== "go" && m.path !== "toolchain")
    .map((m) => ({ path: m.path, version: m.version, indirect: !direct.has(m.path) }));
  // -v: requirements no longer roots (pruned), or no longer in the graph at all (unpruned).
  const finalRootPaths = new Set(tidied.roots.map((m) => m.path));
  const unused = [...new Set(required.map((m) => m.path))].sort().filter((p) =>
    pruning === "pruned" ? !finalRootPaths.has(p) : tidied.graph.selected(p) === "none");
  if (!file.go) {
    // The go command adds a missing go line when it reads go.mod, so -diff does not show it.
    const current = parseGoModFile(file.syntax.name, currentGoMod);
    setGoVersion(current, finalGo);
    currentGoMod = printSyntax(current.syntax);
  }
  if (!file.go || file.go.version !== finalGo) setGoVersion(file, finalGo);
  const toolchain = file.toolchain ? rootOf("toolchain") ?? tidied.graph.selected("toolchain") : "go" + finalGo;
  const toolchainVersion = fromToolchain(toolchain);
  if (toolchain === "go" + finalGo || toolchainVersion === "" || compareGoVersions(toolchainVersion, goVersions.goStrict) < 0) {
    dropToolchain(file);
  } else {
    setToolchain(file, toolchain);
  }
  if (compareGoVersions(finalGo, goVersions.separateIndirect) < 0) setRequire(file, reqs);
  else setRequireSeparateIndirect(file, reqs);
  sortBlocks(file);
  cleanup(file);
  const newGoMod = printSyntax(file.syntax);

  // go.sum
  const keep = keepSums(mainPath, pkgs, tidied.roots, tidied.graph, pruning === "pruned", replacements, finalGo);
  // The default -compat of go 1.17 to 1.20 is the previous release; below 1.17 it implies an
  // unpruned graph, whose checksums are kept too.
  let compat = options.compatVersion || (compareGoVersions(finalGo, goVersions.goStrict) < 0 ? previousGoLang(finalGo) : finalGo);
  if (compareGoVersions(compat, finalGo) > 0) compat = finalGo;
  if (pruning === "pruned" && pruningFor(compat) === "unpruned") {
    const suggest = (upgrade: boolean, eFlag: boolean) => compatSuggestions({ goVersion: finalGo, fileGo, compat, upgrade, eFlag });
    const compatGraph = await readModGraph(main, tidied.roots, "unpruned", reader).catch((err: Error) => {
      const line = `go: error loading go ${compat} module graph: ${err.message}`;
      if (!options.allowErrors) throw new TidyErrors([line, suggest(false, false), line]);
      options.log?.(line);
      return null;
    });
    if (compatGraph) {
      await checkCompatibility({ compat, pkgs, loader, roots: tidied.roots, graph: compatGraph, resolver: resolverFor(tidied.roots, compatGraph, false), options, suggest });
      for (const k of keepSums(mainPath, pkgs, tidied.roots, compatGraph, false, replacements, compat, true)) keep.add(k);
    }
  }
  const render = (keys: Set<string>) => {
    const out = new GoSum();
    for (const m of goSum.modules()) {
      if (keys.has(`${m.path} ${m.version}`)) for (const h of goSum.hashes(m.path, m.version)) out.add(m.path, m.version, h);
    }
    for (const [k, hs] of verifier.verified) {
      if (!keys.has(k)) continue;
      const [path, version] = k.split(" ");
      for (const h of hs) out.add(path, version, h);
    }
    return formatGoSum(out);
  };
  let diffKeep = keep;
  if (compareGoVersions(compat, "1.16") > 0) {
    diffKeep = new Set(keep);
    const withGoMod = compareGoVersions(finalGo, goVersions.tidyGoModSum) >= 0;
    for (const m of tidied.graph.buildList()) {
      if (m.version === "" || m.path === "go" || m.path === "toolchain") continue;
      const r = replacements.replacement(m) ?? m;
      if (r.version === "") continue;
      diffKeep.add(`${r.path} ${r.version}`);
      if (withGoMod) diffKeep.add(`${r.path} ${r.version}/go.mod`);
    }
  }
  const evidence = collectEvidence({ mainPath, root: options.root, loader, tools: file.tool.map((t) => t.path), graph: tidied.graph, found, goFlag: tidyGo,
    excluded, replacement: (m) => replacements.replacement(m) });
  const after: Requirements = { require: reqs, go: finalGo, toolchain: file.toolchain?.name ?? null };
  const newGoSum = render(keep);
  const diffGoSum = render(diffKeep);
  const oldSumText = oldGoSum ? decodeBytes(oldGoSum) : "";
  return {
    modulePath: mainPath, oldGoMod, currentGoMod, newGoMod, oldGoSum, newGoSum, unused, diffGoSum,
    goModChanges: explainGoMod(before, after, evidence),
    goSumChanges: explainGoSum(oldSumText, newGoSum, evidence),
    diffGoSumChanges: explainGoSum(oldSumText, diffGoSum, evidence),
  };
}

/**
 * checkCompatibility re-resolves every loaded package in the unpruned graph that go
 * versions before 1.17 (-compat) would use, and reports each package they would load from
 * a different module version, or fail to load, or load where this run could not.
 */
async function checkCompatibility(c: {
  compat: string; pkgs: Package[]; loader: Loader; roots: ModuleVersion[]; graph: ModuleGraph; resolver: ResolverSource;
  options: TidyOptions; suggest: (upgrade: boolean, eFlag: boolean) => string;
}): Promise<void> {
  const lines: string[] = [];
  let suggestUpgrade = false;
  let suggestE = false;
  const at = (m: ModuleVersion) => `${m.path}@${m.version}`;
  const rootsInconsistent = () => c.roots.some((m) => c.graph.selected(m.path) !== m.version);
  const results = await Promise.all(c.pkgs.map(async (p) => {
    if (p.mod.path === "" && !p.err) return null;
    try {
      const r = await resolveImport(p.path, c.resolver);
      return { mod: r.mod, err: null as Error | null };
    } catch (err) {
      return { mod: { path: "", version: "" }, err: err as Error };
    }
  }));
  for (const [i, p] of c.pkgs.entries()) {
    const r = results[i];
    if (!r || (r.mod.path === p.mod.path && r.mod.version === p.mod.version)) continue;
    if (r.err) {
      if (r.err instanceof ImportMissingError) {
        lines.push(`go: ${c.loader.stackText(p)} loaded from ${at(p.mod)},\n\tbut go ${c.compat} would fail to locate it in ${p.mod.path}@${c.graph.selected(p.mod.path)}`);
      } else {
        lines.push(`go: ${c.loader.stackText(p)} loaded from ${at(p.mod)},\n\tbut go ${c.compat} would fail to locate it:\n\t${r.err.message}`);
      }
      suggestE = true;
      if (!suggestUpgrade && rootsInconsistent()) suggestUpgrade = true;
    } else if (p.err) {
      suggestUpgrade = true;
      lines.push(`go: ${p.path} failed to load from any module,\n\tbut go ${c.compat} would load it from ${at(r.mod)}`);
    } else {
      suggestUpgrade = true;
      lines.push(`go: ${c.loader.stackText(p)} loaded from ${at(p.mod)},\n\tbut go ${c.compat} would select ${r.mod.version}\n`);
    }
  }
  if (lines.length === 0) return;
  if (c.options.allowErrors) {
    for (const l of lines) c.options.log?.(l);
    return;
  }
  // The go command prints the errors, its advice, and the errors again as it exits.
  const printed = lines.map((l) => l.replace(/\n$/, ""));
  throw new TidyErrors([...printed, c.suggest(suggestUpgrade, suggestE), ...printed]);
}

/** compatSuggestions is the advice the go command prints after -compat errors. */
function compatSuggestions(s: { goVersion: string; fileGo: string; compat: string; upgrade: boolean; eFlag: boolean }): string {
  const goFlag = s.goVersion !== s.fileGo ? ` -go=${s.goVersion}` : "";
  const compatFlag = s.compat !== previousGoLang(s.goVersion) ? ` -compat=${s.compat}` : "";
  let out = "\n";
  if (s.upgrade) {
    const eDesc = s.eFlag ? ", leaving some packages unresolved" : "";
    const e = s.eFlag ? " -e" : "";
    out += `To upgrade to the versions selected by go ${s.compat}${eDesc}:\n\tgo mod tidy${e} -go=${s.compat} && go mod tidy${e} -go=${s.goVersion}${compatFlag}\n`;
  } else if (s.eFlag) {
    out += `To proceed despite packages unresolved in go ${s.compat}:\n\tgo mod tidy -e${goFlag}${compatFlag}\n`;
  }
  out += `If reproducibility with go ${s.compat} is not needed:\n\tgo mod tidy${goFlag} -compat=${s.goVersion}\n`;
  out += "For information about 'go mod tidy' compatibility, see:\n\thttps://go.dev/ref/mod#graph-pruning";
  return out;
}

/** keepSums lists the go.sum keys ("path version" and "path version/go.mod") tidy keeps. */
function keepSums(mainPath: string, pkgs: Package[], roots: ModuleVersion[], graph: ModuleGraph, pruned: boolean,
  replacements: Replacements, goVersion: string, zipSumsOnly = false): Set<string> {
  const keep = new Set<string>();
  const resolved = (m: ModuleVersion) => replacements.replacement(m) ?? m;
  const add = (m: ModuleVersion, goMod: boolean) => {
    const r = resolved(m);
    if (r.version === "") return; // directory replacements have no checksums
    keep.add(`${r.path} ${r.version}${goMod ? "/go.mod" : ""}`);
  };
  const keepPkgGoMod = !zipSumsOnly && compareGoVersions(goVersion, goVersions.tidyGoModSum) >= 0;
  const rootMap = new Map(roots.map((m) => [m.path, m.version]));
  const rootVersion = (path: string) => (path === mainPath ? "" : rootMap.get(path));
  for (const p of pkgs) {
    if (p.mod.path === "" && !p.err) continue; // the standard library
    if (importPathError(p.path)) continue;
    if (keepPkgGoMod && p.mod.path !== "") add(p.mod, true);
    const prefixes: string[] = [];
    for (let q = p.path; q !== "."; q = q.includes("/") ? q.slice(0, q.lastIndexOf("/")) : ".") prefixes.push(q);
    if (pruned && p.mod.path !== "" && rootVersion(p.mod.path) === p.mod.version) {
      for (const q of prefixes) {
        const v = rootVersion(q);
        if (v !== undefined && v !== "none") add({ path: q, version: v }, false);
      }
      continue;
    }
    for (const q of prefixes) {
      const v = q === mainPath ? "" : graph.selected(q);
      if (v !== "none") add({ path: q, version: v }, false);
    }
  }
  for (const m of graph.loadedModules()) {
    if (m.path === "go" || m.path === "toolchain") continue;
    add(m, true);
  }
  return keep;
}

export { ModuleError, InvalidVersionError };

/** previousGoLang is the language version before v ("1.17.3" -> "1.16"). */
function previousGoLang(v: string): string {
  const m = /^1\.(\d+)/.exec(v);
  if (!m) return v;
  return `1.${Math.max(0, Number(m[1]) - 1)}`;
}
