// The scanner that reads Go source: each file's header (package clause, imports, the
// comments before the package clause) parsed by tree-sitter through WebAssembly.

import { closeSync, openSync, readFileSync, readSync } from "node:fs";
import type { Parser } from "web-tree-sitter";
import { FileHeader, HeaderRead, readHeader, readHeaderAndPrefix } from "./header.js";
import { hasGoFile, scanDirectory } from "./package.js";
import type { DirFiles, ScanDirOptions, ScannedPackage, Scanner } from "./scanner.js";
import { defaultGrammarFile, loadGoLanguage } from "./tree-sitter.js";
import { decodeBytes } from "../text/utf8.js";

export interface CreateScannerOptions {
  /** The Go grammar's WebAssembly file; default: the one the tree-sitter-go package ships. */
  grammar?: string;
}

/** SourceScanner is a Scanner that parses Go source; readHeader exposes its header reader. */
export interface SourceScanner extends Scanner {
  /**
   * readHeader reads a Go file's package clause, imports and leading comments from its
   * text. With complete = false, source is the start of the file only, and the result is
   * null when the header needs more of it.
   */
  readHeader(source: string, complete?: boolean): FileHeader | null;
  /** readHeaderAndPrefix reads a whole Go file's header, and says whether the text before its cut point was all it read (header.ts). */
  readHeaderAndPrefix(source: string): HeaderRead;
}

/** The start of a file read first: enough for nearly every header. */
const chunk = 8192;

/**
 * createScanner loads the Go parser and returns a scanner that owns one parser instance.
 * Loading the parser is the only slow or failing step: it rejects with a
 * ScannerLoadError when the runtime or the grammar cannot be loaded. close frees the
 * parser's WebAssembly memory.
 */
export async function createScanner(options: CreateScannerOptions = {}): Promise<SourceScanner> {
  const { runtime, language } = await loadGoLanguage(options.grammar ?? defaultGrammarFile());
  const parser: Parser = new runtime.Parser();
  parser.setLanguage(language);
  const first = Buffer.allocUnsafe(chunk);
  let closed = false;
  const live = (): Parser => {
    if (closed) throw new Error("internal error: scanner used after close");
    return parser;
  };

  /** readFileHeader reads the start of a file, and all of it when the header needs more. */
  const readFileHeader = (path: string): FileHeader => {
    const p = live();
    const fd = openSync(path, "r");
    try {
      const n = readSync(fd, first, 0, chunk, 0);
      if (n < chunk) return readHeader(p, decodeBytes(first.subarray(0, n)))!;
      const header = readHeader(p, decodeBytes(first), false);
      if (header) return header;
    } finally {
      closeSync(fd);
    }
    return readHeader(p, decodeBytes(readFileSync(path)))!;
  };

  /**
   * readTreeHeader reads a file of a tree other than the file system's: from its start
   * when that is enough, as readFileHeader does (what the header keeps of the text then
   * holds no more of it than that start).
   */
  const readTreeHeader = (files: DirFiles, path: string): FileHeader => {
    const p = live();
    const start = files.readStart ? files.readStart(path, chunk) : files.read(path);
    if (start.length < chunk) return readHeader(p, decodeBytes(start))!;
    // The whole file: read again only where start was a start alone.
    return readHeader(p, decodeBytes(start.subarray(0, chunk)), false) ?? readHeader(p, decodeBytes(files.readStart ? files.read(path) : start))!;
  };

  return {
    async scanDir(dir: string, scanOptions?: ScanDirOptions): Promise<ScannedPackage | null> {
      live();
      const files = scanOptions?.files;
      return scanDirectory(dir, files ? (path) => readTreeHeader(files, path) : readFileHeader, scanOptions);
    },
    async isGoDir(dir: string, options?: { files?: DirFiles }): Promise<boolean> {
      return hasGoFile(dir, options?.files);
    },
    readsDirFiles: true,
    readHeader(source: string, complete = true): FileHeader | null {
      return readHeader(live(), source, complete);
    },
    readHeaderAndPrefix(source: string): HeaderRead {
      return readHeaderAndPrefix(live(), source)!;
    },
    close(): void {
      if (closed) return;
      closed = true;
      parser.delete();
    },
  };
}
