// One directory as go mod tidy sees it: which files count, their imports and test
// imports (cmd/go's imports.ScanDir with "any tags"), given a reader of file headers.

import { readdirSync, statSync, Dirent } from "node:fs";
import { join } from "node:path";
import type { FileHeader } from "./header.js";
import { shouldBuild } from "./constraint.js";
import type { DirEntry, DirFiles, GoFile, ScanDirOptions, ScannedPackage } from "./scanner.js";
import { compareBytes } from "../text/unicode.js";

/** isGoEntry reports whether a listing entry is a regular file, or a link to one, named *.go. */
function isGoEntry(dir: string, e: DirEntry): boolean {
  if (!e.name.endsWith(".go")) return false;
  if (e.isFile()) return true;
  if (e.isSymbolicLink()) {
    try {
      return statSync(join(dir, e.name)).isFile();
    } catch {
      return false; // broken symbolic link
    }
  }
  return false;
}

/** isCandidate: a Go file the go command reads (not hidden from it by a leading "_" or "."). */
function isCandidate(dir: string, e: DirEntry): boolean {
  return !e.name.startsWith("_") && !e.name.startsWith(".") && isGoEntry(dir, e);
}

/**
 * hasGoFile reports whether dir holds a regular file (or link to one) named *.go; false
 * when it cannot be listed. With files, dir is a directory of that tree.
 */
export function hasGoFile(dir: string, files?: DirFiles): boolean {
  let entries: readonly DirEntry[];
  try {
    entries = files ? files.list(dir) ?? [] : readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((e) => isGoEntry(dir, e));
}

function sortedUnique(list: Iterable<string>): string[] {
  return [...new Set(list)].sort(compareBytes);
}

/** listing is a directory's entries: those given, else its tree's (a missing directory fails as the file system fails), else the file system's. */
function listing(dir: string, options: ScanDirOptions): readonly DirEntry[] {
  if (options.entries) return options.entries;
  if (!options.files) return readdirSync(dir, { withFileTypes: true });
  const entries = options.files.list(dir);
  if (entries) return entries;
  const err: NodeJS.ErrnoException = new Error(`ENOENT: no such file or directory, scandir '${dir}'`);
  err.code = "ENOENT";
  throw err;
}

/** candidateFiles lists the Go files of a directory that scanDirectory reads (listed as it lists them), sorted by name. */
export function candidateFiles(dir: string, options: ScanDirOptions = {}): DirEntry[] {
  return listing(dir, options).filter((e) => isCandidate(dir, e)).sort((a, b) => compareBytes(a.name, b.name));
}

/**
 * scanDirectory reads a directory the way go mod tidy does, reading each candidate
 * file's header with readFileHeader (given the file's path). It returns null when the
 * directory holds no Go file that counts (the go command's "no Go source files").
 * With options.files, the directory is listed through that tree.
 */
export function scanDirectory(dir: string, readFileHeader: (path: string) => FileHeader, options: ScanDirOptions = {}): ScannedPackage | null {
  const list = candidateFiles(dir, options);
  const pkg: ScannedPackage = {
    dir, names: [], goFiles: [], testGoFiles: [], xTestGoFiles: [],
    imports: [], testImports: [], xTestImports: [], cgo: false, error: null,
  };
  const names = new Set<string>();
  for (const e of list) {
    const path = join(dir, e.name);
    const header = readFileHeader(path);
    if (options.stats) options.stats.files++;
    // go's module index keeps a file its parser rejects without imports (one it could
    // not read, as with a NUL byte, without build constraints either); its import reader
    // keeps the imports before a syntax error, and fails the directory on a NUL byte.
    if (header.nul && !options.indexed) {
      pkg.error = `reading ${path}: unexpected NUL in input`;
      return pkg;
    }
    if (!(header.nul || shouldBuild(header.leading))) continue;
    const imports = options.indexed && header.parseError ? [] : header.imports;
    const file: GoFile = { name: e.name, packageName: header.packageName, imports };
    if (imports.includes("C")) pkg.cgo = true;
    if (!e.name.endsWith("_test.go")) {
      pkg.goFiles.push(file);
      if (header.packageName) names.add(header.packageName);
    } else if (header.packageName.endsWith("_test")) {
      pkg.xTestGoFiles.push(file);
    } else {
      pkg.testGoFiles.push(file);
    }
  }
  if (pkg.goFiles.length + pkg.testGoFiles.length + pkg.xTestGoFiles.length === 0) return null;
  const importsOf = (files: GoFile[]) => sortedUnique(files.flatMap((f) => f.imports).filter((p) => p !== "C"));
  pkg.names = [...names].sort(compareBytes);
  pkg.imports = importsOf(pkg.goFiles);
  pkg.testImports = importsOf(pkg.testGoFiles);
  pkg.xTestImports = importsOf(pkg.xTestGoFiles);
  return pkg;
}
