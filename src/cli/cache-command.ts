// `gotidy-ts cache [--json]` shows where gotidy-ts's cache is and what it holds;
// `gotidy-ts cache clean` empties it.

import { cacheDirOf, resolveSettings } from "../settings/index.js";
import type { CliContext } from "./context.js";
import { ok, Outcome, UsageError } from "./exit.js";
import { openCacheStore } from "./cache-inputs.js";

const usage = "usage: gotidy-ts cache [clean] [--json]";

/** size is a byte count as people read it: 512 B, 3.4 KiB, 12.0 MiB. */
export function size(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${n} B` : `${n.toFixed(1)} ${units[u]}`;
}

/** runCacheCommand runs `gotidy-ts cache` with args (after the command's name). */
export function runCacheCommand(args: string[], ctx: CliContext): Outcome {
  const json = args.includes("--json");
  const rest = args.filter((a) => a !== "--json");
  if (rest.length > 1 || (rest.length === 1 && rest[0] !== "clean")) throw new UsageError(`gotidy-ts cache: unexpected argument ${rest[rest.length - 1]}\n${usage}`);
  const settings = resolveSettings(ctx.env, ctx.home);
  const value = settings.values.GOTIDYCACHE;
  const store = openCacheStore(settings);
  if (rest[0] === "clean") store?.clean();
  const usageNow = store?.usage() ?? null;
  if (json) {
    ctx.stdout.write(JSON.stringify({ dir: store ? store.dir : null, setting: value, ...(usageNow ?? { bytes: 0, entries: 0, kinds: {} }) }, null, 2) + "\n");
    return ok;
  }
  if (!store) {
    const why = cacheDirOf(value) === null && value !== "off" ? ` (GOTIDYCACHE=${value} is not an absolute path)` : "";
    ctx.stdout.write(`gotidy-ts cache: off${why}\n`);
    return ok;
  }
  const u = usageNow!;
  const kinds = Object.entries(u.kinds).map(([k, n]) => `${n} ${k}`).join(", ");
  ctx.stdout.write(`location: ${store.dir}\nsize: ${size(u.bytes)} (${u.entries} entries: ${kinds})\n`);
  return ok;
}
