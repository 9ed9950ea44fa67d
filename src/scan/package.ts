// One directory as go mod tidy sees it: which files count, their imports and test
// imports (cmd/go's imports.ScanDir with "any tags").

import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, Dirent } from "node:fs";
import { join } from "node:path";
import { FileHeader, readHeader } from "./header.js";
import { shouldBuild } from "./constraint.js";
import { compareBytes } from "../text/unicode.js";
import { decodeBytes } from "../text/utf8.js";

export interface GoFile {
  name: string;
  packageName: string;
  imports: string[];
}

/** The Go files of one directory and what they import. */
export interface ScannedPackage {
  dir: string;
  /** Package names found in non-test files, sorted (go mod tidy does not require one name). */
  names: string[];
  /** Files that count, sorted: non-test, in-package tests, external tests (package *_test). */
  goFiles: GoFile[];
  testGoFiles: GoFile[];
  xTestGoFiles: GoFile[];
  /** Imports of non-test files, sorted and unique, without "C". */
  imports: string[];
  /** Imports of in-package _test.go files. */
  testImports: string[];
  /** Imports of external _test.go files (package x_test). */
  xTestImports: string[];
  /** Some file imports "C". */
  cgo: boolean;
  /** An error that makes the directory unusable: "reading FILE: unexpected NUL in input". */
  error: string | null;
}

/** NoGoError: a directory with no Go source files that count. */
export const noGoFiles = "no Go source files";

const chunk = 8192;

const first = Buffer.allocUnsafe(chunk);

/** readFileHeader reads the start of a file, and all of it when the header needs more. */
function readFileHeader(path: string): FileHeader {
  const fd = openSync(path, "r");
  try {
    const n = readSync(fd, first, 0, chunk, 0);
    if (n < chunk) return readHeader(decodeBytes(first.subarray(0, n)))!;
    const header = readHeader(decodeBytes(first), false);
    if (header) return header;
  } finally {
    closeSync(fd);
  }
  return readHeader(decodeBytes(readFileSync(path)))!;
}

function isCandidate(dir: string, e: Dirent): boolean {
  const name = e.name;
  if (!name.endsWith(".go") || name.startsWith("_") || name.startsWith(".")) return false;
  if (e.isFile()) return true;
  if (e.isSymbolicLink()) {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false; // broken symbolic link
    }
  }
  return false;
}

function sortedUnique(list: Iterable<string>): string[] {
  return [...new Set(list)].sort(compareBytes);
}

/**
 * scanPackageDir reads a directory the way go mod tidy does. It returns null when the
 * directory holds no Go file that counts (the go command's "no Go source files").
 */
export function scanPackageDir(dir: string, entries?: Dirent[], stats?: { files: number }): ScannedPackage | null {
  const list = (entries ?? readdirSync(dir, { withFileTypes: true })).filter((e) => isCandidate(dir, e));
  list.sort((a, b) => compareBytes(a.name, b.name));
  const pkg: ScannedPackage = {
    dir, names: [], goFiles: [], testGoFiles: [], xTestGoFiles: [],
    imports: [], testImports: [], xTestImports: [], cgo: false, error: null,
  };
  const names = new Set<string>();
  for (const e of list) {
    const path = join(dir, e.name);
    const header = readFileHeader(path);
    if (stats) stats.files++;
    if (header.nul) {
      pkg.error = `reading ${path}: unexpected NUL in input`;
      return pkg;
    }
    if (!shouldBuild(header.leading)) continue;
    const file: GoFile = { name: e.name, packageName: header.packageName, imports: header.imports };
    if (header.imports.includes("C")) pkg.cgo = true;
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
