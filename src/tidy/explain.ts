// Why tidy changes what it changes: one line per change to go.mod or go.sum, with the
// evidence the run found (the import that needs a module, the requirement that raises a
// version, the module that needs a newer go line). The changes are computed by comparing
// the requirements before and after, not from the text, so a formatting-only rewrite is
// not a change.

import { relative, sep } from "node:path";
import type { Loader, Package } from "../load/loader.js";
import type { ModuleGraph } from "../load/modgraph.js";
import { compareGoVersions } from "../module/gover.js";
import { modCompare } from "../module/modcompare.js";
import type { ModuleVersion } from "../module/version.js";
import { compareModuleVersions } from "../module/version.js";
import { parseGoSum } from "../modfile/gosum.js";
import { compareBytes } from "../text/unicode.js";

export type ChangeAction =
  | "add" | "remove" | "upgrade" | "downgrade" | "mark-indirect" | "mark-direct"
  | "set-go" | "set-toolchain" | "drop-toolchain" | "add-sum" | "remove-sum"
  /** A rewrite that changes no requirement (block layout, order, duplicates). */
  | "layout";

/** A change tidy makes (or would make), and why. */
export interface Change {
  file: "go.mod" | "go.sum";
  action: ChangeAction;
  /** The module path ("go" and "toolchain" for those lines). */
  module: string;
  /** The version before (absent for additions). */
  from?: string;
  /** The version after (absent for removals). */
  to?: string;
  /** For go.sum changes: which hashes ("zip", "go.mod"). */
  hashes?: string[];
  /** Why, in words. */
  reason: string;
}

/** changeLine is a change as one line: "add example.com/a v1.2.0: ./cmd/x imports example.com/a/b". */
export function changeLine(c: Change): string {
  const what = (() => {
    switch (c.action) {
      case "add": return `add ${c.module} ${c.to}`;
      case "remove": return `remove ${c.module} ${c.from}`;
      case "upgrade": return `upgrade ${c.module} ${c.from} => ${c.to}`;
      case "downgrade": return `downgrade ${c.module} ${c.from} => ${c.to}`;
      case "mark-indirect": return `mark ${c.module} indirect`;
      case "mark-direct": return `mark ${c.module} direct`;
      case "set-go": return c.from ? `set go ${c.from} => ${c.to}` : `add go ${c.to}`;
      case "set-toolchain": return c.from ? `set toolchain ${c.from} => ${c.to}` : `add toolchain ${c.to}`;
      case "drop-toolchain": return `remove toolchain ${c.from}`;
      case "add-sum": return `add go.sum ${c.module} ${c.to} (${c.hashes!.join(", ")})`;
      case "remove-sum": return `remove go.sum ${c.module} ${c.from} (${c.hashes!.join(", ")})`;
      case "layout": return `rewrite ${c.file}`;
    }
  })();
  return `${what}: ${c.reason}`;
}

interface Why {
  /** The import that makes a module direct: "./cmd/x imports example.com/a/b". */
  direct?: string;
  /** A tool directive the module provides. */
  tool?: string;
  /** The first import of one of its packages from another module. */
  indirect?: { text: string; importerModule: string };
}

/** The evidence of one tidy run that the explanations draw on. */
export interface Evidence {
  mainPath: string;
  why: Map<string, Why>;
  /** Modules added by queries for missing imports: path -> the import they were found for. */
  found: ReadonlyMap<string, string>;
  graph: ModuleGraph;
  goFlag?: string;
  /** Excluded versions ("path@version"). */
  excluded: Set<string>;
  /** Replacement module path (with a version) -> the module path it replaces. */
  replaces: Map<string, string>;
}

/** collectEvidence records, for each module providing packages, the first import that needs it. */
export function collectEvidence(e: {
  mainPath: string; root: string; loader: Loader; tools: string[]; graph: ModuleGraph; found: ReadonlyMap<string, string>; goFlag?: string;
  excluded: Set<string>; replacement: (m: ModuleVersion) => ModuleVersion | null;
}): Evidence {
  const why = new Map<string, Why>();
  const entry = (path: string) => {
    let w = why.get(path);
    if (!w) why.set(path, (w = {}));
    return w;
  };
  const main = (p: Package) => p.mod.path === e.mainPath && p.mod.version === "";
  const show = (p: Package) => {
    if (!main(p)) return p.path;
    const rel = relative(e.root, p.dir).split(sep).join("/");
    return rel === "" ? "." : rel.startsWith("..") ? p.path : `./${rel}`;
  };
  for (const n of e.loader.order()) {
    const isTest = "of" in n;
    const pkg = isTest ? n.of : n;
    const by = isTest ? `${show(pkg)} (test)` : show(pkg);
    for (const d of n.imports) {
      const m = d.mod.path;
      if (m === "" || m === e.mainPath) continue;
      const w = entry(m);
      if (main(pkg)) w.direct ??= `${by} imports ${d.path}`;
      else if (pkg.mod.path !== m) w.indirect ??= { text: `${by} imports ${d.path}`, importerModule: pkg.mod.path };
    }
  }
  for (const t of e.tools) {
    const p = e.loader.pkgs.get(t);
    if (p && p.mod.path !== "" && p.mod.path !== e.mainPath) entry(p.mod.path).tool ??= t;
  }
  const replaces = new Map<string, string>();
  for (const m of e.graph.buildList()) {
    const r = m.version === "" ? null : e.replacement(m);
    if (r && r.version !== "" && r.path !== m.path) replaces.set(r.path, m.path);
  }
  return { mainPath: e.mainPath, why, found: e.found, graph: e.graph, goFlag: e.goFlag, excluded: e.excluded, replaces };
}

