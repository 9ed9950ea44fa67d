// gotidy-ts's cache in a tidy run: the store (GOTIDYCACHE, unless off or --no-cache), the
// scanner layered over the parser, and the result cache of --check (src/cache/check-result.ts
// says what its key holds).

import { checkKeys, CheckInputs, knownTidy, recordTidy } from "../cache/check-result.js";
import { CachingScanner, cachingScanner } from "../cache/scanner.js";
import { CacheStore } from "../cache/store.js";
import type { SourceScanner } from "../scan/source-scanner.js";
import { cacheDirOf, type GoSettings } from "../settings/index.js";
import type { TidyCommand } from "./args.js";
import type { ModuleRun } from "./module.js";
import { packageVersion } from "./version.js";

/** openCacheStore is the store of a run's settings, or null when the cache is off. */
export function openCacheStore(settings: GoSettings): CacheStore | null {
  const dir = cacheDirOf(settings.values.GOTIDYCACHE);
  return dir ? new CacheStore(dir, { toolVersion: packageVersion() }) : null;
}

/** runCache is the store of a tidy command, or null (cache off, or --no-cache). */
export function runCache(cmd: TidyCommand): CacheStore | null {
  return cmd.noCache ? null : openCacheStore(cmd.settings);
}

/** withCache layers the cache over the parser's scanner (null without a cache). */
export function withCache(scanner: SourceScanner, cache: CacheStore | null, cmd: TidyCommand): CachingScanner | null {
  return cache ? cachingScanner(scanner, { store: cache, moduleCache: cmd.settings.values.GOMODCACHE }) : null;
}

/**
 * answersFromCache reports whether the result cache may answer this command: --check of
 * one module whose output is the same whatever was loaded (no -v, -x or --json).
 */
function answersFromCache(cmd: TidyCommand): boolean {
  return cmd.mode === "check" && !cmd.recursive && !cmd.verbose && !cmd.trace && !cmd.json;
}

function inputsOf(cmd: TidyCommand, root: string): CheckInputs {
  return {
    root, settings: cmd.settings.values, moduleCache: cmd.settings.values.GOMODCACHE,
    flags: { allowErrors: cmd.allowErrors, goVersion: cmd.goVersion, compatVersion: cmd.compatVersion, offline: cmd.offline, quiet: cmd.quiet },
  };
}

/**
 * cachedTidy reports whether the result cache knows the module at root to be tidy under
 * this command: by the stats of its files, else by its import sets (then remembering the
 * stats too, so the next run is quicker).
 */
export async function cachedTidy(cache: CacheStore | null, cmd: TidyCommand, root: string): Promise<boolean> {
  if (!cache || !answersFromCache(cmd)) return false;
  const keys = await checkKeys(cache, inputsOf(cmd, root));
  if (!keys) return false;
  if (knownTidy(cache, keys.byStat)) return true;
  if (!knownTidy(cache, await keys.byImports())) return false;
  if (keys.byStat) recordTidy(cache, keys.byStat);
  return true;
}

/**
 * parsedTidy is cachedTidy once the parser is loaded: the files changed since they were
 * cached are parsed (an edit of a function body leaves the import sets, and so the key,
 * as they were), then the key is looked up.
 */
export async function parsedTidy(cache: CacheStore | null, cmd: TidyCommand, root: string, scanner: CachingScanner | null): Promise<boolean> {
  if (!cache || !scanner || !answersFromCache(cmd)) return false;
  const keys = await checkKeys(cache, inputsOf(cmd, root));
  if (!keys) return false;
  const key = await keys.byImports(scanner);
  scanner.flush();
  if (!knownTidy(cache, key)) return false;
  if (keys.byStat) recordTidy(cache, keys.byStat);
  return true;
}

/** rememberTidy records a --check run that concluded tidy and printed nothing (after the scanner's cache was flushed). */
export async function rememberTidy(cache: CacheStore | null, cmd: TidyCommand, root: string, run: ModuleRun): Promise<void> {
  if (!cache || !answersFromCache(cmd)) return;
  const r = run.report;
  if (run.outcome.kind !== "ok" || r.status !== "tidy" || r.warnings.length > 0 || r.errors.length > 0) return;
  const keys = await checkKeys(cache, inputsOf(cmd, root));
  if (!keys) return;
  if (keys.byStat) recordTidy(cache, keys.byStat);
  const byImports = await keys.byImports();
  if (byImports) recordTidy(cache, byImports);
}
