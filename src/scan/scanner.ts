// The scanner seam: what the main-module walk and the package loader ask of Go source
// directories, and nothing about how it is answered. createScanner (source-scanner.ts)
// answers by reading file headers with tree-sitter; an index of module-cache packages or
// another parser can answer the same questions in its place.

import type { Dirent } from "node:fs";

/** A listing entry: what a Scanner asks of a node:fs Dirent. */
export type DirEntry = Pick<Dirent, "name" | "isFile" | "isDirectory" | "isSymbolicLink">;

/**
 * DirFiles is a read-only tree of files held somewhere other than in directories of the
 * file system (a module zip): its listings and contents, under the paths the files would
 * have if the tree were written out.
 */
export interface DirFiles {
  /** list returns the entries of a directory of the tree, or null when the tree has no such directory. */
  list(dir: string): readonly DirEntry[] | null;
  /**
   * read returns the contents of a file of the tree (one list returned); it throws when the
   * file cannot be read. The result may share memory with a buffer that the next read (of
   * this tree, or of any zip) reuses: use it before anything else runs, and copy what is kept.
   */
  read(path: string): Buffer;
  /**
   * readStart, where a tree has it, returns the first bytes of a file (all of it when it
   * is shorter), the whole file checked as read checks it, without holding the whole in
   * memory at once; the result may share memory as read's does.
   */
  readStart?(path: string, bytes: number): Buffer;
}

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

export interface ScanDirOptions {
  /** The directory's listing, when the caller has read it already (withFileTypes). */
  entries?: Dirent[];
  /**
   * The tree dir lies in, when it is not a directory of the file system: the listing and
   * the files are read through it (a scanner whose readsDirFiles is true honours it).
   */
  files?: DirFiles;
  /** Counters: files is increased by one for each .go file whose header was read. */
  stats?: { files: number };
  /**
   * The go command reads the directory through its module index (a module-cache
   * directory, the index not disabled): a file whose header go's parser rejects counts
   * without imports, where its import reader keeps those before the error.
   */
  indexed?: boolean;
}

/**
 * Scanner reads Go package directories the way go mod tidy does: every build tag counts
 * as satisfied except "ignore", in either polarity, and no file-name suffix excludes a
 * file ("any tags"). Its answers depend only on the directory's contents at the time of
 * the call. Calls may overlap (several runs may share one scanner, as --recursive
 * does); close it when no run needs it any more.
 */
export interface Scanner {
  /**
   * scanDir reads one directory: its package names, the files that count and their
   * imports and test imports. It resolves to null when no Go file counts (the go
   * command's "no Go source files"), and to a package with error set when the directory
   * is unusable. A directory that cannot be listed rejects with the file system's error.
   */
  scanDir(dir: string, options?: ScanDirOptions): Promise<ScannedPackage | null>;
  /**
   * isGoDir reports whether dir holds a regular file (or a link to one) named *.go,
   * whatever its build constraints: whether a module can provide a package there.
   * A directory that cannot be listed holds none. With options.files, dir is one of that tree's.
   */
  isGoDir(dir: string, options?: { files?: DirFiles }): Promise<boolean>;
  /**
   * readsDirFiles is true when scanDir and isGoDir read through the options' files when
   * given; a scanner without it is only asked about directories of the file system.
   */
  readonly readsDirFiles?: boolean;
  /** close frees what the scanner holds. It may be called more than once; nothing else may be called after it. */
  close(): void;
}

/** noGoFiles is the go command's NoGoError text: a directory with no Go source files that count. */
export const noGoFiles = "no Go source files";
