// A checksum database for tests: records, a tree built directly from its leaves (not
// through tiles), tiles, and notes signed with a key made for the test. Its files are
// served under /sumdb/<name>/ by the fake proxy.

import { createHash, generateKeyPairSync, sign } from "node:crypto";

const H = 8;

function recordHash(data: Buffer): Buffer {
  return createHash("sha256").update(Buffer.from([0])).update(data).digest();
}
function nodeHash(l: Buffer, r: Buffer): Buffer {
  return createHash("sha256").update(Buffer.from([1])).update(l).update(r).digest();
}

export interface FakeKey {
  name: string;
  vkey: string;
  sign(text: string): string;
}

export function makeKey(name: string): FakeKey {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  const keyData = Buffer.concat([Buffer.from([1]), raw]);
  const hash = createHash("sha256").update(name).update("\n").update(keyData).digest().subarray(0, 4);
  return {
    name,
    vkey: `${name}+${hash.toString("hex")}+${keyData.toString("base64")}`,
    sign: (text) => {
      const sig = sign(null, Buffer.from(text), privateKey);
      return `${text}\n\u2014 ${name} ${Buffer.concat([hash, sig]).toString("base64")}\n`;
    },
  };
}

export class FakeSumDB {
  readonly records: Buffer[] = [];

  constructor(readonly key: FakeKey) {}

  add(text: string): number {
    this.records.push(Buffer.from(text));
    return this.records.length - 1;
  }

  private leaves(n: number): Buffer[] {
    return this.records.slice(0, n).map(recordHash);
  }

  /** rootOf hashes leaves [lo, hi) the way the log defines the tree. */
  private rootOf(leaves: Buffer[], lo: number, hi: number): Buffer {
    if (hi - lo === 1) return leaves[lo];
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    return nodeHash(this.rootOf(leaves, lo, lo + k), this.rootOf(leaves, lo + k, hi));
  }

  /** rangeHash is the hash of the tree over records [lo, hi). */
  rangeHash(lo: number, hi: number): Buffer {
    return this.rootOf(this.leaves(hi), lo, hi);
  }

  treeNote(n = this.records.length): string {
    const root = this.rootOf(this.leaves(n), 0, n);
    return this.key.sign(`go.sum database tree\n${n}\n${root.toString("base64")}\n`);
  }

  /** files returns the database's files for a tree of size n, keyed by URL path under the proxy. */
  files(n = this.records.length, options: { lookupText?: (id: number, text: string) => string; note?: string } = {}): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    const base = `/sumdb/${this.key.name}`;
    out.set(`${base}/supported`, Buffer.alloc(0));
    const note = options.note ?? this.treeNote(n);
    this.records.slice(0, n).forEach((rec, id) => {
      const text = rec.toString();
      const [path, line] = text.split(" ");
      const version = line.replace(/\/go\.mod$/, ""); // a record may hold only the go.mod line
      const esc = (s: string) => s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
      const shown = options.lookupText ? options.lookupText(id, text) : text;
      out.set(`${base}/lookup/${esc(path)}@${esc(version)}`, Buffer.from(`${id}\n${shown}\n${note}`));
    });
    const leaves = this.leaves(n);
    for (let level = 0; ; level++) {
      const size = 2 ** (level * H);
      const count = Math.floor(n / size);
      if (count === 0) break;
      const nodes = Array.from({ length: count }, (_, i) => this.rootOf(leaves, i * size, (i + 1) * size));
      for (let t = 0; t * 256 < count; t++) {
        const chunk = nodes.slice(t * 256, (t + 1) * 256);
        let s = String(t % 1000).padStart(3, "0");
        for (let m = Math.floor(t / 1000); m > 0; m = Math.floor(m / 1000)) s = `x${String(m % 1000).padStart(3, "0")}/${s}`;
        const suffix = chunk.length === 256 ? "" : `.p/${chunk.length}`;
        out.set(`${base}/tile/${H}/${level}/${s}${suffix}`, Buffer.concat(chunk));
      }
    }
    return out;
  }
}
