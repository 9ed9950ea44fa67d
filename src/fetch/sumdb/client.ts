// The checksum database client: looks up the go.sum lines of a module version, checks
// that the answer is in the signed tree (and that the tree is consistent with the newest
// tree seen before), and keeps what it learned where the go command keeps it:
// $GOPATH/pkg/sumdb/<name>/latest and $GOMODCACHE/cache/download/sumdb/<name>/...
// (lookup answers, and tiles: full ones as fetched, partial ones once a proof using them
// succeeded, as the go command saves them). Offline, only those files are read.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../io/atomic.js";
import { ChecksumError, FetchError, isNotExist, NotExistError, OfflineError } from "../errors.js";
import { HttpClient } from "../http.js";
import { FetchObserver, progressSink } from "../observer.js";
import { ProxyEntry, tryProxies } from "../proxy-list.js";
import type { ChecksumDatabase } from "../verify.js";
import { escapePath, escapeVersion } from "../../module/escape.js";
import { ModuleError } from "../../module/errors.js";
import { NoteVerifier, openNote, parseVerifierKey } from "./note.js";
import { checkConsistent, checkRecord, parseRecord, parseTree, TreeReader, tilePath, Tree, tileHeight } from "./tlog.js";

/** Keys of the checksum databases the go command knows by name. */
export const knownSumDBs: Record<string, string> = {
  "sum.golang.org": "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8",
};

export interface SumDBOptions {
  /** The GOSUMDB setting: a known name, or "name+hash+key [url]". */
  GOSUMDB: string;
  proxies: ProxyEntry[];
  http: HttpClient;
  /** $GOMODCACHE/cache/download/sumdb */
  cacheDir: string;
  /** $GOPATH/pkg/sumdb */
  configDir: string;
  /** Offline mode: answer from the cached files only; anything else throws a FetchError of class "offline". */
  offline?: boolean;
  /** Told of the progress of the database's files (file "sumdb"). */
  observer?: FetchObserver;
}

/** The module version a request to the database is made for (named in progress events). */
interface LookupContext {
  module: string;
  version: string;
}

/** Files fetched during one proof, to be saved once the proof succeeds: cache file -> data. */
type PendingTiles = Map<string, Buffer>;

/**
 * writeAtomic stores a file of the database's cache as the module cache stores its own
 * (an exclusively created temporary file renamed into place, not flushed to the disk).
 */
function writeAtomic(file: string, data: Buffer | string): void {
  writeFileAtomic(file, data, { keepMode: false, followSymlinks: false, sync: false, makeDirs: true });
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}

export class SumDB implements ChecksumDatabase {
  readonly name: string;
  private readonly verifier: NoteVerifier;
  private readonly explicitBase: string | null;
  private base: Promise<string> | null = null;
  private latest: { tree: Tree; note: Buffer } | null = null;
  private readonly lookups = new Map<string, Promise<Buffer>>();

