// CacheStore: gotidy-ts's own cache directory, a flat store of entries by kind and key.
//
// An entry lives at <dir>/<kind>/<hh>/<hash>, where hash is the SHA-256 of the store's
// tag (the gotidy-ts version and the schema version below), the kind and the key: an entry
// written by another version, or under another key, is another file and is never read.
// Its text is one line "gotidy-ts-cache <sha256 of the rest>" and then the JSON of
// { tag, kind, key, data }. A read checks the sum, the tag, the kind and the key, so a
// truncated, garbled or foreign file is a miss (and is rewritten by the next put),
// never an answer.
//
// A parted entry (putParts, getParts) is for data of which a run needs a few pieces: the
// JSON line also holds { parts: { name: [start, end] } }, byte ranges of the text after
// it, where each part's JSON follows. The sum covers the whole, and a part is decoded
// only when asked for.
//
// Entries are written atomically (src/io: a temporary file renamed into place), so a
// concurrent reader sees an old entry or a new one, and two writers of one entry leave
// one of their (equal) values. The store is bounded: after writing, at most once an
// hour across processes, it removes entries unused for maxAge and then the least
// recently used until the whole is under maxBytes. A read that hits marks the entry used
// (its modification time, updated at most once an hour).

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { writeFileAtomic } from "../io/atomic.js";
import { removeFile, removeTree, touchFile } from "../io/cache-files.js";

/** cacheKinds are the kinds of entry gotidy-ts stores: the module index, the scan cache of local directories, the results of --check. */
export const cacheKinds = ["module", "dir", "check"] as const;

/** schemaVersion changes whenever what an entry holds, or a rule that produced it, changes. */
export const schemaVersion = 3;

const header = "gotidy-ts-cache ";
const hour = 3600_000;

export interface CacheStoreOptions {
  /** The gotidy-ts version: entries of another version are never read. */
  toolVersion: string;
  /** The size the store is trimmed to (default 256 MiB). */
  maxBytes?: number;
  /** Entries unused for longer are removed when trimming (default 30 days). */
  maxAge?: number;
  /** The clock, in milliseconds (tests move it). */
  now?: () => number;
}

/** CacheUsage is what the store holds: bytes and entries in all, and entries by kind. */
export interface CacheUsage {
  bytes: number;
  entries: number;
  kinds: Record<string, number>;
}

interface EntryFile {
  path: string;
  size: number;
  mtime: number;
}

export class CacheStore {
  readonly tag: string;
  private readonly maxBytes: number;
  private readonly maxAge: number;
  private readonly now: () => number;
  private trimmed = false;
  /** The entries read or written by this store, by file. */
  private readonly seen = new Map<string, unknown>();
  /** The directory of each kind of entry. */
  private readonly kindDirs = new Map<string, string>();

  constructor(readonly dir: string, options: CacheStoreOptions) {
    this.tag = `${options.toolVersion}/${schemaVersion}`;
    this.maxBytes = options.maxBytes ?? 256 * 1024 * 1024;
    this.maxAge = options.maxAge ?? 30 * 24 * hour;
    this.now = options.now ?? Date.now;
  }

  /** pathOf is the file of the entry kind/key. */
  pathOf(kind: string, key: string): string {
    const h = createHash("sha256").update(`${this.tag}\0${kind}\0${key}`).digest("hex");
    // join's answer, the kind's directory joined once (the rest are hex digits).
    let dir = this.kindDirs.get(kind);
    if (dir === undefined) {
      dir = join(this.dir, kind);
      this.kindDirs.set(kind, dir);
    }
    return `${dir}${sep}${h.slice(0, 2)}${sep}${h}`;
  }

  /**
   * get returns the data of entry kind/key, or undefined when there is none that can be
   * trusted. An entry is read once per store: later gets return what the first returned
   * (callers must not change it), until put writes it, or unless again asks for the file
   * to be read again (to merge with what another process wrote meanwhile).
   */
  get(kind: string, key: string, again = false): unknown {
    return this.lookup(kind, key, again, false, (bytes) => decodeEntry(bytes, this.tag, kind, key));
  }

  /** put stores data as entry kind/key; a store that cannot be written is passed over (a cache is never needed). */
  put(kind: string, key: string, data: unknown): void {
    this.write(kind, key, [JSON.stringify({ tag: this.tag, kind, key, data })]);
  }

