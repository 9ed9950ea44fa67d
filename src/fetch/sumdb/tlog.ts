// Transparent-log arithmetic for the checksum database (golang.org/x/mod/sumdb/tlog):
// record and node hashes, tiles, and the hashes of records and older trees read from the
// tiles of a signed tree. A tile is used (or saved) only once all of its hashes are bound
// to the signed tree hash, so a tampered tile cannot pass.

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

/** A tile of a tree: level, index, and width (256 hashes, or fewer at the tree's right edge). */
export interface Tile {
  level: number;
  index: number;
  width: number;
}

/** A node of the tree: the hash of records [index << level, (index + 1) << level). */
export interface Node {
  level: number;
  index: number;
}

/** Reads a tile's bytes (width hashes of 32 bytes); a failure is passed on as it is. */
export type TileReader = (tile: Tile) => Promise<Buffer>;

/** Told of every tile of a read once the whole set is authenticated against the signed tree hash. */
export type TileSaver = (tiles: { tile: Tile; data: Buffer }[]) => void;

/** TileCheckError: tiles that do not hash to the signed tree (go's "downloaded inconsistent tile"). */
export class TileCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TileCheckError";
  }
}

const fullWidth = 1 << tileHeight;

function hashOfRange(data: Buffer): Hash {
  if (data.length === 32) return data;
  const half = data.length / 2;
  return nodeHash(hashOfRange(data.subarray(0, half)), hashOfRange(data.subarray(half)));
}

/** subtrees splits records [lo, n) into complete subtrees, largest first (lo aligned to the first). */
function subtrees(n: number, lo = 0): Node[] {
  const out: Node[] = [];
  while (lo < n) {
    let level = 0;
    while (2 ** (level + 1) <= n - lo) level++;
    out.push({ level, index: lo / 2 ** level });
    lo += 2 ** level;
  }
  return out;
}

function tileKey(t: Tile): string {
  return `${t.level}/${t.index}/${t.width}`;
}

/**
 * TreeTiles reads node hashes of one signed tree from its tiles. A read fetches the tiles
 * that recompute the signed tree hash plus the tiles holding the wanted nodes and the
 * parents that vouch for them; every hash of every tile is checked, against the tree hash
 * or against the parent tile, before any tile is saved or any hash returned.
 */
export class TreeTiles {
  constructor(readonly tree: Tree, private readonly read: TileReader, private readonly save: TileSaver = () => {}) {}

  /** tileOf is the tile, at its width in this tree, whose bottom row computes node. */
  private tileOf(node: Node): Tile {
    const level = Math.floor(node.level / tileHeight);
    const first = node.index * 2 ** (node.level - level * tileHeight);
    return this.clip({ level, index: Math.floor(first / fullWidth), width: fullWidth });
  }

  /** clip narrows a tile to the nodes the tree has at its bottom row. */
  private clip(t: Tile): Tile {
    const count = Math.floor(this.tree.n / 2 ** (t.level * tileHeight));
    return { ...t, width: Math.min(fullWidth, count - t.index * fullWidth) };
  }

  private static hashIn(t: Tile, data: Buffer, node: Node): Hash {
    const span = 2 ** (node.level - t.level * tileHeight);
    const start = node.index * span - t.index * fullWidth;
    if (start < 0 || start + span > t.width) throw new Error(`node ${node.level}/${node.index} is not in ${tilePath(t.level, t.index, t.width)}`);
    return hashOfRange(data.subarray(start * 32, (start + span) * 32));
  }

