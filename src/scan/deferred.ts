// A scanner made when it is first used, so that a run which never reads a Go directory
// (a go.mod error, say) never loads the parser.

import type { DirFiles, ScanDirOptions, ScannedPackage, Scanner } from "./scanner.js";

/**
 * deferScanner returns a Scanner that calls create on its first scanDir or isGoDir and
 * answers through what it made; a failed create is the answer of every call. close
 * closes the made scanner, if any; after close, create is never called. readsDirFiles
 * is what the made scanner's will be.
 */
export function deferScanner(create: () => Promise<Scanner>, options: { readsDirFiles?: boolean } = {}): Scanner {
  let made: Promise<Scanner> | null = null;
  let closed = false;
  const get = (): Promise<Scanner> => {
    if (closed) return Promise.reject(new Error("internal error: scanner used after close"));
    return (made ??= create());
  };
  return {
    async scanDir(dir: string, options?: ScanDirOptions): Promise<ScannedPackage | null> {
      return (await get()).scanDir(dir, options);
    },
    async isGoDir(dir: string, goDirOptions?: { files?: DirFiles }): Promise<boolean> {
      return (await get()).isGoDir(dir, goDirOptions);
    },
    readsDirFiles: options.readsDirFiles,
    close(): void {
      if (closed) return;
      closed = true;
      made?.then((s) => s.close(), () => undefined);
    },
  };
}
