// go.sum: one "<module> <version> <hash>" line per checksum, where the version of a
// go.mod checksum ends in "/go.mod". The go command writes it sorted by module path,
// then by version, with each key's hashes sorted and without duplicates.

import { GoSumError } from "./errors.js";
import { compareModuleVersions, ModuleVersion } from "../module/version.js";
import { fields } from "../text/unicode.js";
import { encodeText, toText } from "../text/utf8.js";

/** The h1: hash of an empty go.mod file, recorded by an old bug and dropped on reading. */
export const emptyGoModHash = "h1:G7mAYYxgmS0lVkHyy2hEOLQCFB0DlQFTMLWggykrydY=";

export interface ParseGoSumOptions {
  /** Skip lines without exactly three fields instead of failing (go mod tidy does). */
  skipMalformed?: boolean;
}

/** GoSum holds the checksums of a go.sum file, keyed by module path and version. */
export class GoSum {
  private readonly entries = new Map<string, { mod: ModuleVersion; hashes: string[] }>();
  /** The keys in go.sum order, computed when first asked for after a change. */
  private sorted: ModuleVersion[] | null = null;

  private static key(path: string, version: string): string {
    return `${path} ${version}`;
  }

  /** add records a hash for path@version (version ending in "/go.mod" for go.mod hashes). */
  add(path: string, version: string, hash: string): void {
    const k = GoSum.key(path, version);
    const e = this.entries.get(k);
    if (e) {
      if (!e.hashes.includes(hash)) e.hashes.push(hash);
    } else {
      this.entries.set(k, { mod: { path, version }, hashes: [hash] });
      this.sorted = null;
    }
  }

  /** hashes returns the hashes recorded for path@version, in file order. */
  hashes(path: string, version: string): string[] {
    return [...(this.entries.get(GoSum.key(path, version))?.hashes ?? [])];
  }

  has(path: string, version: string): boolean {
    return this.entries.has(GoSum.key(path, version));
  }

  /** delete removes every hash of path@version. */
  delete(path: string, version: string): boolean {
    this.sorted = null;
    return this.entries.delete(GoSum.key(path, version));
  }

  /** modules lists the keys in go.sum order (a new array; sorting happens once per change). */
  modules(): ModuleVersion[] {
    this.sorted ??= [...this.entries.values()].map((e) => e.mod).sort(compareModuleVersions);
    return [...this.sorted];
  }

  /** unordered lists the keys in the order they were first added, without sorting. */
  unordered(): ModuleVersion[] {
    return [...this.entries.values()].map((e) => e.mod);
  }

  get size(): number {
    return this.entries.size;
  }
}

/** parseGoSum reads go.sum text; a line without three fields throws go's "malformed go.sum" error. */
export function parseGoSum(input: string | Uint8Array, fileName = "go.sum", options: ParseGoSumOptions = {}): GoSum {
  const text = toText(input);
  const sum = new GoSum();
  let lineno = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    lineno++;
    const f = fields(text.slice(start, end));
    start = end + 1;
    if (f.length === 0) continue;
    if (f.length !== 3) {
      if (options.skipMalformed) continue;
      throw new GoSumError(fileName, lineno, `wrong number of fields ${f.length}`);
    }
    if (f[2] === emptyGoModHash) continue;
    sum.add(f[0], f[1], f[2]);
  }
  return sum;
}

/** formatGoSum writes go.sum text exactly as the go command does. */
export function formatGoSum(sum: GoSum): string {
  let out = "";
  for (const m of sum.modules()) {
    const hashes = [...new Set(sum.hashes(m.path, m.version))].sort();
    for (const h of hashes) out += `${m.path} ${m.version} ${h}\n`;
  }
  return out;
}

/** formatGoSumBytes is formatGoSum as the file's bytes, with any undecodable input bytes restored. */
export function formatGoSumBytes(sum: GoSum): Buffer {
  return encodeText(formatGoSum(sum));
}