  /**
   * getParts is get for a parted entry (see the file comment): its data, and its parts,
   * each decoded when asked for; undefined when there is none that can be trusted. A
   * plain entry is not a parted one, nor the other way round.
   */
  getParts(kind: string, key: string, again = false): PartedEntry | undefined {
    return this.lookup(kind, key, again, true, (bytes) => decodeParted(bytes, this.tag, kind, key)) as PartedEntry | undefined;
  }

  /** lookup reads entry kind/key once per store (see get), decoded as a parted entry or a plain one. */
  private lookup(kind: string, key: string, again: boolean, parted: boolean, decode: (bytes: Buffer) => unknown): unknown {
    const file = this.pathOf(kind, key);
    if (!again && this.seen.has(file)) {
      const known = this.seen.get(file);
      return known instanceof PartedEntry === parted ? known : undefined;
    }
    let bytes: Buffer | null = null;
    try {
      bytes = readFileSync(file);
    } catch {
      // no entry
    }
    const data = bytes === null ? undefined : decode(bytes);
    if (data !== undefined) this.markUsed(file);
    this.seen.set(file, data);
    return data;
  }


  /** putParts stores a parted entry: data, and parts, each given as its JSON text; it returns the entry as stored. */
  putParts(kind: string, key: string, data: unknown, parts: ReadonlyMap<string, string>): PartedEntry {
    const ranges: Ranges = Object.create(null) as Ranges; // a part may be named "__proto__"
    let at = 0;
    for (const [name, text] of parts) {
      const n = Buffer.byteLength(text, "utf8");
      ranges[name] = [at, at + n];
      at += n;
    }
    const head = JSON.stringify({ tag: this.tag, kind, key, data, parts: ranges }) + "\n";
    const file = this.write(kind, key, [head, ...parts.values()]);
    return new PartedEntry(data, file.subarray(file.length - at), ranges);
  }

  /**
   * write stores the entry whose body is the texts given, one after another: the file's
   * bytes are written into one buffer as they are made (an entry of a large module runs to
   * megabytes, and a run writes many at its end), which it returns.
   */
  private write(kind: string, key: string, texts: readonly string[]): Buffer {
    const line = header.length + 64 + 1; // header, the sum in hex, a newline
    let length = line;
    for (const t of texts) length += Buffer.byteLength(t, "utf8");
    const bytes = Buffer.allocUnsafe(length);
    let at = line;
    for (const t of texts) at += bytes.write(t, at, "utf8");
    const sum = createHash("sha256").update(bytes.subarray(line)).digest("hex");
    bytes.write(`${header}${sum}\n`, 0, "latin1");
    const file = this.pathOf(kind, key);
    this.seen.delete(file); // read again when asked (kept, it would be a second copy of what the caller holds)
    try {
      writeFileAtomic(file, bytes, { makeDirs: true, sync: false, keepMode: false, followSymlinks: false });
    } catch {
      return bytes; // read-only or full: the next run recomputes
    }
    this.trimSometimes();
    return bytes;
  }

  private markUsed(file: string): void {
    try {
      if (this.now() - statSync(file).mtimeMs > hour) touchFile(file);
    } catch {
      // gone meanwhile
    }
  }

  /** trimSometimes trims at most once per process, and once an hour across processes (the file "trimmed" marks the last). */
  private trimSometimes(): void {
    if (this.trimmed) return;
    this.trimmed = true;
    const marker = join(this.dir, "trimmed");
    try {
      if (this.now() - statSync(marker).mtimeMs < hour) return;
    } catch {
      // never trimmed
    }
    try {
      writeFileAtomic(marker, "", { makeDirs: true, sync: false, keepMode: false, followSymlinks: false });
      this.trim();
    } catch {
      // another process removed what this one listed: the next trim finishes
    }
  }

  /** trim removes entries unused for maxAge, then the least recently used until the store is within maxBytes. */
  trim(): void {
    const files = cacheKinds.flatMap((k) => listEntries(join(this.dir, k))).sort((a, b) => a.mtime - b.mtime);
    let total = files.reduce((n, f) => n + f.size, 0);
    const now = this.now();
    for (const f of files) {
      if (total <= this.maxBytes && now - f.mtime <= this.maxAge) break;
      removeFile(f.path);
      total -= f.size;
    }
  }

