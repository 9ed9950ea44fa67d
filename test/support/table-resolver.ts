// Resolvers that answer from a table, so that no DNS query leaves the machine: a name not
// in the table does not exist (ENOTFOUND), a name without addresses of a family has no
// such record (ENODATA). tableResolver answers the doctor's A and AAAA questions;
// tableLookup answers node:net's lookup for the HTTP client.

import type { LookupAddress } from "node:dns";
import type { ProbeResolver } from "../../src/fetch/probe.js";
import type { Lookup } from "../../src/fetch/http.js";

/** A host's A and AAAA addresses. */
export type ResolverTable = Record<string, { a?: string[]; aaaa?: string[] }>;

const nx = (host: string) => Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND", hostname: host });
const nodata = (host: string) => Object.assign(new Error(`ENODATA ${host}`), { code: "ENODATA", hostname: host });

/** tableResolver is a ProbeResolver answering from table. */
export function tableResolver(table: ResolverTable): ProbeResolver {
  const answer = async (h: string, family: "a" | "aaaa") => {
    if (!table[h]) throw nx(h);
    const found = table[h][family];
    if (!found?.length) throw nodata(h);
    return found;
  };
  return { resolve4: (h) => answer(h, "a"), resolve6: (h) => answer(h, "aaaa") };
}

/**
 * tableLookup is a lookup in node:net's form answering from table (IPv4 first), and
 * noting every host asked in asked.
 */
export function tableLookup(table: ResolverTable, asked: string[] = []): Lookup {
  return ((host: string, options: { family?: number | string; all?: boolean }, callback: (err: Error | null, address?: string | LookupAddress[], family?: number) => void) => {
    asked.push(host);
    const entry = table[host];
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : Number(options.family ?? 0);
    const all: LookupAddress[] = entry ? [
      ...(family === 6 ? [] : (entry.a ?? []).map((address) => ({ address, family: 4 }))),
      ...(family === 4 ? [] : (entry.aaaa ?? []).map((address) => ({ address, family: 6 }))),
    ] : [];
    process.nextTick(() => {
      if (!entry) return callback(nx(host));
      if (all.length === 0) return callback(nodata(host));
      if (options.all) return callback(null, all);
      callback(null, all[0].address, all[0].family);
    });
  }) as Lookup;
}
