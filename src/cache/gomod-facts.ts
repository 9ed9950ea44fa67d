// The facts of module go.mod files parsed before (src/load/summary.ts, ParsedGoMods), by
// the SHA-256 of their bytes: the module graph of a warm run is read without parsing the
// hundreds of go.mod files it was read from last time. They are kept in one store entry
// (kind "module", a key no module directory has), read once when first asked and written
// back, merged with what another process wrote meanwhile, when a run added to it; past
// maxFacts, only the facts this run asked for are kept.

import { createHash } from "node:crypto";
import type { GoModFacts, ParsedGoMods } from "../load/summary.js";
import type { CacheStore } from "./store.js";

const entryKey = "go.mod facts";
const maxFacts = 20_000;

type Table = Record<string, GoModFacts>;

const isVersion = (v: unknown) => typeof v === "object" && v !== null && typeof (v as { path?: unknown }).path === "string" &&
  typeof (v as { version?: unknown }).version === "string";

function isFacts(v: unknown): v is GoModFacts {
  const f = v as GoModFacts | null;
  return typeof f === "object" && f !== null && isVersion(f.module) && typeof f.goVersion === "string" && typeof f.toolchain === "string" &&
    typeof f.deprecated === "string" && Array.isArray(f.require) && f.require.every(isVersion) && Array.isArray(f.retract) &&
    f.retract.every((r) => typeof r === "object" && r !== null && typeof r.low === "string" && typeof r.high === "string" && typeof r.rationale === "string");
}

function storedTable(store: CacheStore, again = false): Table {
  const v = store.get("module", entryKey, again);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Table) : {};
}

/** GoModFactsCache is ParsedGoMods over the store; flush writes what was added. */
export class GoModFactsCache implements ParsedGoMods {
  private table: Table | null = null;
  private readonly used: Table = {};
  private added = false;

  constructor(private readonly store: CacheStore) {}

  private static sum(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
  }

  get(data: Buffer): GoModFacts | undefined {
    this.table ??= storedTable(this.store);
    const key = GoModFactsCache.sum(data);
    const f = Object.hasOwn(this.table, key) ? this.table[key] : undefined;
    if (!isFacts(f)) return undefined;
    this.used[key] = f;
    return f;
  }

  put(data: Buffer, facts: GoModFacts): void {
    this.used[GoModFactsCache.sum(data)] = facts;
    this.added = true;
  }

  /** flush stores the facts added, with those stored (read again) unless there are too many. */
  flush(): void {
    if (!this.added) return;
    this.added = false;
    const merged = { ...storedTable(this.store, true), ...this.used };
    this.store.put("module", entryKey, Object.keys(merged).length > maxFacts ? { ...this.used } : merged);
  }
}
