// The module cache check: where it is, whether it can be written, how much room is left.

import { accessSync, constants, existsSync, statfsSync } from "node:fs";
import { dirname } from "node:path";
import { Check, fail, pass, warn } from "./check.js";

/** cacheChecks checks GOMODCACHE (a missing directory is judged by its nearest existing parent). */
export function cacheChecks(dir: string): Check[] {
  if (!dir) return [fail("cache", "GOMODCACHE", "no module cache: neither GOMODCACHE nor GOPATH nor a home directory is set", "cache", "GOMODCACHE", "set GOMODCACHE (or GOPATH, or HOME)")];
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return [fail("cache", "GOMODCACHE", `${dir}: ${existing} is not writable`, "cache", "GOMODCACHE", `make ${existing} writable, or set GOMODCACHE to a writable directory`)];
  }
  const st = statfsSync(existing);
  const free = st.bavail * st.bsize;
  const gib = (free / 2 ** 30).toFixed(1);
  if (free < 1 << 30) return [warn("cache", "GOMODCACHE", `${dir}: writable, ${gib} GiB free`, "cache", "GOMODCACHE", "less than 1 GiB free: clean the cache (go clean -modcache) or move it")];
  return [pass("cache", "GOMODCACHE", `${dir}${existing === dir ? "" : " (not created yet)"}: writable, ${gib} GiB free`)];
}
