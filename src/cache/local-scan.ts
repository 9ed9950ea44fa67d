// The scan cache of mutable directories (the main module, directory replacements): for
// each directory, each Go file's header (package clause, imports, the leading comments
// when they exclude the file; see keptHeader) with
// the file's stat when it was read (size, modification and change times, inode). A file
// whose stat is unchanged is not read again; any difference re-reads it.
//
// The racy-timestamp rule: a file modified less than racyWindow before it was read may be
// modified again within the file system's clock granularity without its times changing,
// so its header is not kept (the next run reads it again).
//
// A record also holds, when the header was read from the text before the file's cut point
// alone (src/scan/header.ts), that text's length and SHA-256 (of its UTF-16 code units, so
// that two texts holding different bytes that are not UTF-8 never have the same sum): a
// file whose stat changed but whose text before its cut point is the same (an edit of a
// function body) has the same header, which is then taken from the record without
// parsing the file. Only a record that can be trusted by its stat (the racy rule) is kept.

import { createHash } from "node:crypto";
import { shouldBuild } from "../scan/constraint.js";
import type { FileHeader } from "../scan/header.js";
import type { FileStat } from "./file-stats.js";
import type { CacheStore } from "./store.js";

/** racyWindow covers the coarsest common file time granularity (2 s, FAT) and clock steps. */
export const racyWindow = 2000;

export interface FileRecord {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  header: FileHeader;
  /** The length and SHA-256 of the text the header was read from alone, "<length>:<hex>" (absent: the whole file was read). */
  prefix?: string;
}

/** LocalDirEntry: the files of one directory, by name. */
export interface LocalDirEntry {
  files: Record<string, FileRecord>;
}

function isEntry(v: unknown): v is LocalDirEntry {
  const e = v as LocalDirEntry | null;
  return typeof e === "object" && e !== null && typeof e.files === "object" && e.files !== null;
}

/** isHeader tells whether a stored value has a header's shape. */
export function isHeader(h: unknown): h is FileHeader {
  const x = h as FileHeader | null;
  return typeof x === "object" && x !== null && typeof x.packageName === "string" && Array.isArray(x.imports) &&
    x.imports.every((i) => typeof i === "string") && typeof x.leading === "string" && typeof x.nul === "boolean" &&
    typeof x.parseError === "boolean";
}

/** sameStat reports whether a record was taken of a file with this stat. */
export function sameStat(r: FileRecord, st: FileStat): boolean {
  return r.size === st.size && r.mtimeMs === st.mtimeMs && r.ctimeMs === st.ctimeMs && r.ino === st.ino && isHeader(r.header) &&
    (r.prefix === undefined || typeof r.prefix === "string");
}

/** readLocalDir returns the stored entry of a directory, or an empty one. */
export function readLocalDir(store: CacheStore, dir: string): LocalDirEntry {
  const stored = store.get("dir", dir);
  return isEntry(stored) ? stored : { files: {} };
}

/** prefixSum is what a record holds of the text a header was read from alone (see the file comment). */
export function prefixSum(prefix: string): string {
  return `${prefix.length}:${createHash("sha256").update(prefix, "utf16le").digest("hex")}`;
}

/**
 * keptHeader is what a record keeps of a header: all of it, but of the comments before
 * the package clause (read for their build constraints alone, src/scan/package.ts) only
 * what tells the same: nothing when the file is built (no constraint excludes it), as for
 * most files, whose leading comment is a licence (about a third of an entry on
 * k8s.io/client-go), the comments themselves when it is not.
 */
function keptHeader(header: FileHeader): FileHeader {
  return header.leading === "" || !shouldBuild(header.leading) ? header : { ...header, leading: "" };
}

/** recordOf is the record of a file just read, or null when the racy rule forbids keeping it. */
export function recordOf(st: FileStat, header: FileHeader, readAt: number, prefix?: string): FileRecord | null {
  if (Math.max(st.mtimeMs, st.ctimeMs) + racyWindow > readAt) return null;
  const rec: FileRecord = { size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino, header: keptHeader(header) };
  if (prefix !== undefined) rec.prefix = prefix;
  return rec;
}
