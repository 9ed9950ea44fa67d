// gotidy-ts's cache in a tidy run: the store (GOTIDYCACHE, unless off or --no-cache), the
// scanner layered over the parser, and the result cache of --check (src/cache/check-result.ts
// says what its key holds).

import { checkKey, CheckInputs, knownTidy, recordTidy } from "../cache/check-result.js";
import { cachingScanner } from "../cache/scanner.js";
import { CacheStore } from "../cache/store.js";
import type { Scanner } from "../scan/scanner.js";
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

/** withCache layers the cache over the parser's scanner (or returns it as it is without a cache). */
export function withCache(scanner: SourceScanner, cache: CacheStore | null, cmd: TidyCommand): Scanner {
  return cache ? cachingScanner(scanner, { store: cache, moduleCache: cmd.settings.values.GOMODCACHE }) : scanner;
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

/** cachedTidy reports whether the result cache knows the module at root to be tidy under this command. */
export async function cachedTidy(cache: CacheStore | null, cmd: TidyCommand, root: string): Promise<boolean> {
  if (!cache || !answersFromCache(cmd)) return false;
  const key = await checkKey(cache, inputsOf(cmd, root));
  return key !== null && knownTidy(cache, key);
}

/** rememberTidy records a --check run that concluded tidy and printed nothing (after the scanner's cache was flushed). */
export async function rememberTidy(cache: CacheStore | null, cmd: TidyCommand, root: string, run: ModuleRun): Promise<void> {
  if (!cache || !answersFromCache(cmd)) return;
  const r = run.report;
  if (run.outcome.kind !== "ok" || r.status !== "tidy" || r.warnings.length > 0 || r.errors.length > 0) return;
  const key = await checkKey(cache, inputsOf(cmd, root));
  if (key) recordTidy(cache, key);
}
