// Semantic versions as the go command reads them (golang.org/x/mod/semver):
// a leading "v", the short forms "v1" and "v1.2" (meaning v1.0.0 and v1.2.0),
// no leading zeros, and build metadata that is ignored when comparing.
// npm's semver package differs on all of these, so Go versions never go through it.

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

const versionRE =
  /^v(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*)(-(?:[0-9A-Za-z-]+)(?:\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?)?$/;

const cache = new Map<string, Parsed | null>();

function parse(v: string): Parsed | null {
  const hit = cache.get(v);
  if (hit !== undefined) return hit;
  const p = parseUncached(v);
  if (cache.size > 10000) cache.clear();
  cache.set(v, p);
  return p;
}

function parseUncached(v: string): Parsed | null {
  const m = versionRE.exec(v);
  if (!m) return null;
  const [, major, minor, patch, prerelease = "", build = ""] = m;
  if (minor === undefined) return { major, minor: "0", patch: "0", short: ".0.0", prerelease, build };
  if (patch === undefined) return { major, minor, patch: "0", short: ".0", prerelease, build };
  // Numeric pre-release identifiers may not have leading zeros.
  if (prerelease && prerelease.slice(1).split(".").some((id) => /^0[0-9]+$/.test(id))) return null;
  return { major, minor, patch, short: "", prerelease, build };
}

/** isValid reports whether v is a valid Go semantic version. */
export function isValid(v: string): boolean {
  return parse(v) !== null;
}

/** canonical returns v in its canonical form (short forms expanded, build suffix dropped), or "" if invalid. */
export function canonical(v: string): string {
  const p = parse(v);
  if (!p) return "";
  if (p.build) return v.slice(0, v.length - p.build.length);
  return p.short ? v + p.short : v;
}

/** major returns the major version prefix ("v2"), or "" if v is invalid. */
export function major(v: string): string {
  const p = parse(v);
  return p ? v.slice(0, 1 + p.major.length) : "";
}

/** majorMinor returns "vMAJOR.MINOR", or "" if v is invalid. */
export function majorMinor(v: string): string {
  const p = parse(v);
  return p ? `v${p.major}.${p.minor}` : "";
}

/** prerelease returns the pre-release suffix including its "-", or "". */
export function prerelease(v: string): string {
  return parse(v)?.prerelease ?? "";
}

/** build returns the build suffix including its "+", or "". */
export function build(v: string): string {
  return parse(v)?.build ?? "";
}

function compareInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

const numeric = /^[0-9]+$/;

function comparePrerelease(x: string, y: string): number {
  if (x === y) return 0;
  if (x === "") return 1;
  if (y === "") return -1;
  const xs = x.slice(1).split(".");
  const ys = y.slice(1).split(".");
  for (let i = 0; i < xs.length && i < ys.length; i++) {
    const dx = xs[i];
    const dy = ys[i];
    if (dx === dy) continue;
    const nx = numeric.test(dx);
    const ny = numeric.test(dy);
    if (nx !== ny) return nx ? -1 : 1;
    if (nx) return compareInt(dx, dy);
    return dx < dy ? -1 : 1;
  }
  return xs.length < ys.length ? -1 : xs.length > ys.length ? 1 : 0;
}

/**
 * compare returns -1, 0 or 1 as v is less than, equal to or greater than w.
 * An invalid version is less than every valid one, and equal to every invalid one.
 */
export function compare(v: string, w: string): number {
  const pv = parse(v);
  const pw = parse(w);
  if (!pv && !pw) return 0;
  if (!pv) return -1;
  if (!pw) return 1;
  return compareInt(pv.major, pw.major) || compareInt(pv.minor, pw.minor) ||
    compareInt(pv.patch, pw.patch) || comparePrerelease(pv.prerelease, pw.prerelease);
}

/** max returns the larger of the canonical forms of v and w. */
export function max(v: string, w: string): string {
  const cv = canonical(v);
  const cw = canonical(w);
  return compare(cv, cw) > 0 ? cv : cw;
}

/** sortVersions sorts versions in place by compare, then by the strings themselves. */
export function sortVersions(list: string[]): string[] {
  return list.sort((a, b) => compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}