  constructor(private readonly options: SumDBOptions) {
    let setting = options.GOSUMDB;
    if (setting === "sum.golang.google.cn") setting = "sum.golang.org https://sum.golang.google.cn";
    const fields = setting.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) throw new FetchError("missing GOSUMDB", "invalid");
    if (fields.length > 2) throw new FetchError("invalid GOSUMDB: too many fields", "invalid");
    const key = knownSumDBs[fields[0]] ?? fields[0];
    try {
      this.verifier = parseVerifierKey(key);
    } catch (err) {
      throw new FetchError(`invalid GOSUMDB: ${(err as Error).message}`, "invalid");
    }
    this.name = this.verifier.name;
    this.explicitBase = fields[1] ?? null;
  }

  /** baseURL finds where to ask: the first proxy that serves this database, else the database itself. */
  private baseURL(ctx: LookupContext): Promise<string> {
    if (this.explicitBase) return Promise.resolve(this.explicitBase.replace(/\/$/, ""));
    this.base ??= (async () => {
      try {
        return await tryProxies(this.options.proxies, this.name, { GOPROXY: "", GONOPROXY: "" }, async (url, entry) => {
          if (entry.kind !== "url") throw new NotExistError("not a proxy");
          const base = `${url.replace(/\/$/, "")}/sumdb/${this.name}`;
          await this.get(`${base}/supported`, ctx);
          return base;
        });
      } catch (err) {
        if (isNotExist(err)) return `https://${this.name}`;
        throw err;
      }
    })();
    return this.base;
  }

  private get(url: string, ctx: LookupContext, maxBytes?: number): Promise<Buffer> {
    return this.options.http.get(url, maxBytes, progressSink(this.options.observer, ctx.module, ctx.version, "sumdb", url));
  }

  private async remote(rel: string, ctx: LookupContext): Promise<Buffer> {
    if (this.options.offline) {
      throw new OfflineError(`offline: ${this.name}/${rel} not in the checksum database cache`, { missing: `${this.name}/${rel}` });
    }
    return this.get(`${await this.baseURL(ctx)}/${rel}`, ctx, 64 << 20);
  }

  /**
   * readTile reads a tile from the cache (the tile itself, else the start of the full
   * tile), else from the database. Full tiles are cached at once (every use checks them
   * against a signed tree hash); partial tiles go to pending, saved after the proof.
   */
  private async readTile(level: number, index: number, width: number, ctx: LookupContext, pending: PendingTiles): Promise<Buffer> {
    const fullWidth = 1 << tileHeight;
    const full = tilePath(level, index, fullWidth);
    const fullFile = join(this.options.cacheDir, this.name, full);
    if (width < fullWidth) {
      const rel = tilePath(level, index, width);
      const cachedPartial = readOrNull(join(this.options.cacheDir, this.name, rel));
      if (cachedPartial && cachedPartial.length === width * 32) return cachedPartial;
    }
    const cached = readOrNull(fullFile);
    if (cached && cached.length === fullWidth * 32) return cached.subarray(0, width * 32);
    if (width === fullWidth) {
      const data = await this.remote(full, ctx);
      writeAtomic(fullFile, data);
      return data;
    }
    const rel = tilePath(level, index, width);
    try {
      const data = await this.remote(rel, ctx);
      pending.set(join(this.options.cacheDir, this.name, rel), data);
      return data;
    } catch (err) {
      // The partial tile may have been completed meanwhile: use the start of the full one.
      if (!isNotExist(err)) throw err;
      const data = (await this.remote(full, ctx)).subarray(0, width * 32);
      pending.set(join(this.options.cacheDir, this.name, rel), data); // saved as the partial tile, as the go command does
      return data;
    }
  }

  /** prove runs a proof over the tree of the given size, then saves the partial tiles it fetched. */
  private async prove<T>(size: number, ctx: LookupContext, proof: (reader: TreeReader) => Promise<T>): Promise<T> {
    const pending: PendingTiles = new Map();
    const result = await proof(new TreeReader(size, (level, index, width) => this.readTile(level, index, width, ctx, pending)));
    for (const [file, data] of pending) writeAtomic(file, data);
    return result;
  }

  private latestFile(): string {
    return join(this.options.configDir, this.name, "latest");
  }

  private loadLatest(): { tree: Tree; note: Buffer } | null {
    if (this.latest) return this.latest;
    const note = readOrNull(this.latestFile());
    if (!note || note.length === 0) return null;
    this.latest = { tree: parseTree(openNote(note, this.verifier)), note };
    return this.latest;
  }

  /** merge checks a newly seen signed tree against the latest one and keeps the newer. */
  private async merge(note: Buffer, ctx: LookupContext): Promise<Tree> {
    let tree: Tree;
    try {
      tree = parseTree(openNote(note, this.verifier));
    } catch (err) {
      throw new ChecksumError("tree", `reading tree note: ${(err as Error).message}\nnote:\n${note.toString()}`, "", "", { cause: err });
    }
    const latest = this.loadLatest();
    if (latest && tree.n <= latest.tree.n) {
      await this.prove(latest.tree.n, ctx, (reader) => checkConsistent(tree, latest.tree, reader)).catch((err: Error) => {
        throw this.inconsistent(err, tree, latest.tree);
      });
      return latest.tree;
    }
    if (latest) {
      await this.prove(tree.n, ctx, (reader) => checkConsistent(latest.tree, tree, reader)).catch((err: Error) => {
        throw this.inconsistent(err, latest.tree, tree);
      });
    }
    this.latest = { tree, note };
    writeAtomic(this.latestFile(), note);
    return tree;
  }

  private inconsistent(err: Error, older: Tree, newer: Tree): FetchError {
    // Offline, a tile missing from the cache proves nothing either way.
    if (err instanceof OfflineError) return err;
    return new ChecksumError("tree", 
      `${this.name}: checksum database trees of size ${older.n} and ${newer.n} are inconsistent (${err.message})\n\n` +
      "SECURITY ERROR\ngo.sum database server misbehavior detected!\n", "", "", { cause: err });
  }

  /** lookup returns the database's go.sum lines for path@version. */
  async lookup(path: string, version: string): Promise<string[]> {
    try {
      const rel = `lookup/${escapePath(path)}@${escapeVersion(version)}`;
      let data = this.lookups.get(rel);
      if (!data) {
        data = this.fetchRecord(rel, { module: path, version });
        this.lookups.set(rel, data);
      }
      const prefix = `${path} ${version}`;
      return (await data).toString("utf8").split("\n").filter((l) => l.startsWith(prefix + " ") || l.startsWith(prefix + "/go.mod "));
    } catch (err) {
      throw new ModuleError(path, version, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async fetchRecord(rel: string, ctx: LookupContext): Promise<Buffer> {
    const cacheFile = join(this.options.cacheDir, this.name, rel);
    const cached = readOrNull(cacheFile);
    const msg = cached ?? await this.remote(rel, ctx);
    const { id, text, note } = parseRecord(msg);
    const tree = await this.merge(note, ctx);
    await this.prove(tree.n, ctx, (reader) => checkRecord(tree, reader, id, text));
    if (!cached) writeAtomic(cacheFile, msg);
    return text;
  }
}
