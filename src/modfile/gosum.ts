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

/**
 * GoSum holds the checksums of a go.sum file, keyed by module path and version.
 *
 * It is built to hold a million lines in little memory: one map entry per key, the key
 * "path version" (path and version are taken back from it: neither holds a space) and,
 * for the usual single hash, the hash itself rather than a list. A key read from a line
 * is a slice of that line, not a new string.
 */
export class GoSum {
  private readonly entries = new Map<string, string | string[]>();
  /** The keys in go.sum order, computed when first asked for after a change. */
  private sorted: ModuleVersion[] | null = null;

  private static key(path: string, version: string): string {
    return `${path} ${version}`;
  }

  /** add records a hash for path@version (version ending in "/go.mod" for go.mod hashes). */
  add(path: string, version: string, hash: string): void {
    this.addKey(GoSum.key(path, version), hash);
  }

  /** addKey is add with the key already made ("path version"). */
  addKey(key: string, hash: string): void {
    const e = this.entries.get(key);
    if (e === undefined) {
      this.entries.set(key, hash);
      this.sorted = null;
    } else if (typeof e === "string") {
      if (e !== hash) this.entries.set(key, [e, hash]);
    } else if (!e.includes(hash)) {
      e.push(hash);
    }
  }

  /** hashes returns the hashes recorded for path@version, in file order. */
  hashes(path: string, version: string): string[] {
    return GoSum.list(this.entries.get(GoSum.key(path, version)));
  }

  private static list(e: string | string[] | undefined): string[] {
    return e === undefined ? [] : typeof e === "string" ? [e] : [...e];
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
    this.sorted ??= this.unordered().sort(compareModuleVersions);
    return [...this.sorted];
  }

  /** unordered lists the keys in the order they were first added, without sorting. */
  unordered(): ModuleVersion[] {
    return [...this.entries.keys()].map(splitKey);
  }

  /** byKey lists each key ("path version", in the order first added) with its hashes. */
  *byKey(): IterableIterator<[string, string[]]> {
    for (const [k, e] of this.entries) yield [k, GoSum.list(e)];
  }

  get size(): number {
    return this.entries.size;
  }
}

function splitKey(k: string): ModuleVersion {
  const sp = k.indexOf(" ");
  return { path: k.slice(0, sp), version: k.slice(sp + 1) };
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
    const line = text.slice(start, end);
    const f = fields(line);
    start = end + 1;
    if (f.length === 0) continue;
    if (f.length !== 3) {
      if (options.skipMalformed) continue;
      throw new GoSumError(fileName, lineno, `wrong number of fields ${f.length}`);
    }
    if (f[2] === emptyGoModHash) continue;
    // The usual line, "path version hash" with single spaces: its key is a slice of it.
    const keyEnd = f[0].length + 1 + f[1].length;
    const plain = line.startsWith(f[0]) && line.charCodeAt(f[0].length) === 0x20 && line.startsWith(f[1], f[0].length + 1);
    sum.addKey(plain ? line.slice(0, keyEnd) : `${f[0]} ${f[1]}`, f[2]);
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
