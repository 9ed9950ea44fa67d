// The files behind a module's import key (check-result.ts): one entry per module root
// (kind "check", key "files <root>") holding the last import key taken there and what
// it was taken from, so that after an edit of a function body the key is found by
// reading the files that changed instead of the scan cache's entry of every directory.
//
// An entry holds:
//   - common: the digest of every part of the key besides the main module's packages
//     (go.mod, go.sum, the settings and flags, the directory replacements);
//   - paths: the digest of the .go files' paths, in the stat key's walk order;
//   - stats: each file's size, modification and change times and inode, as the stat key
//     takes them (base64 of the numbers' bytes); a file whose times were within the racy
//     window of the walk has size -1, which no file has, so that it is always read;
//   - sums: for each file, the sum of the text before its cut point its header was read
//     from (local-scan.ts's prefixSum), or null when the header needed the whole file;
//   - key: the import key.
// The import key is that of every walk with the same common parts and paths whose each
// file either has the stat the entry holds (the scan cache's rule: a file is not read
// again while its stat is unchanged and was taken past the racy window), or a text whose
// part before its cut point has the sum the entry holds (the same header: src/scan/header.ts).
// Anything else (another path, a changed file without a sum or with another one, a file
// that cannot be read) is no answer here: the key is then taken from the scan cache.

import { readFileSync } from "node:fs";
import { headerPrefix } from "../scan/header.js";
import { decodeBytes } from "../text/utf8.js";
import { fieldsPerFile, type FileStat, type StatList } from "./file-stats.js";
import { prefixSum, racyWindow } from "./local-scan.js";
import type { CacheStore } from "./store.js";

interface KeyFilesEntry {
  common: string;
  paths: string;
  stats: string;
  sums: (string | null)[];
  key: string;
}

const isEntry = (v: unknown): v is KeyFilesEntry => {
  const e = v as KeyFilesEntry | null;
  return typeof e === "object" && e !== null && typeof e.common === "string" && typeof e.paths === "string" &&
    typeof e.stats === "string" && typeof e.key === "string" && Array.isArray(e.sums) &&
    e.sums.every((s) => s === null || typeof s === "string");
};

const entryKey = (root: string) => `files ${root}`;

/** trusted tells whether a stat taken at now may stand for the file's text (past the racy window). */
const trusted = (st: FileStat, now: number) => Math.max(st.mtimeMs, st.ctimeMs) + racyWindow <= now;

function encodeStats(values: Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64");
}

function decodeStats(text: string, files: number): Float64Array | null {
  const bytes = Buffer.from(text, "base64");
  if (bytes.length !== files * fieldsPerFile * 8) return null;
  const values = new Float64Array(files * fieldsPerFile);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

/** sumOfText is the sum of the text before a file's cut point, or null when it has none or cannot be read. */
function sumOfText(path: string): string | null {
  let text: string;
  try {
    text = decodeBytes(readFileSync(path));
  } catch {
    return null;
  }
  const prefix = headerPrefix(text);
  return prefix === null ? null : prefixSum(prefix);
}

/**
 * keyFromFiles is the import key the module's entry gives for the files the walk saw
 * (list, its stats taken at now), or null (see the file comment). Files found changed
 * with the same sum, and now past the racy window, have their new stats written back.
 * edited is told when the answer is null because a file's text before its cut point is
 * not the one the entry holds (an edit of its imports or package clause, as opposed to
 * another walk, other common parts or a file whose header needed it whole).
 */
export function keyFromFiles(store: CacheStore, root: string, common: string, list: StatList, now: number, edited?: () => void): string | null {
  const e = store.get("check", entryKey(root));
  if (!isEntry(e) || e.common !== common || e.sums.length !== list.length || e.paths !== list.pathsDigest()) return null;
  const stored = decodeStats(e.stats, list.length);
  if (!stored) return null;
  const seen = list.values();
  let updated = false;
  for (let i = 0, at = 0; i < list.length; i++, at += fieldsPerFile) {
    if (seen[at] === stored[at] && seen[at + 1] === stored[at + 1] && seen[at + 2] === stored[at + 2] && seen[at + 3] === stored[at + 3]) continue;
    const sum = e.sums[i];
    if (sum === null) return null;
    if (sumOfText(list.paths[i]) !== sum) {
      edited?.();
      return null;
    }
    if (trusted(list.statAt(i), now)) {
      stored.set(seen.subarray(at, at + fieldsPerFile), at);
      updated = true;
    }
  }
  if (updated) store.put("check", entryKey(root), { ...e, stats: encodeStats(stored) });
  return e.key;
}

/**
 * recordKeyFiles stores the import key key of the module at root, taken from the files
 * of list (their stats taken at now) whose headers came from texts with the sums sumOf
 * gives (undefined or null: the header needed the whole file, or was not read).
 */
export function recordKeyFiles(
  store: CacheStore, root: string, common: string, list: StatList, now: number, key: string, sumOf: (path: string) => string | null | undefined,
): void {
  const values = Float64Array.from(list.values());
  for (let i = 0; i < list.length; i++) if (!trusted(list.statAt(i), now)) values[i * fieldsPerFile] = -1;
  const entry: KeyFilesEntry = { common, paths: list.pathsDigest(), stats: encodeStats(values), sums: list.paths.map((p) => sumOf(p) ?? null), key };
  store.put("check", entryKey(root), entry);
}
