// Credentials from .netrc (the NETRC setting: $NETRC, else ~/.netrc), read as the go command reads them,
// and attached to https requests only. Credentials are never part of any message.

import { readFileSync } from "node:fs";
import { fields } from "../text/unicode.js";

export interface NetrcEntry {
  machine: string;
  login: string;
  password: string;
}

/** parseNetrc reads machine/login/password entries; "macdef" skips to the next blank line; "default" stops. */
export function parseNetrc(data: string): NetrcEntry[] {
  const out: NetrcEntry[] = [];
  let cur: NetrcEntry = { machine: "", login: "", password: "" };
  let inMacro = false;
  for (const line of data.split("\n")) {
    if (inMacro) {
      if (line === "") inMacro = false;
      continue;
    }
    const f = fields(line);
    let i = 0;
    for (; i < f.length - 1; i += 2) {
      switch (f[i]) {
        case "machine":
          cur = { machine: f[i + 1], login: "", password: "" };
          break;
        case "login":
          cur.login = f[i + 1];
          break;
        case "password":
          cur.password = f[i + 1];
          break;
        case "macdef":
          inMacro = true;
          break;
      }
      if (cur.machine && cur.login && cur.password) {
        out.push(cur);
        cur = { machine: "", login: "", password: "" };
      }
    }
    if (i < f.length && f[i] === "default") break;
  }
  return out;
}

/**
 * loadNetrc reads the .netrc file at path (the NETRC setting: $NETRC, else ~/.netrc); a
 * missing file, or no path, means no credentials.
 */
export function loadNetrc(path: string): NetrcEntry[] {
  if (!path) return [];
  try {
    return parseNetrc(readFileSync(path, "utf8"));
  } catch {
    return [];
  }
}

/**
 * Credentials maps URL prefixes (host[:port][/path], as netrc machines name them) to an
 * Authorization header; the longest matching prefix of a URL wins.
 */
export class Credentials {
  private readonly byPrefix = new Map<string, string>();

  constructor(entries: NetrcEntry[]) {
    // As in the go command, a later entry for the same machine replaces an earlier one.
    for (const e of entries) {
      this.byPrefix.set(e.machine.replace(/^https:\/\//, "").replace(/\/$/, ""),
        "Basic " + Buffer.from(`${e.login}:${e.password}`).toString("base64"));
    }
  }

  /** authorization returns the header for an https URL, or null. */
  authorization(url: string): string | null {
    if (!url.startsWith("https://")) return null;
    return longestPrefixValue(this.byPrefix, url.slice("https://".length).replace(/\/$/, ""));
  }

  get size(): number {
    return this.byPrefix.size;
  }
}

/**
 * longestPrefixValue is the value of the longest key of byPrefix that is path or one of
 * its prefixes at a slash ("host/a/b", "host/a", "host"), or null when none is.
 */
export function longestPrefixValue<T>(byPrefix: ReadonlyMap<string, T>, path: string): T | null {
  for (let prefix = path; ; ) {
    const v = byPrefix.get(prefix);
    if (v) return v;
    const slash = prefix.lastIndexOf("/");
    if (slash < 0) return null;
    prefix = prefix.slice(0, slash);
  }
}
