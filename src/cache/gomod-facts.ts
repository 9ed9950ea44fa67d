// The facts of module go.mod files parsed before (src/load/summary.ts, ParsedGoMods), by
// the SHA-256 of their bytes: the module graph of a warm run is read without parsing the
// hundreds of go.mod files it was read from last time. They are kept in one parted store
// entry (kind "module", a key no module directory has), a part per go.mod named by its
// sum, so that a run decodes only the facts it asks for; read once when first asked and
// written back, merged with what another process wrote meanwhile, when a run added to it;
// past maxFacts, only the facts this run asked for are kept.

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

/** GoModFactsCache is ParsedGoMods over the store; flush writes what was added. */
export class GoModFactsCache implements ParsedGoMods {
  private table: PartedEntry | undefined | null = null;
  /** The facts this run used or added, as JSON texts, by sum. */
  private readonly used = new Map<string, string>();
  private added = false;

  constructor(private readonly store: CacheStore) {}

  private static sum(data: Buffer): string {
    return createHash("sha256").update(data).digest("hex");
  }

  get(data: Buffer): GoModFacts | undefined {
    if (this.table === null) this.table = this.store.getParts("module", entryKey);
    const key = GoModFactsCache.sum(data);
    const text = this.table?.text(key);
    if (text === undefined) return undefined;
    let f: unknown;
    try {
      f = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!isFacts(f)) return undefined;
    this.used.set(key, text);
    return f;
  }

  put(data: Buffer, facts: GoModFacts): void {
    this.used.set(GoModFactsCache.sum(data), JSON.stringify(facts));
    this.added = true;
  }

  /** flush stores the facts added, with those stored (read again) unless there are too many. */
  flush(): void {
    if (!this.added) return;
    this.added = false;
    const stored = this.store.getParts("module", entryKey, true);
    const merged = new Map<string, string>();
    for (const name of stored?.names() ?? []) merged.set(name, stored!.text(name)!);
    for (const [k, text] of this.used) merged.set(k, text);
    this.table = this.store.putParts("module", entryKey, null, merged.size > maxFacts ? this.used : merged);
  }
}
