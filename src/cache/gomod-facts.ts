// The facts of module go.mod files parsed before (src/load/summary.ts, ParsedGoMods), by
// the SHA-256 of their bytes: the module graph of a warm run is read without parsing the
// hundreds of go.mod files it was read from last time. They are kept in one parted store
// entry (kind "module", a key no module directory has), a part per go.mod named by its
// sum, so that a run decodes only the facts it asks for; read once when first asked and
// written back, merged with what another process wrote meanwhile, when a run added to it;
// past maxFacts, only the facts this run asked for are kept.
// A run of one main module also keeps the facts it asked for in an entry of that module's
// own ("go.mod facts <root>"), which the next run of it reads first: the whole table holds
// every go.mod of every module the cache has seen (megabytes, read and checked whole),
// where a module's own graph is the few its runs ask for. The table is read only for a
// go.mod the module's entry does not hold, which the module's entry then holds too.

import { createHash } from "node:crypto";
import type { GoModFacts, ParsedGoMods } from "../load/summary.js";
import type { CacheStore, PartedEntry } from "./store.js";

const entryKey = "go.mod facts";
const maxFacts = 20_000;

const isVersion = (v: unknown) => typeof v === "object" && v !== null && typeof (v as { path?: unknown }).path === "string" &&
  typeof (v as { version?: unknown }).version === "string";

function isFacts(v: unknown): v is GoModFacts {
  const f = v as GoModFacts | null;
  return typeof f === "object" && f !== null && isVersion(f.module) && typeof f.goVersion === "string" && typeof f.toolchain === "string" &&
    typeof f.deprecated === "string" && Array.isArray(f.require) && f.require.every(isVersion) && Array.isArray(f.retract) &&
    f.retract.every((r) => typeof r === "object" && r !== null && typeof r.low === "string" && typeof r.high === "string" && typeof r.rationale === "string");
}

/** A table of facts by sum, read when first asked for (undefined: none stored). */
class Table {
  private entry: PartedEntry | undefined | null = null;

  constructor(private readonly store: CacheStore, readonly key: string) {}

  /** facts is the valid facts stored under a sum, as they are and as JSON text. */
  facts(sum: string): { facts: GoModFacts; text: string } | undefined {
    if (this.entry === null) this.entry = this.store.getParts("module", this.key);
    const text = this.entry?.text(sum);
    if (text === undefined) return undefined;
    let f: unknown;
    try {
      f = JSON.parse(text);
    } catch {
      return undefined;
    }
    return isFacts(f) ? { facts: f, text } : undefined;
  }

  write(parts: ReadonlyMap<string, string>): void {
    this.entry = this.store.putParts("module", this.key, null, parts);
  }
}

/**
 * GoModFactsCache is ParsedGoMods over the store (root: the main module a run tidies
 * alone, whose own entry is read first); flush writes what was added.
 */
export class GoModFactsCache implements ParsedGoMods {
  private readonly table: Table;
  private readonly own: Table | null;
  /** The facts this run used or added, as JSON texts, by sum. */
  private readonly used = new Map<string, string>();
  /** Facts were added (the table is written), or found in the table alone (the module's entry is written). */
  private added = false;
  private ownMissed = false;

  constructor(private readonly store: CacheStore, root?: string) {
    this.table = new Table(store, entryKey);
    this.own = root === undefined ? null : new Table(store, `${entryKey} ${root}`);
  }

  private static sum(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
  }

  get(data: Buffer): GoModFacts | undefined {
    const key = GoModFactsCache.sum(data);
    let found = this.own?.facts(key);
    if (!found) {
      found = this.table.facts(key);
      if (found) this.ownMissed = true;
    }
    if (!found) return undefined;
    this.used.set(key, found.text);
    return found.facts;
  }

  put(data: Buffer, facts: GoModFacts): void {
    this.used.set(GoModFactsCache.sum(data), JSON.stringify(facts));
    this.added = true;
  }

  /**
   * flush stores the facts added in the table, with those stored (read again) unless there
   * are too many; and the facts this run asked for as the module's own, when some were not.
   */
  flush(): void {
    if (this.own && (this.added || this.ownMissed)) this.own.write(this.used);
    this.ownMissed = false;
    if (!this.added) return;
    this.added = false;
    const stored = this.store.getParts("module", entryKey, true);
    const merged = new Map<string, string>();
    for (const name of stored?.names() ?? []) merged.set(name, stored!.text(name)!);
    for (const [k, text] of this.used) merged.set(k, text);
    this.table.write(merged.size > maxFacts ? this.used : merged);
  }
}
