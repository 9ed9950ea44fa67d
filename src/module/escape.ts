// Case escaping of module paths and versions for proxies and the module cache:
// every upper-case letter X becomes "!x".

import { InvalidVersionError } from "./errors.js";
import { checkPath, fileElemProblem } from "./path.js";

function escapeString(s: string): string {
  return s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
}

/**
 * Escaped forms of valid paths and versions met before (a run escapes each module's path
 * for every cache file it names), emptied when it holds too many. An invalid one is never
 * kept: it throws again.
 */
class Escaped {
  private readonly known = new Map<string, string>();

  constructor(private readonly limit: number) {}

  get(s: string, escape: (s: string) => string): string {
    let e = this.known.get(s);
    if (e === undefined) {
      e = escape(s);
      if (this.known.size >= this.limit) this.known.clear();
      this.known.set(s, e);
    }
    return e;
  }
}

const escapedPaths = new Escaped(10_000);
const escapedVersions = new Escaped(10_000);

/** escapePath returns the escaped form of a module path, throwing if the path is invalid. */
export function escapePath(path: string): string {
  return escapedPaths.get(path, (p) => {
    checkPath(p);
    return escapeString(p);
  });
}

/** escapeVersion returns the escaped form of a version, throwing if it cannot name a file. */
export function escapeVersion(v: string): string {
  return escapedVersions.get(v, (x) => {
    if (fileElemProblem(x) !== "" || x.includes("!")) {
      throw new InvalidVersionError(x, "disallowed version string");
    }
    return escapeString(x);
  });
}

function unescapeString(escaped: string): string | null {
  if (!/^(?:[^A-Z!\u0080-\uffff]|![a-z])*$/.test(escaped)) return null;
  return escaped.replace(/!([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** unescapePath reverses escapePath, throwing for text that escapePath cannot produce. */
export function unescapePath(escaped: string): string {
  const path = unescapeString(escaped);
  if (path === null) throw new Error(`invalid escaped module path "${escaped}"`);
  checkPath(path);
  return path;
}

/** unescapeVersion reverses escapeVersion. */
export function unescapeVersion(escaped: string): string {
  const v = unescapeString(escaped);
  if (v === null || fileElemProblem(v) !== "") throw new Error(`invalid escaped version "${escaped}"`);
  return v;
}
