// Case escaping of module paths and versions for proxies and the module cache:
// every upper-case letter X becomes "!x".

import { InvalidVersionError } from "./errors.js";
import { checkPath, fileElemProblem } from "./path.js";

function escapeString(s: string): string {
  return s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
}

/** escapePath returns the escaped form of a module path, throwing if the path is invalid. */
export function escapePath(path: string): string {
  checkPath(path);
  return escapeString(path);
}

/** escapeVersion returns the escaped form of a version, throwing if it cannot name a file. */
export function escapeVersion(v: string): string {
  if (fileElemProblem(v) !== "" || v.includes("!")) {
    throw new InvalidVersionError(v, "disallowed version string");
  }
  return escapeString(v);
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
