// Pseudo-versions: v0.0.0-20191109021931-daa7c04131f5 and the forms built on a tag
// (vX.Y.(Z+1)-0.TIMESTAMP-REV, vX.Y.Z-pre.0.TIMESTAMP-REV).

import { isValid, prerelease } from "./semver.js";

const pseudoRE = /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** isPseudoVersion reports whether v is a pseudo-version. */
export function isPseudoVersion(v: string): boolean {
  return (v.match(/-/g)?.length ?? 0) >= 2 && isValid(v) && pseudoRE.test(v);
}

/** pseudoVersionTime returns the UTC timestamp (yyyymmddhhmmss) of a pseudo-version, or null. */
export function pseudoVersionTime(v: string): Date | null {
  if (!isPseudoVersion(v)) return null;
  const m = /(\d{14})-[A-Za-z0-9]+$/.exec(prerelease(v));
  if (!m) return null;
  const t = m[1];
  return new Date(Date.UTC(+t.slice(0, 4), +t.slice(4, 6) - 1, +t.slice(6, 8), +t.slice(8, 10), +t.slice(10, 12), +t.slice(12, 14)));
}
