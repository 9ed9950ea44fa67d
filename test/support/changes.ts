// The changes between two go.mod/go.sum pairs, computed independently of the tidy code:
// from the files themselves (go's recorded output on one side), as sorted keys
// "file action module from to hashes" that explanations must match one to one.

import { formatGoMod, parseGoMod } from "../../src/gomod.js";
import { dropGoVersion } from "../../src/modfile/edit.js";
import { compare as compareSemver } from "../../src/module/semver.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import type { Change } from "../../src/tidy/explain.js";

export function changeKey(c: Pick<Change, "file" | "action" | "module" | "from" | "to" | "hashes">): string {
  return [c.file, c.action, c.module, c.from ?? "-", c.to ?? "-", (c.hashes ?? []).join(",")].join(" ");
}

export function changeKeys(changes: Change[]): string[] {
  return changes.map(changeKey).sort();
}

export function expectedChangeKeys(beforeMod: string, afterMod: string, beforeSum: string, afterSum: string): string[] {
  const out: string[] = [];
  const push = (c: Parameters<typeof changeKey>[0]) => out.push(changeKey(c));
  const a = parseGoMod(beforeMod);
  const b = parseGoMod(afterMod);
  const reqs = (f: typeof a) => {
    const m = new Map<string, { version: string; indirect: boolean }>();
    for (const r of f.require) if (!m.has(r.mod.path)) m.set(r.mod.path, { version: r.mod.version, indirect: r.indirect });
    return m;
  };
  const old = reqs(a);
  const now = reqs(b);
  for (const [path, r] of now) {
    const o = old.get(path);
    if (!o) {
      push({ file: "go.mod", action: "add", module: path, to: r.version });
      continue;
    }
    if (o.version !== r.version) {
      const up = compareSemver(o.version, r.version) < 0;
      push({ file: "go.mod", action: up ? "upgrade" : "downgrade", module: path, from: o.version, to: r.version });
    }
    if (o.indirect !== r.indirect) push({ file: "go.mod", action: r.indirect ? "mark-indirect" : "mark-direct", module: path });
  }
  for (const [path, o] of old) if (!now.has(path)) push({ file: "go.mod", action: "remove", module: path, from: o.version });
  const goA = a.go?.version;
  const goB = b.go?.version;
  if (goB && goA !== goB) push({ file: "go.mod", action: "set-go", module: "go", from: goA, to: goB });
  const tA = a.toolchain?.name;
  const tB = b.toolchain?.name;
  if (tA !== tB) {
    if (!tB) push({ file: "go.mod", action: "drop-toolchain", module: "toolchain", from: tA });
    else push({ file: "go.mod", action: "set-toolchain", module: "toolchain", from: tA, to: tB });
  }
  const sums = (text: string) => {
    const m = new Map<string, Set<string>>();
    for (const k of parseGoSum(text).modules()) {
      const goMod = k.version.endsWith("/go.mod");
      const key = `${k.path} ${goMod ? k.version.slice(0, -7) : k.version}`;
      if (!m.has(key)) m.set(key, new Set());
      m.get(key)!.add(goMod ? "go.mod" : "zip");
    }
    return m;
  };
  const sa = sums(beforeSum);
  const sb = sums(afterSum);
  for (const k of new Set([...sa.keys(), ...sb.keys()])) {
    const [path, version] = k.split(" ");
    const o = sa.get(k) ?? new Set();
    const n = sb.get(k) ?? new Set();
    const added = ["zip", "go.mod"].filter((h) => n.has(h) && !o.has(h));
    const removed = ["zip", "go.mod"].filter((h) => o.has(h) && !n.has(h));
    if (added.length) push({ file: "go.sum", action: "add-sum", module: path, to: version, hashes: added });
    if (removed.length) push({ file: "go.sum", action: "remove-sum", module: path, from: version, hashes: removed });
  }
  return out.sort();
}

/** withoutAddedGoLine: current (as tidy read the input), less the go line when the input had none. */
export function withoutAddedGoLine(input: string, current: string): string {
  try {
    if (parseGoMod(input, "go.mod", { fix: (_path, version) => version }).go) return current;
  } catch {
    return current; // versions that only a proxy resolves: such inputs here all have a go line
  }
  const f = parseGoMod(current);
  dropGoVersion(f);
  return formatGoMod(f);
}