  /**
   * clean removes every entry (of any version) and the trim marker; a directory of
   * the user's that GOTIDYCACHE names by mistake loses nothing else.
   */
  clean(): void {
    this.seen.clear();
    for (const kind of cacheKinds) removeTree(join(this.dir, kind));
    removeFile(join(this.dir, "trimmed"));
  }

  /** usage counts what the store holds. */
  usage(): CacheUsage {
    const usage: CacheUsage = { bytes: 0, entries: 0, kinds: {} };
    for (const kind of cacheKinds) {
      const files = listEntries(join(this.dir, kind));
      usage.kinds[kind] = files.length;
      usage.entries += files.length;
      usage.bytes += files.reduce((n, f) => n + f.size, 0);
    }
    return usage;
  }
}

/**
 * decodeEntry is an entry file's data when its sum, tag, kind and key are those expected,
 * else undefined. (The sum is taken of the file's bytes, which are decoded only once it
 * matches.)
 */
export function decodeEntry(file: string | Buffer, tag: string, kind: string, key: string): unknown {
  const bytes = typeof file === "string" ? Buffer.from(file, "utf8") : file;
  const body = checkedBody(bytes);
  if (!body) return undefined;
  try {
    const e = JSON.parse(body.toString("utf8")) as { tag?: unknown; kind?: unknown; key?: unknown; data?: unknown; parts?: unknown };
    return e.tag === tag && e.kind === kind && e.key === key && e.parts === undefined ? e.data : undefined;
  } catch {
    return undefined;
  }
}

/** checkedBody is what follows an entry file's first line when the line is the header with the sum of it, else null. */
function checkedBody(bytes: Buffer): Buffer | null {
  const nl = bytes.indexOf(0x0a);
  if (nl < 0 || bytes.toString("latin1", 0, header.length) !== header) return null;
  const body = bytes.subarray(nl + 1);
  return createHash("sha256").update(body).digest("hex") === bytes.toString("latin1", header.length, nl) ? body : null;
}

type Ranges = Record<string, [number, number]>;

/** PartedEntry is a parted entry read from the store: its data, and its parts by name. */
export class PartedEntry {
  constructor(readonly data: unknown, private readonly bytes: Buffer, private readonly ranges: Ranges) {}

  /** names lists the entry's parts. */
  names(): string[] {
    return Object.keys(this.ranges);
  }

  /** text is the JSON text of a part, or undefined when the entry has none of that name. */
  text(name: string): string | undefined {
    if (!Object.hasOwn(this.ranges, name)) return undefined;
    const [start, end] = this.ranges[name];
    return this.bytes.toString("utf8", start, end);
  }

  /** part is a part's value, or undefined when the entry has none of that name. */
  part(name: string): unknown {
    const text = this.text(name);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }
}

const isRange = (r: unknown, size: number): r is [number, number] =>
  Array.isArray(r) && r.length === 2 && Number.isSafeInteger(r[0]) && Number.isSafeInteger(r[1]) && 0 <= r[0] && r[0] <= r[1] && r[1] <= size;

/** decodeParted is decodeEntry for a parted entry (the sum is checked, the parts are decoded when asked for). */
export function decodeParted(file: Buffer, tag: string, kind: string, key: string): PartedEntry | undefined {
  const body = checkedBody(file);
  if (!body) return undefined;
  const nl = body.indexOf(0x0a);
  if (nl < 0) return undefined;
  const rest = body.subarray(nl + 1);
  try {
    const e = JSON.parse(body.toString("utf8", 0, nl)) as { tag?: unknown; kind?: unknown; key?: unknown; data?: unknown; parts?: unknown };
    if (e.tag !== tag || e.kind !== kind || e.key !== key || typeof e.parts !== "object" || e.parts === null) return undefined;
    const ranges = e.parts as Record<string, unknown>;
    for (const name of Object.keys(ranges)) if (!isRange(ranges[name], rest.length)) return undefined;
    return new PartedEntry(e.data, rest, ranges as Ranges);
  } catch {
    return undefined;
  }
}

function listDir(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** listEntries lists the files below dir (entries, and temporary files left by killed writers). */
function listEntries(dir: string): EntryFile[] {
  const out: EntryFile[] = [];
  for (const e of listDir(dir)) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...listEntries(path));
    else if (e.isFile() && e.name !== "trimmed") {
      try {
        const st = statSync(path);
        out.push({ path, size: st.size, mtime: st.mtimeMs });
      } catch {
        // removed meanwhile
      }
    }
  }
  return out;
}
