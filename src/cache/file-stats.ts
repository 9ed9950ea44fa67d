// What the stat key of --check holds of each .go file it walks: the path, and the size,
// modification and change times and inode. Kept as a list (the paths, and the numbers in
// one Float64Array, four a file, in walk order) and hashed in one pass when the walk is
// done: a key is taken of thousands of files, and a hash update for each would cost more
// than the stats themselves.

import { createHash } from "node:crypto";

/** FileStat is what the caches hold of a file's stat (a Stats has these fields). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

/** fieldsPerFile is how many numbers StatList keeps of each file. */
export const fieldsPerFile = 4;

/** StatList is the stats of a walk's files in walk order, and the newest of their times. */
export class StatList {
  readonly paths: string[] = [];
  private numbers = new Float64Array(256 * fieldsPerFile);
  private index: Map<string, number> | null = null;
  newest = 0;

  get length(): number {
    return this.paths.length;
  }

  add(path: string, st: FileStat): void {
    const at = this.paths.length * fieldsPerFile;
    if (at === this.numbers.length) {
      const grown = new Float64Array(this.numbers.length * 2);
      grown.set(this.numbers);
      this.numbers = grown;
    }
    this.numbers[at] = st.size;
    this.numbers[at + 1] = st.mtimeMs;
    this.numbers[at + 2] = st.ctimeMs;
    this.numbers[at + 3] = st.ino;
    this.newest = Math.max(this.newest, st.mtimeMs, st.ctimeMs);
    this.paths.push(path);
    this.index = null;
  }

  /** values is the list's numbers: fieldsPerFile a file (a view, valid until the next add). */
  values(): Float64Array {
    return this.numbers.subarray(0, this.paths.length * fieldsPerFile);
  }

  /** statAt is the stat of the i-th file. */
  statAt(i: number): FileStat {
    const n = this.numbers;
    const at = i * fieldsPerFile;
    return { size: n[at], mtimeMs: n[at + 1], ctimeMs: n[at + 2], ino: n[at + 3] };
  }

  /** statOf is the stat of the file at path, or undefined when the walk did not see it. */
  statOf(path: string): FileStat | undefined {
    this.index ??= new Map(this.paths.map((p, i) => [p, i]));
    const i = this.index.get(path);
    return i === undefined ? undefined : this.statAt(i);
  }

  /** pathsDigest is the SHA-256 of the paths alone, in order. */
  pathsDigest(): string {
    return createHash("sha256").update(`${this.paths.length}\0${this.paths.join("\0")}\0`).digest("hex");
  }

  /** digest is the SHA-256 of the paths and their stats. */
  digest(): string {
    const v = this.values();
    return createHash("sha256").update(`${this.paths.length}\0${this.paths.join("\0")}\0`)
      .update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest("hex");
  }
}