  /** hashes returns the hashes of the wanted nodes (each inside the tree). */
  async hashes(wanted: Node[]): Promise<Hash[]> {
    const roots = subtrees(this.tree.n);
    const order = new Map<string, number>();
    const tiles: Tile[] = [];
    const plan = (t: Tile) => {
      order.set(tileKey(t), tiles.length);
      tiles.push(t);
    };
    for (const node of roots) if (!order.has(tileKey(this.tileOf(node)))) plan(this.tileOf(node));
    const checkedByTree = tiles.length;
    for (const node of wanted) {
      if (node.level < 0 || (node.index + 1) * 2 ** node.level > this.tree.n) throw new Error("indexes not in tree");
      // The chain of full tiles from the node's tile up to one already planned, planned parents first.
      const chain: Tile[] = [];
      for (let t = this.tileOf(node); !order.has(tileKey(t)); t = this.clip({ level: t.level + 1, index: Math.floor(t.index / fullWidth), width: fullWidth })) {
        if (t.width !== fullWidth || t.level > 64) throw new Error(`tile arithmetic failed for node ${node.level}/${node.index} in tree of size ${this.tree.n}`);
        chain.push(t);
      }
      for (const t of chain.reverse()) plan(t);
    }

    const settled = await Promise.allSettled(tiles.map((t) => this.read(t)));
    const data = settled.map((s, i) => {
      if (s.status === "rejected") throw s.reason;
      const t = tiles[i];
      if (s.value.length !== t.width * 32) {
        throw new Error(`TileReader returned bad result slice (${tilePath(t.level, t.index, t.width)} len=${s.value.length}, want ${t.width * 32})`);
      }
      return s.value;
    });

    // The tiles of the tree hash, then every other tile against its parent's hash of it.
    let root: Hash | null = null;
    for (let i = roots.length - 1; i >= 0; i--) {
      const j = order.get(tileKey(this.tileOf(roots[i])))!;
      const h = TreeTiles.hashIn(tiles[j], data[j], roots[i]);
      root = root ? nodeHash(h, root) : h;
    }
    if (root && !root.equals(this.tree.hash)) throw new TileCheckError("downloaded inconsistent tile");
    for (let i = checkedByTree; i < tiles.length; i++) {
      const t = tiles[i];
      const parent = this.clip({ level: t.level + 1, index: Math.floor(t.index / fullWidth), width: fullWidth });
      const j = order.get(tileKey(parent))!;
      const vouched = TreeTiles.hashIn(parent, data[j], { level: (t.level + 1) * tileHeight, index: t.index });
      if (!vouched.equals(hashOfRange(data[i]))) throw new TileCheckError("downloaded inconsistent tile");
    }
    this.save(tiles.map((tile, i) => ({ tile, data: data[i] })));
    return wanted.map((node) => {
      const j = order.get(tileKey(this.tileOf(node)))!;
      return TreeTiles.hashIn(tiles[j], data[j], node);
    });
  }
}

/** The hash of the empty tree: SHA-256 of no bytes. */
const emptyHash = createHash("sha256").digest();

/** treeHash computes the hash of the tree of the first n records from the tiles of a tree at least as large. */
export async function treeHash(n: number, tiles: TreeTiles): Promise<Hash> {
  if (n === 0) return emptyHash;
  return foldRight(await tiles.hashes(subtrees(n)));
}

function foldRight(parts: Hash[]): Hash {
  let h = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) h = nodeHash(parts[i], h);
  return h;
}

/**
 * proveTree returns the proof that the tree of the first n records is a prefix of the
 * tree tiles reads (RFC 6962's consistency proof, in the go command's order), from the
 * same tiles that treeHash(n) reads, so it is what a report of a fork shows.
 */
export async function proveTree(n: number, tiles: TreeTiles): Promise<Hash[]> {
  // The ranges whose hashes make the proof, in order.
  const ranges: [number, number][] = [];
  const walk = (lo: number, hi: number): void => {
    if (n === hi) {
      if (lo !== 0) ranges.push([lo, hi]);
      return;
    }
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    if (n <= lo + k) {
      walk(lo, lo + k);
      ranges.push([lo + k, hi]);
    } else {
      walk(lo + k, hi);
      ranges.push([lo, lo + k]);
    }
  };
  if (!(0 < n && n <= tiles.tree.n)) throw new Error("tlog: invalid inputs in ProveTree");
  walk(0, tiles.tree.n);
  const nodes = ranges.map(([lo, hi]) => subtrees(hi, lo));
  const hashes = await tiles.hashes(nodes.flat());
  let next = 0;
  return nodes.map((parts) => foldRight(hashes.slice(next, (next += parts.length))));
}

/** checkRecord verifies that record id with the given text is in the tree, in go's words when not. */
export async function checkRecord(tiles: TreeTiles, id: number, text: Buffer): Promise<void> {
  if (id >= tiles.tree.n) throw new Error(`cannot validate record ${id} in tree of size ${tiles.tree.n}`);
  const [h] = await tiles.hashes([{ level: 0, index: id }]);
  if (!h.equals(recordHash(text))) throw new Error("cannot authenticate record data in server response");
}
