// The "modcache/<file>" entries of a scenario: files written into the module cache before
// the run, so that a run starts from a cache that already holds some modules, possibly
// changed since. A cached zip is binary, which a txtar cannot hold, so a
// "modcache/cache/download/<module>/@v/<version>.zip" entry holds a line instead:
//
//   (the proxy's zip)                      the zip the scenario's proxy serves
//   (the proxy's zip, byte N xor X)        the same, with byte N (from the end if
//                                          negative) XORed with X (decimal or 0x hex)
//
// The recorder and the replay both write the cache with this, so go and gotidy-ts start
// from the same bytes.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { archiveProxyFiles } from "./fake-proxy.js";
import { writeTxtarFiles, type TxtarFile } from "./txtar.js";

const zipLine = /^\(the proxy's zip(?:, byte (-?\d+) xor (0x[0-9a-f]+|\d+))?\)\s*$/;

/** writeModuleCacheFiles writes the modcache/ entries of files into the module cache dir. */
export function writeModuleCacheFiles(dir: string, files: readonly TxtarFile[]): void {
  const entries = files.filter((f) => f.name.startsWith("modcache/")).map((f) => ({ ...f, name: f.name.slice("modcache/".length) }));
  const zips = entries.filter((f) => f.name.startsWith("cache/download/") && f.name.endsWith(".zip") && zipLine.test(f.data));
  writeTxtarFiles(dir, entries.filter((f) => !zips.includes(f)));
  if (zips.length === 0) return;
  const served = archiveProxyFiles(files);
  for (const z of zips) {
    const key = "/" + z.name.slice("cache/download/".length);
    const bytes = served.get(key);
    if (!bytes) throw new Error(`${z.name}: the proxy serves no ${key}`);
    const zip = Buffer.from(bytes);
    const [, at, xor] = zipLine.exec(z.data)!;
    if (at !== undefined) {
      const n = Number(at) < 0 ? zip.length + Number(at) : Number(at);
      if (n < 0 || n >= zip.length) throw new Error(`${z.name}: byte ${at} is outside the ${zip.length}-byte zip`);
      zip[n] ^= Number(xor);
    }
    const file = join(dir, ...z.name.split("/"));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, zip);
  }
}
