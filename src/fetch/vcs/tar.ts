// Reading the tar archives git archive writes (ustar with pax headers for long names).

/** TarEntry is one archive member: a regular file, a directory, a symbolic link or other. */
export interface TarEntry {
  name: string;
  kind: "file" | "dir" | "symlink" | "other";
  data: Buffer;
}

function field(b: Buffer, start: number, len: number): string {
  const s = b.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? s.length : nul).toString("utf8");
}

function octal(b: Buffer, start: number, len: number): number {
  const s = field(b, start, len).trim();
  return s === "" ? 0 : parseInt(s, 8);
}

/** paxPath returns the "path" record of a pax extended header, if any. */
function paxPath(data: Buffer): string | undefined {
  let rest = data.toString("utf8");
  let path: string | undefined;
  while (rest.length > 0) {
    const sp = rest.indexOf(" ");
    const len = Number(rest.slice(0, sp));
    if (!(len > 0)) break;
    const record = rest.slice(sp + 1, len - 1);
    const eq = record.indexOf("=");
    if (record.slice(0, eq) === "path") path = record.slice(eq + 1);
    rest = rest.slice(len);
  }
  return path;
}

/** readTar lists the members of a tar archive in order; malformed input throws. */
export function readTar(tar: Buffer): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((x) => x === 0)) break;
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156] || 0x30);
    const data = tar.subarray(off + 512, off + 512 + size);
    if (data.length < size) throw new Error("truncated tar archive");
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === "g") continue;
    if (type === "x") {
      longName = paxPath(data);
      continue;
    }
    const prefix = field(h, 345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(h, 0, 100)}` : field(h, 0, 100));
    longName = undefined;
    if (type === "5" && !name.endsWith("/")) name += "/";
    const kind = type === "0" || type === "\0" ? "file" : type === "5" ? "dir" : type === "2" ? "symlink" : "other";
    out.push({ name, kind, data: Buffer.from(data) });
  }
  return out;
}
