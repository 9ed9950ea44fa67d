// Transparent-log arithmetic for the checksum database (golang.org/x/mod/sumdb/tlog):
// record and node hashes, tiles, and checks that a record, or an older tree, belongs to a
// signed tree. Every hash read from a tile is used to recompute the signed tree hash, so
// a tampered tile cannot pass.

import { createHash } from "node:crypto";

export type Hash = Buffer;

export const tileHeight = 8;

export function recordHash(data: Buffer): Hash {
  return createHash("sha256").update(Buffer.from([0])).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash("sha256").update(Buffer.from([1])).update(left).update(right).digest();
}

/** A signed tree: its size and root hash. */
export interface Tree {
  n: number;
  hash: Hash;
}

/** parseTree reads a tree note's text: "go.sum database tree\n<N>\n<base64 hash>\n". */
export function parseTree(text: string): Tree {
  const lines = text.split("\n");
  if (lines.length < 4 || lines[0] !== "go.sum database tree" || !/^(0|[1-9][0-9]*)$/.test(lines[1])) {
    throw new Error("malformed tree note");
  }
  const hash = Buffer.from(lines[2], "base64");
  if (hash.length !== 32 || hash.toString("base64") !== lines[2]) throw new Error("malformed tree note");
  return { n: Number(lines[1]), hash };
}

/** parseRecord splits a lookup answer into the record id, its text, and the signed tree note. */
export function parseRecord(msg: Buffer): { id: number; text: Buffer; note: Buffer } {
  const nl = msg.indexOf(0x0a);
  const idText = nl < 0 ? "" : msg.subarray(0, nl).toString();
  if (!/^(0|[1-9][0-9]*)$/.test(idText)) throw new Error("malformed record data");
  const rest = msg.subarray(nl + 1);
  const end = rest.indexOf("\n\n");
  if (end < 0) throw new Error("malformed record data");
  return { id: Number(idText), text: rest.subarray(0, end + 1), note: rest.subarray(end + 2) };
}

/** tilePath names a tile: tile/H/L/x001/x234/067[.p/W]. */
export function tilePath(level: number, index: number, width: number): string {
  let n = index;
  let s = String(n % 1000).padStart(3, "0");
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    s = `x${String(n % 1000).padStart(3, "0")}/${s}`;
  }
  return `tile/${tileHeight}/${level}/${s}${width === 1 << tileHeight ? "" : `.p/${width}`}`;
}

/** Reads a tile's bytes (width hashes of 32 bytes). */
export type TileReader = (level: number, index: number, width: number) => Promise<Buffer>;

function hashOfRange(data: Buffer): Hash {
  if (data.length === 32) return data;
  const half = data.length / 2;
  return nodeHash(hashOfRange(data.subarray(0, half)), hashOfRange(data.subarray(half)));
}

/** largestPowerOfTwoBelow returns the largest power of two strictly less than n (n >= 2). */
function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** TreeReader computes hashes of a tree of a given size from its tiles. */
export class TreeReader {
  private readonly tiles = new Map<string, Promise<Buffer>>();

  constructor(readonly size: number, private readonly read: TileReader) {}

  private tile(level: number, index: number): Promise<Buffer> {
    const nodes = Math.floor(this.size / 2 ** (level * tileHeight));
    const width = Math.min(1 << tileHeight, nodes - index * (1 << tileHeight));
    const key = `${level}/${index}/${width}`;
    let t = this.tiles.get(key);
    if (!t) {
      t = this.read(level, index, width).then((data) => {
        if (data.length !== width * 32) throw new Error(`malformed tile ${tilePath(level, index, width)}`);
        return data;
      });
      this.tiles.set(key, t);
    }
    return t;
  }

  /** perfect returns the hash of the complete subtree of 2^level records starting at index << level. */
  async perfect(level: number, index: number): Promise<Hash> {
    const tileLevel = Math.floor(level / tileHeight);
    const inner = level - tileLevel * tileHeight;
    const first = index * 2 ** inner; // first node at the tile's bottom level
    const tileIndex = Math.floor(first / (1 << tileHeight));
    const start = first - tileIndex * (1 << tileHeight);
    const data = await this.tile(tileLevel, tileIndex);
    return hashOfRange(data.subarray(start * 32, (start + 2 ** inner) * 32));
  }

  /** range returns the hash of records [lo, hi), combining complete subtrees from the left. */
  async range(lo: number, hi: number): Promise<Hash> {
    const parts: Hash[] = [];
    while (lo < hi) {
      let k = 1;
      let level = 0;
      while (k * 2 <= hi - lo) {
        k *= 2;
        level++;
      }
      if (lo % k !== 0) throw new Error("unaligned subtree");
      parts.push(await this.perfect(level, lo / k));
      lo += k;
    }
    let h = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i], h);
    return h;
  }

  /** rootWithRecord recomputes the root of this tree from the hash of record n and its siblings. */
  async rootWithRecord(n: number, leaf: Hash, lo = 0, hi = this.size): Promise<Hash> {
    if (lo + 1 === hi) return leaf;
    const k = largestPowerOfTwoBelow(hi - lo);
    if (n < lo + k) return nodeHash(await this.rootWithRecord(n, leaf, lo, lo + k), await this.range(lo + k, hi));
    return nodeHash(await this.range(lo, lo + k), await this.rootWithRecord(n, leaf, lo + k, hi));
  }

  /**
   * roots recomputes, from the same sibling hashes, the root of the prefix tree of size n
   * (given its claimed hash) and the root of this tree.
   */
  async roots(n: number, oldHash: Hash, lo = 0, hi = this.size): Promise<[Hash, Hash]> {
    if (n === hi) {
      if (lo === 0) return [oldHash, oldHash];
      const h = await this.range(lo, hi);
      return [h, h];
    }
    const k = largestPowerOfTwoBelow(hi - lo);
    if (n <= lo + k) {
      const [oh, th] = await this.roots(n, oldHash, lo, lo + k);
      return [oh, nodeHash(th, await this.range(lo + k, hi))];
    }
    const left = await this.range(lo, lo + k);
    const [oh, th] = await this.roots(n, oldHash, lo + k, hi);
    return [nodeHash(left, oh), nodeHash(left, th)];
  }
}

/** checkRecord verifies that record id with the given text is in the tree. */
export async function checkRecord(tree: Tree, reader: TreeReader, id: number, text: Buffer): Promise<void> {
  if (id < 0 || id >= tree.n) throw new Error(`record ${id} is not in tree of size ${tree.n}`);
  const root = await reader.rootWithRecord(id, recordHash(text));
  if (!root.equals(tree.hash)) throw new Error("proof of record inclusion failed");
}

/** checkConsistent verifies that the older tree is a prefix of the newer one (read through the newer tree's tiles). */
export async function checkConsistent(older: Tree, newer: Tree, reader: TreeReader): Promise<void> {
  if (older.n === 0) return;
  if (older.n > newer.n) throw new Error("tree sizes out of order");
  if (older.n === newer.n) {
    if (!older.hash.equals(newer.hash)) throw new Error("two different trees of the same size");
    return;
  }
  const [oh, th] = await reader.roots(older.n, older.hash);
  if (!oh.equals(older.hash) || !th.equals(newer.hash)) throw new Error("proof of tree consistency failed");
}
