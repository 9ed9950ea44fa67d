// What the result cache of --check is keyed by, as one tidy command gives it: the store
// of its settings and the inputs of a module's key (src/cache/check-result.ts says what a
// key holds). Shared by the tidy command (cache-use.ts) and the quick answer of a --check
// (quick-check.ts), so that both take the same key from the same command.

import type { Dirent } from "node:fs";
import type { CheckInputs, ModuleWalk } from "../cache/check-result.js";
import { CacheStore } from "../cache/store.js";
import { cacheDirOf, type GoSettings } from "../settings/index.js";
import type { TidyCommand } from "./args.js";
import { packageVersion } from "./version.js";

/** openCacheStore is the store of a run's settings, or null when the cache is off. */
export function openCacheStore(settings: GoSettings): CacheStore | null {
  const dir = cacheDirOf(settings.values.GOTIDYCACHE);
  return dir ? new CacheStore(dir, { toolVersion: packageVersion() }) : null;
}

/** The parts of a tidy command a module's key depends on. */
export type KeyedCommand = Pick<TidyCommand, "settings" | "allowErrors" | "goVersion" | "compatVersion" | "offline" | "quiet">;

/**
 * checkInputs are the inputs of the key of the module at root (listings: directories
 * listed a moment ago; walk: the module's files walked a moment ago, for its first key).
 */
export function checkInputs(cmd: KeyedCommand, root: string, listings?: ReadonlyMap<string, Dirent[]>, walk?: ModuleWalk): CheckInputs {
  return {
    root, listings, walk, settings: cmd.settings.values, moduleCache: cmd.settings.values.GOMODCACHE,
    flags: { allowErrors: cmd.allowErrors, goVersion: cmd.goVersion, compatVersion: cmd.compatVersion, offline: cmd.offline, quiet: cmd.quiet },
  };
}