/** The requirement, go and toolchain lines of a go.mod, before or after tidying. */
export interface RequirementLines {
  require: { path: string; version: string; indirect: boolean }[];
  go: string | null;
  toolchain: string | null;
}

/** explainGoMod lists the go.mod changes between two states of the requirements. */
export function explainGoMod(before: RequirementLines, after: RequirementLines, ev: Evidence): Change[] {
  const changes: Change[] = [];
  const old = new Map<string, { version: string; indirect: boolean }>();
  for (const r of before.require) if (!old.has(r.path)) old.set(r.path, r);
  const now = new Map(after.require.map((r) => [r.path, r]));
  const requiredBy = requirersIndex(ev.graph);
  const requirer = (m: ModuleVersion): string | null => {
    const by = requiredBy(m).find((x) => x.version !== "");
    return by ? `${by.path} ${by.version} requires ${m.path} ${m.version}` : null;
  };
  const needs = (path: string, version: string): string => {
    const w = ev.why.get(path);
    if (w?.direct) return w.direct;
    if (w?.tool) return `tool ${w.tool}`;
    if (w?.indirect) return w.indirect.text;
    const req = requirer({ path, version });
    if (req) return `${req} (kept to hold that version in the pruned module graph)`;
    return "needed by the module graph";
  };
  for (const r of after.require) {
    const o = old.get(r.path);
    if (!o) {
      const found = ev.found.get(r.path);
      const reason = needs(r.path, r.version) + (found ? " (no requirement provided it: found by a module query)" : "");
      changes.push({ file: "go.mod", action: "add", module: r.path, to: r.version, reason });
      continue;
    }
    if (o.version !== r.version) {
      const up = modCompare(r.path, o.version, r.version) < 0;
      const excluded = ev.excluded.has(`${r.path}@${o.version}`) ? `${o.version} is excluded; ` : "";
      const reason = excluded + (up
        ? requirer({ path: r.path, version: r.version }) ?? (ev.found.has(r.path) ? `found by a module query for ${ev.found.get(r.path)}` : "selected by minimal version selection")
        : "the module graph selects it");
      changes.push({ file: "go.mod", action: up ? "upgrade" : "downgrade", module: r.path, from: o.version, to: r.version, reason });
    }
    if (o.indirect !== r.indirect) {
      const w = ev.why.get(r.path);
      if (r.indirect) {
        const by = w?.indirect?.importerModule;
        const reason = by ? `only needed by ${by}` : w?.tool ? `only needed by tool ${w.tool}` : "no package of the main module imports it";
        changes.push({ file: "go.mod", action: "mark-indirect", module: r.path, reason });
      } else {
        changes.push({ file: "go.mod", action: "mark-direct", module: r.path, reason: w?.direct ?? "imported by the main module" });
      }
    }
  }
  for (const [path, o] of old) {
    if (now.has(path)) continue;
    const selected = ev.graph.selected(path);
    let reason = "no package in the build imports it";
    if (ev.why.has(path) && selected !== "none") {
      const req = requirer({ path, version: selected });
      reason = req ? `implied by ${req.replace(" requires ", ", which requires ")}` : "implied by the other requirements";
    }
    changes.push({ file: "go.mod", action: "remove", module: path, from: o.version, reason });
  }
  if (after.go && before.go !== after.go) {
    let reason: string;
    if (ev.goFlag === after.go) reason = `-go=${ev.goFlag} requested`;
    else if (!before.go) reason = "go.mod has no go line";
    else {
      const req = compareGoVersions(after.go, before.go) > 0 ? requirer({ path: "go", version: after.go }) : null;
      reason = req ? req.replace(/ requires go /, " requires go >= ") : "the module graph selects it";
    }
    changes.push({ file: "go.mod", action: "set-go", module: "go", from: before.go ?? undefined, to: after.go, reason });
  }
  if (before.toolchain !== after.toolchain) {
    if (after.toolchain === null) {
      const v = before.toolchain!.startsWith("go") ? before.toolchain!.slice(2).replace(/-.*$/, "") : "";
      const reason = before.toolchain === `go${after.go}` ? `it names the same version as the go line (go ${after.go})`
        : v && after.go && compareGoVersions(v, after.go) < 0 ? `it is older than the go line (go ${after.go}), which the toolchain must at least be`
          : "the go line implies the toolchain it needs";
      changes.push({ file: "go.mod", action: "drop-toolchain", module: "toolchain", from: before.toolchain!, reason });
    } else {
      const req = requirer({ path: "toolchain", version: after.toolchain });
      changes.push({
        file: "go.mod", action: "set-toolchain", module: "toolchain", from: before.toolchain ?? undefined, to: after.toolchain,
        reason: req ?? "the go line was raised above the previous toolchain",
      });
    }
  }
  return changes;
}

