// The checksum database client: looks up the go.sum lines of a module version, checks
// that the answer is in the signed tree (and that the tree is consistent with the newest
// tree seen before), and keeps what it learned where the go command keeps it:
// $GOPATH/pkg/sumdb/<name>/latest and $GOMODCACHE/cache/download/sumdb/<name>/...
// (lookup answers once proven, and tiles once every hash in them is checked against a
// signed tree hash, as the go command saves them). Offline, only those files are read.

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
import { checkRecord, Hash, parseRecord, parseTree, proveTree, Tile, tileHeight, tilePath, Tree, treeHash, TreeTiles } from "./tlog.js";

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

/** A signed tree and the note that signs it. */
interface SignedTree {
  tree: Tree;
  note: Buffer;
}

const fullTileWidth = 1 << tileHeight;

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

/**
 * TreeCheckError: the tiles that would show one signed tree to be a prefix of another could
 * not be read or did not match their tree ("checking tree#N against tree#M: ..."). It
 * proves nothing about the database; its cause is the failure, kept with its class.
 */
export class TreeCheckError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = "TreeCheckError";
  }
}

export class SumDB implements ChecksumDatabase {
  readonly name: string;
  private readonly verifier: NoteVerifier;
  private readonly explicitBase: string | null;
  private base: Promise<string> | null = null;
  private latest: SignedTree | null = null;
  /** Tile reads of this client, by tile path (the go command reads each tile once per run). */
  private readonly tileReads = new Map<string, Promise<Buffer>>();
  /** Tiles already in the cache, or saved by this client: never written again. */
  private readonly savedTiles = new Set<string>();
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
   * tile), else from the database (the tile, else the start of the full tile when the
   * partial one is gone). Each tile is read once per client; a failure is passed on as it is.
   */
  private readTile(tile: Tile, ctx: LookupContext): Promise<Buffer> {
    const rel = tilePath(tile.level, tile.index, tile.width);
    let read = this.tileReads.get(rel);
    if (!read) {
      read = this.readTileOnce(tile, rel, ctx);
      read.catch(() => {}); // a failure is reported by the read that asked for it
      this.tileReads.set(rel, read);
    }
    return read;
  }

  private async readTileOnce(tile: Tile, rel: string, ctx: LookupContext): Promise<Buffer> {
    const full = tilePath(tile.level, tile.index, fullTileWidth);
    const cached = readOrNull(join(this.options.cacheDir, this.name, rel));
    if (cached) {
      this.savedTiles.add(rel);
      return cached;
    }
    if (rel !== full) {
      // Only checked tiles are saved, so the start of a saved full tile is checked too.
      const cachedFull = readOrNull(join(this.options.cacheDir, this.name, full));
      if (cachedFull && cachedFull.length === fullTileWidth * 32) {
        this.savedTiles.add(rel);
        return cachedFull.subarray(0, tile.width * 32);
      }
    }
    try {
      return await this.remote(rel, ctx);
    } catch (err) {
      // A partial tile is gone once the tile is complete: use the start of the full one.
      // Only the partial tile is saved (once checked); the rest of the full one is not checked yet.
      if (rel === full) throw err;
      try {
        const data = await this.remote(full, ctx);
        return data.length === fullTileWidth * 32 ? data.subarray(0, tile.width * 32) : data;
      } catch {
        throw err; // the failure of the tile asked for, as the go command reports it
      }
    }
  }

  /** tiles reads hashes of the given signed tree; tiles are saved only once all of their hashes are checked. */
  private tiles(tree: Tree, ctx: LookupContext): TreeTiles {
    return new TreeTiles(tree, (tile) => this.readTile(tile, ctx), (checked) => {
      for (const { tile, data } of checked) {
        const rel = tilePath(tile.level, tile.index, tile.width);
        if (this.savedTiles.has(rel)) continue;
        this.savedTiles.add(rel);
        writeAtomic(join(this.options.cacheDir, this.name, rel), data);
      }
    });
  }

  private latestFile(): string {
    return join(this.options.configDir, this.name, "latest");
  }

  private loadLatest(): SignedTree | null {
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
      // A note no key of GOSUMDB signed: the key named is not the database's (or the answer was changed on its way).
      const unsigned = /^(note has no verifiable signatures|invalid signature for key)/.test((err as Error).message);
      throw new ChecksumError("tree", `reading tree note: ${(err as Error).message}\nnote:\n${note.toString()}`, "", "", {
        cause: err,
        hint: unsigned ? `the signed tree of the checksum database ${this.name} does not verify: the key in GOSUMDB does not match the database's: ` +
          "copy the key the database publishes (sum.golang.org's is built in: unset GOSUMDB), or check that GOSUMDB's URL is the database and not an interception" : undefined,
      });
    }
    const latest = this.loadLatest();
    if (latest && tree.n <= latest.tree.n) {
      await this.checkTrees({ tree, note }, latest, ctx);
      return latest.tree;
    }
    if (latest) await this.checkTrees(latest, { tree, note }, ctx);
    this.latest = { tree, note };
    writeAtomic(this.latestFile(), note);
    return tree;
  }

  /**
   * checkTrees checks that the older signed tree is a prefix of the newer one, hashing the
   * older tree's records from the newer tree's (checked) tiles. A failure to read or check
   * the tiles is returned as it is, wrapped as the go command wraps it; only a proven fork
   * (the newer tree's own tiles give the older tree another hash) is a SECURITY ERROR.
   */
  private async checkTrees(older: SignedTree, newer: SignedTree, ctx: LookupContext): Promise<void> {
    let h: Hash;
    try {
      h = await treeHash(older.tree.n, this.tiles(newer.tree, ctx));
    } catch (err) {
      const which = older.tree.n === newer.tree.n ? `tree#${older.tree.n}` : `tree#${older.tree.n} against tree#${newer.tree.n}`;
      throw new TreeCheckError(`checking ${which}: ${(err as Error).message}`, { cause: err });
    }
    if (h.equals(older.tree.hash)) return;
    const indent = (b: Buffer) => b.toString().replaceAll("\n", "\n\t");
    throw new ChecksumError("fork",
      "SECURITY ERROR\ngo.sum database server misbehavior detected!\n\n" +
      `old database:\n\t${indent(older.note)}\nnew database:\n\t${indent(newer.note)}\n` +
      `proof of misbehavior:\n\t${h.toString("base64")}${await this.forkProof(older.tree.n, newer.tree, ctx)}`, "", "");
  }

  /**
   * forkProof is the newer tree's proof for the hash it gives the older tree's records,
   * each hash on a line of its own (from the tiles already read: it makes no new request).
   */
  private async forkProof(olderSize: number, newer: Tree, ctx: LookupContext): Promise<string> {
    try {
      return (await proveTree(olderSize, this.tiles(newer, ctx))).map((p) => `\n\t${p.toString("base64")}`).join("");
    } catch (err) {
      return `\tinternal error: ${(err as Error).message}\n`;
    }
  }

  /**
   * lookup returns the database's go.sum lines for path@version (both of them). version
   * may end in "/go.mod" (the go.mod's lookup): the record asked for is the same, and a
   * failure names path@version as given, as the go command's client does.
   */
  async lookup(path: string, queried: string): Promise<string[]> {
    const version = queried.replace(/\/go\.mod$/, "");
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
      throw new ModuleError(path, queried, err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async fetchRecord(rel: string, ctx: LookupContext): Promise<Buffer> {
    const cacheFile = join(this.options.cacheDir, this.name, rel);
    const cached = readOrNull(cacheFile);
    const msg = cached ?? await this.remote(rel, ctx);
    const { id, text, note } = parseRecord(msg);
    const tree = await this.merge(note, ctx);
    await checkRecord(this.tiles(tree, ctx), id, text);
    if (!cached) writeAtomic(cacheFile, msg);
    return text;
  }
}
