// Whether the module cache still holds what a --check run read: an entry of the result
// cache answers the modes that show downloads and requests only while it does. Apart from
// check-result.ts, so that the key's computation does not load the module cache's code.

import { ModuleCache } from "../fetch/cache.js";
import type { ModuleCacheFile } from "./check-result.js";

/**
 * moduleFilesPresent reports whether the module cache at root still holds every file
 * listed, as complete as the fetch layer requires it to answer from the cache: a .zip
 * with its .ziphash, an extracted tree with its .ziphash and no .partial.
 */
export function moduleFilesPresent(root: string, files: readonly ModuleCacheFile[]): boolean {
  const cache = new ModuleCache(root);
  return files.every(([path, version, file]) => {
    if (file === "dir") return cache.isExtracted(path, version);
    if (file === "zip") return cache.has(path, version, "zip") && cache.has(path, version, "ziphash");
    return cache.has(path, version, file);
  });
}
