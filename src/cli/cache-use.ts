// gotidy-ts's cache in a tidy run: the store (GOTIDYCACHE, unless off or --no-cache), the
// scanner layered over the parser, and the result cache of --check (src/cache/check-result.ts
// says what its key holds), for one module or for each module of --recursive.

import { CheckAnswer, CheckKeys, checkKeys, commonDigest, lookupAnswer, type ModuleWalk, recordAnswer } from "../cache/check-result.js";
import type { Dirent } from "node:fs";
import { moduleFilesPresent } from "../cache/module-files.js";
import { CachingScanner, cachingScanner } from "../cache/scanner.js";
import type { CacheStore } from "../cache/store.js";
import type { SourceScanner } from "../scan/source-scanner.js";
import type { TidyCommand } from "./args.js";
import { checkInputs, openCacheStore } from "./cache-inputs.js";
import type { CliContext } from "./context.js";
import { ok } from "./exit.js";
import { emptyReport, type ModuleRun } from "./module.js";
import { displayPath } from "./paths.js";
import type { Sink } from "./ui.js";

/** runCache is the store of a tidy command, or null (cache off, or --no-cache). */
export function runCache(cmd: TidyCommand): CacheStore | null {
  return cmd.noCache ? null : openCacheStore(cmd.settings);
}

/**
 * withCache layers the cache over the parser's scanner (null without a cache), keeping the
 * directories of the module roots in their snapshots; walk, the quick entry's walk of the
 * module's files, gives the stats of those files.
 */
export function withCache(scanner: SourceScanner, cache: CacheStore | null, cmd: TidyCommand, roots: readonly string[], walk?: ModuleWalk): CachingScanner | null {
  const statOf = walk && ((p: string) => walk.statOf(p));
  return cache ? cachingScanner(scanner, { store: cache, moduleCache: cmd.settings.values.GOMODCACHE, statOf, roots }) : null;
}

/**
 * How the result cache may answer a command: only --check; "plain" when what a run of a
 * tidy module prints does not depend on what it found in the module cache; "exact" with
 * -v (the progress lines of downloads), -x (the requests) and --json (the report's
 * fetched and requests), where an entry answers only while the module cache holds every
 * file its run read, so that a full run would download and request nothing either. Never
 * with -modfile: the key holds go.mod and go.sum, not the files -modfile names.
 */
type CacheUse = "none" | "plain" | "exact";

function cacheUse(cmd: TidyCommand): CacheUse {
  if (cmd.mode !== "check" || cmd.modFile) return "none";
  return cmd.json || cmd.trace || (cmd.verbose && !cmd.quiet) ? "exact" : "plain";
}

/**
 * ResultCache is the result cache of one command's modules: answer asks it for a module
 * before the module is tidied, record stores a run that concluded tidy. The stat key
 * taken before a module's run is kept, so that a run is stored under it only when no
 * file changed while it ran.
 */
export class ResultCache {
  private readonly use: CacheUse;
  private readonly keys = new Map<string, CheckKeys | null>();

  /** listings: the directories --recursive's walk listed, for the first look-up of each module. */
  constructor(
    private readonly store: CacheStore | null, private readonly cmd: TidyCommand, private readonly ctx: CliContext,
    private readonly listings?: ReadonlyMap<string, Dirent[]>,
  ) {
    this.use = store ? cacheUse(cmd) : "none";
  }

  private async keysOf(root: string, listings?: ReadonlyMap<string, Dirent[]>, walk?: ModuleWalk): Promise<CheckKeys | null> {
    if (!this.keys.has(root)) this.keys.set(root, await checkKeys(this.store!, checkInputs(this.cmd, root, listings, walk)));
    return this.keys.get(root)!;
  }

