// The scan cache of mutable directories (the main module, directory replacements): for
// each directory, each Go file's header (package clause, imports, leading comments) with
// the file's stat when it was read (size, modification and change times, inode). A file
// whose stat is unchanged is not read again; any difference re-reads it.
//
// The racy-timestamp rule: a file modified less than racyWindow before it was read may be
// modified again within the file system's clock granularity without its times changing,
// so its header is not kept (the next run reads it again).

import type { Stats } from "node:fs";
import type { FileHeader } from "../scan/header.js";
import type { CacheStore } from "./store.js";

/** racyWindow covers the coarsest common file time granularity (2 s, FAT) and clock steps. */
export const racyWindow = 2000;

export interface FileRecord {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  header: FileHeader;
}

/** LocalDirEntry: the files of one directory, by name. */
export interface LocalDirEntry {
  files: Record<string, FileRecord>;
}

function isEntry(v: unknown): v is LocalDirEntry {
  const e = v as LocalDirEntry | null;
  return typeof e === "object" && e !== null && typeof e.files === "object" && e.files !== null;
}

function isHeader(h: unknown): h is FileHeader {
  const x = h as FileHeader | null;
  return typeof x === "object" && x !== null && typeof x.packageName === "string" && Array.isArray(x.imports) &&
    x.imports.every((i) => typeof i === "string") && typeof x.leading === "string" && typeof x.nul === "boolean";
}

/** sameStat reports whether a record was taken of a file with this stat. */
export function sameStat(r: FileRecord, st: Stats): boolean {
  return r.size === st.size && r.mtimeMs === st.mtimeMs && r.ctimeMs === st.ctimeMs && r.ino === st.ino && isHeader(r.header);
}

/** readLocalDir returns the stored entry of a directory, or an empty one. */
export function readLocalDir(store: CacheStore, dir: string): LocalDirEntry {
  const stored = store.get("dir", dir);
  return isEntry(stored) ? stored : { files: {} };
}

/** recordOf is the record of a file just read, or null when the racy rule forbids keeping it. */
export function recordOf(st: Stats, header: FileHeader, readAt: number): FileRecord | null {
  if (Math.max(st.mtimeMs, st.ctimeMs) + racyWindow > readAt) return null;
  return { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, header };
}
