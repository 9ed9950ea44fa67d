// The checks of a module zip's directory and of a cached .ziphash that the Fetcher makes
// before trusting either: the go command's words for what fails.

import { ZipError } from "./errors.js";
import { ModuleZipFile, moduleZipFiles } from "./ziprules.js";
import { readZipDirectory, ZipDirEntry, ZipFormatError } from "../modfile/zipread.js";
import type { ZipSource } from "../modfile/zipsource.js";

/** zipDirectory lists a zip's entries; a malformed archive is a ZipError in archive/zip's words. */
export function zipDirectory(zip: ZipSource): ZipDirEntry[] {
  try {
    return readZipDirectory(zip);
  } catch (err) {
    if (err instanceof ZipFormatError) throw new ZipError(err.message, { cause: err });
    throw err;
  }
}

/** filesOrNull is moduleZipFiles, or null for a zip that breaks the rules (reported when it is unzipped). */
export function filesOrNull(entries: ZipDirEntry[], path: string, version: string, size: number): ModuleZipFile[] | null {
  try {
    return moduleZipFiles(entries, path, version, size);
  } catch (err) {
    if (err instanceof ZipError) return null;
    throw err;
  }
}

/** isValidZipHash is the go command's test of a .ziphash's bytes (less surrounding space): no NUL, and an h1:-sized length. */
export function isValidZipHash(data: Buffer): boolean {
  const space = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);
  let start = 0;
  let end = data.length;
  while (start < end && space(data[start])) start++;
  while (end > start && space(data[end - 1])) end--;
  return !data.includes(0) && end - start === "h1:".length + 44;
}
