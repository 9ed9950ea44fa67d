// A module version {path, version}, and the order the go command sorts them in.

import { compareBytes } from "../text/unicode.js";
import { compare } from "./semver.js";

export interface ModuleVersion {
  path: string;
  version: string;
}

/** moduleString formats a module version as path@version (or just path without a version). */
export function moduleString(m: ModuleVersion): string {
  return m.version ? `${m.path}@${m.version}` : m.path;
}

/**
 * compareModuleVersions orders by path (bytewise), then by version in semver order;
 * a suffix after "/" (as in "v1.0.0/go.mod") breaks ties as a string, so v1.0.0
 * sorts before v1.0.0/go.mod. This is the order of go.sum.
 */
export function compareModuleVersions(a: ModuleVersion, b: ModuleVersion): number {
  if (a.path !== b.path) return compareBytes(a.path, b.path);
  let va = a.version;
  let vb = b.version;
  let fa = "";
  let fb = "";
  const ia = va.indexOf("/");
  if (ia >= 0) [va, fa] = [va.slice(0, ia), va.slice(ia)];
  const ib = vb.indexOf("/");
  if (ib >= 0) [vb, fb] = [vb.slice(0, ib), vb.slice(ib)];
  if (va !== vb) return compare(va, vb);
  return compareBytes(fa, fb);
}