  /**
   * answer is the run of the module at root as the cache knows it (its output printed
   * into sink), or null. Without scanner: by the stats of the module's files, else by its
   * import sets from the scan cache (then remembering the stats too, so the next run is
   * quicker). With a caching scanner over the parser (after a miss without one): the files
   * changed since they were cached are parsed (an edit of a function body leaves the
   * import sets, and so the key, as they were), then the key is looked up.
   */
  async answer(root: string, sink: Sink, scanner?: CachingScanner | null): Promise<ModuleRun | null> {
    if (this.use === "none" || scanner === null) return null;
    const store = this.store!;
    // The quick entry's walk of this module, when it took its keys: the same as this one.
    const keys = await this.keysOf(root, this.listings, this.ctx.checkWalk);
    if (!keys) return null;
    const found = await lookupAnswer(store, keys, scanner);
    if (!found || !this.answers(found.answer)) return null;
    return this.replay(root, keys.modulePath, found.answer, store.pathOf("check", found.key), sink);
  }

  private answers(found: CheckAnswer): boolean {
    if (this.use === "plain") return true;
    return found.unused !== null && found.moduleFiles !== null && moduleFilesPresent(this.cmd.settings.values.GOMODCACHE, found.moduleFiles);
  }

  /** replay is the run of a tidy module: what a full run prints and reports (-x: the entry the answer came from). */
  private replay(root: string, modulePath: string, found: CheckAnswer, entry: string, sink: Sink): ModuleRun {
    const unused = found.unused ?? [];
    const report = { ...emptyReport(displayPath(root, this.ctx.cwd)), path: modulePath, unused: [...unused] };
    if (this.cmd.trace) sink.err(`# cache ${entry}`);
    if (!this.cmd.json && this.cmd.verbose && !this.cmd.quiet) for (const u of unused) sink.err(`unused ${u}`);
    return { report, outcome: ok };
  }

  /**
   * listingsFor is, once answer has looked the module up with a scanner, the listings its
   * import key was taken from: a run given them (and that scanner) reads what the key holds.
   */
  listingsFor(root: string): ReadonlyMap<string, Dirent[]> | undefined {
    const keys = this.keys.get(root);
    return keys?.scanned !== undefined ? keys.walk.listings : undefined;
  }

  /**
   * record stores a --check run that concluded tidy and printed nothing (after the
   * scanner's cache was flushed); listings: those the run walked the module by.
   */
  async record(root: string, run: ModuleRun, listings?: ReadonlyMap<string, Dirent[]>): Promise<void> {
    if (this.use === "none") return;
    const r = run.report;
    if (run.outcome.kind !== "ok" || r.status !== "tidy" || r.warnings.length > 0 || r.errors.length > 0) return;
    const before = this.keys.get(root);
    this.keys.delete(root);
    const quiet = r.requests.length === 0 && r.fetched.length === 0;
    const answer: CheckAnswer = { unused: r.unused, moduleFiles: quiet ? run.moduleFiles ?? null : null };
    if (before?.scanned !== undefined && listings === before.walk.listings) return this.recordScanned(root, before, answer);
    const keys = await this.keysOf(root);
    if (!keys) return;
    if (keys.byStat && keys.byStat === before?.byStat) recordAnswer(this.store!, keys.byStat, answer);
    const byImports = await keys.byImports();
    if (byImports) recordAnswer(this.store!, byImports, answer);
  }

  /**
   * recordScanned stores a run that read what the import key taken before it holds (the
   * same scanner, the same listings): under that key, with no walk of the module again,
   * when what the key holds besides the module's files is as it was before the run (an
   * edit of go.mod, go.sum or a directory replacement meanwhile may not have been seen by
   * the run); under the stat key when the files listed have the stats they had before.
   */
  private async recordScanned(root: string, before: CheckKeys, answer: CheckAnswer): Promise<void> {
    const store = this.store!;
    const inputs = checkInputs(this.cmd, root, before.walk.listings);
    if (before.byStat === null) {
      if ((await commonDigest(store, inputs)) !== before.common) return;
    } else {
      const after = await checkKeys(store, inputs); // the files of the listings stated again
      if (after?.common !== before.common) return;
      if (after.byStat === before.byStat) recordAnswer(store, before.byStat, answer);
    }
    if (before.scanned) recordAnswer(store, before.scanned, answer);
  }
}
