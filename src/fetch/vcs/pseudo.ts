// Building and taking apart pseudo-versions (golang.org/x/mod/module's pseudo.go rules):
// vX.0.0-TIME-REV without a base tag, vX.Y.(Z+1)-0.TIME-REV after a release vX.Y.Z, and
// vX.Y.Z-pre.0.TIME-REV after a pre-release.

import { build, canonical, prerelease } from "../../module/semver.js";
import { isPseudoVersion } from "../../module/pseudo.js";

/** pseudoTimestamp formats seconds since the epoch as yyyymmddhhmmss (UTC). */
export function pseudoTimestamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

function incDecimal(d: string): string {
  const digits = d.split("");
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "9"; i--) digits[i] = "0";
  if (i >= 0) digits[i] = String(Number(digits[i]) + 1);
  else digits.unshift("1");
  return digits.join("");
}

function decDecimal(d: string): string {
  const digits = d.split("");
  let i = digits.length - 1;
  for (; i >= 0 && digits[i] === "0"; i--) digits[i] = "9";
  if (i < 0) return "";
  digits[i] = String(Number(digits[i]) - 1);
  const s = digits.join("");
  return s.length > 1 && s[0] === "0" ? s.slice(1) : s;
}

/** pseudoVersion builds the pseudo-version of a commit (time in seconds, rev the 12-digit hash) above the tag older ("" for none). */
export function pseudoVersion(major: string, older: string, time: number, rev: string): string {
  const m = major || "v0";
  const segment = `${pseudoTimestamp(time)}-${rev}`;
  const b = build(older);
  const base = canonical(older);
  if (base === "") return `${m}.0.0-${segment}`;
  if (prerelease(base) !== "") return `${base}.0.${segment}${b}`;
  const i = base.lastIndexOf(".") + 1;
  return `${base.slice(0, i)}${incDecimal(base.slice(i))}-0.${segment}${b}`;
}

interface PseudoParts {
  base: string;
  timestamp: string;
  rev: string;
  build: string;
}

function parsePseudo(v: string): PseudoParts | null {
  if (!isPseudoVersion(v)) return null;
  const b = build(v);
  let s = v.slice(0, v.length - b.length);
  const j = s.lastIndexOf("-");
  const rev = s.slice(j + 1);
  s = s.slice(0, j);
  const i = s.lastIndexOf("-");
  const k = s.lastIndexOf(".");
  return k > i ? { base: s.slice(0, k), timestamp: s.slice(k + 1), rev, build: b } : { base: s.slice(0, i), timestamp: s.slice(i + 1), rev, build: b };
}

/** pseudoVersionRev returns the revision part of a pseudo-version, or "" for another version. */
export function pseudoVersionRev(v: string): string {
  return parsePseudo(v)?.rev ?? "";
}

/** pseudoVersionStamp returns the yyyymmddhhmmss part of a pseudo-version. */
export function pseudoVersionStamp(v: string): string {
  return parsePseudo(v)?.timestamp ?? "";
}

/** pseudoVersionBase returns the tag a pseudo-version is built on ("" for the vX.0.0 form). */
export function pseudoVersionBase(v: string): string {
  const p = parsePseudo(v);
  if (!p) return "";
  let base = p.base;
  const pre = prerelease(base);
  if (pre === "") return "";
  if (pre === "-0") {
    base = base.slice(0, -2);
    const i = base.lastIndexOf(".");
    const patch = decDecimal(base.slice(i + 1));
    if (patch === "") return "";
    base = base.slice(0, i + 1) + patch;
  } else {
    base = base.replace(/\.0$/, "");
  }
  return base + p.build;
}
