// The modules of a run read from their zips rather than from extracted directories
// (Fetcher.moduleFiles): each tree under the module's directory, and a scanner that reads
// a directory below one of them through its tree.

import { dirname, join } from "node:path";
import type { DirFiles, ScanDirOptions, ScannedPackage, Scanner } from "../scan/scanner.js";

export class ModuleTrees {
  private readonly trees = new Map<string, DirFiles>();

  /** add makes root's files those of files. */
  add(root: string, files: DirFiles): void {
    this.trees.set(root, files);
  }

  /** filesFor is the tree dir lies in, or undefined for a directory of the file system. */
  filesFor(dir: string): DirFiles | undefined {
    if (this.trees.size === 0) return undefined;
    for (let d = dir; ; d = dirname(d)) {
      const files = this.trees.get(d);
      if (files) return files;
      if (dirname(d) === d) return undefined;
    }
  }

  /** goModOf returns the go.mod file at a module tree's root, or null when it has none. */
  goModOf(root: string): Buffer | null {
    const files = this.trees.get(root);
    if (!files?.list(root)?.some((e) => e.name === "go.mod" && e.isFile())) return null;
    return Buffer.from(files.read(join(root, "go.mod"))); // a copy: the tree's next read reuses its buffer
  }

  /**
   * scanner is inner, reading each directory below a tree through it. inner must read
   * through the files it is given (readsDirFiles) once a tree is added; close closes inner.
   */
  scanner(inner: Scanner): Scanner {
    return {
      scanDir: (dir: string, options?: ScanDirOptions): Promise<ScannedPackage | null> => {
        const files = this.filesFor(dir);
        return inner.scanDir(dir, files ? { ...options, files } : options);
      },
      isGoDir: (dir: string): Promise<boolean> => {
        const files = this.filesFor(dir);
        return files ? inner.isGoDir(dir, { files }) : inner.isGoDir(dir);
      },
      readsDirFiles: inner.readsDirFiles,
      close: () => inner.close(),
    };
  }
}
