// Where gotidy-ts keeps its own cache (the module index, the scan cache of local
// directories, the results of --check): $GOTIDYCACHE when set ("off" disables it), else
// the directory gotidy-ts/ in the user's cache directory.

import { isAbsolute, join } from "node:path";
import type { Environment } from "./environment.js";
import { homeDir, userCacheDir } from "./goenv-file.js";

/**
 * platformCacheDir is the user's cache directory of the platform, as Go's os.UserCacheDir:
 * %LocalAppData% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME or ~/.cache
 * elsewhere; null when there is none.
 */
function platformCacheDir(env: Environment, home: string): string | null {
  if (process.platform === "win32") return env.LocalAppData || env.LOCALAPPDATA || null;
  if (process.platform === "darwin") {
    const h = homeDir(env, home);
    return h ? join(h, "Library", "Caches") : null;
  }
  return userCacheDir(env, home);
}

/** gotidyCacheDir is GOTIDYCACHE's default: <user cache dir>/gotidy-ts, or "off" without a user cache directory. */
export function gotidyCacheDir(env: Environment, home: string): string {
  const dir = platformCacheDir(env, home);
  return dir && isAbsolute(dir) ? join(dir, "gotidy-ts") : "off";
}

/**
 * cacheDirOf is the cache directory a GOTIDYCACHE value names, or null when the cache is
 * off: the value "off", or a relative path (refused, as go refuses a relative GOCACHE).
 */
export function cacheDirOf(value: string): string | null {
  return value && value !== "off" && isAbsolute(value) ? value : null;
}