let lastRead: { text: string; keys: Map<string, number> } | null = null;

/** The hashes a go.sum holds for a module version, as bits: 1 its zip's, 2 its go.mod's. */
const hashBit = (h: string) => (h === "zip" ? 1 : 2);

/** explainGoSum lists the go.sum lines added and removed, grouped by module version. */
export function explainGoSum(before: string, after: string, ev: Evidence): Change[] {
  const read = (text: string) => {
    // Tidy explains the same current go.sum twice (for the file and for -diff): read it once.
    if (lastRead?.text === text) return lastRead.keys;
    const keys = new Map<string, number>();
    const sum = parseGoSum(text, "go.sum", { skipMalformed: true });
    for (const m of sum.unordered()) {
      const goMod = m.version.endsWith("/go.mod");
      const version = goMod ? m.version.slice(0, -"/go.mod".length) : m.version;
      const k = `${m.path} ${version}`;
      keys.set(k, (keys.get(k) ?? 0) | (goMod ? 2 : 1));
    }
    lastRead = { text, keys };
    return keys;
  };
  const old = read(before);
  const now = read(after);
  const changes: Change[] = [];
  const split = (k: string) => ({ k, path: k.slice(0, k.indexOf(" ")), version: k.slice(k.indexOf(" ") + 1) });
  const keys = [...new Set([...old.keys(), ...now.keys()])].map(split).sort(compareModuleVersions).map((x) => x.k);
  for (const k of keys) {
    const [path, version] = k.split(" ");
    const o = old.get(k) ?? 0;
    const n = now.get(k) ?? 0;
    const added = ["zip", "go.mod"].filter((h) => (n & hashBit(h)) !== 0 && (o & hashBit(h)) === 0);
    const removed = ["zip", "go.mod"].filter((h) => (o & hashBit(h)) !== 0 && (n & hashBit(h)) === 0);
    const owner = ev.replaces.get(path) ?? path;
    const selected = ev.graph.selected(owner);
    if (added.length > 0) {
      const w = ev.why.get(owner);
      let reason = added.includes("zip")
        ? (w?.direct ?? w?.indirect?.text ?? (w?.tool ? `tool ${w.tool}` : "its packages are needed to locate the build's packages"))
        : "its go.mod is part of the module graph";
      if (owner !== path) reason += ` (it replaces ${owner})`;
      changes.push({ file: "go.sum", action: "add-sum", module: path, to: version, hashes: added, reason });
    }
    if (removed.length > 0) {
      const reason = selected === "none" ? "the module is not in the module graph"
        : selected !== version && owner === path ? `version ${selected} is selected instead` : "no longer needed by the build";
      changes.push({ file: "go.sum", action: "remove-sum", module: path, from: version, hashes: removed, reason });
    }
  }
  return changes;
}

/**
 * requirersIndex answers which module versions of the graph require m (sorted); the
 * reverse index is built on the first question, once.
 */
function requirersIndex(graph: ModuleGraph): (m: ModuleVersion) => ModuleVersion[] {
  let index: Map<string, ModuleVersion[]> | null = null;
  return (m) => {
    if (!index) {
      index = new Map();
      for (const x of graph.loadedModules()) {
        for (const r of graph.graph.requiredBy(x) ?? []) {
          const k = `${r.path}@${r.version}`;
          if (!index.has(k)) index.set(k, []);
          index.get(k)!.push(x);
        }
      }
      for (const list of index.values()) list.sort((a, b) => compareBytes(a.path, b.path) || compareModuleVersions(a, b));
    }
    return index.get(`${m.path}@${m.version}`) ?? [];
  };
}
