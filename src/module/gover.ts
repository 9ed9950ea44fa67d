// Go release versions ("1.21", "1.21rc1", "1.21.0", "1.21.3") and their order, as the go
// command compares the go and toolchain lines: 1.21 < 1.21rc1 < 1.21.0 < 1.21.1, and
// before 1.21, "1.N" means "1.N.0". Toolchain names are "go" + a version, with an
// optional "-suffix" or " suffix".

interface Parsed {
  major: string;
  minor: string;
  patch: string;
  kind: string;
  pre: string;
}

const invalid: Parsed = { major: "", minor: "", patch: "", kind: "", pre: "" };

function cutInt(x: string): [string, string] | null {
  const m = /^[0-9]+/.exec(x);
  if (!m || (m[0].length > 1 && m[0][0] === "0")) return null;
  return [m[0], x.slice(m[0].length)];
}

function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

function parse(x: string): Parsed {
  let c = cutInt(x);
  if (!c) return invalid;
  const v: Parsed = { ...invalid, major: c[0] };
  let rest = c[1];
  if (rest === "") return { ...v, minor: "0", patch: "0" };
  if (rest[0] !== ".") return invalid;
  c = cutInt(rest.slice(1));
  if (!c) return invalid;
  v.minor = c[0];
  rest = c[1];
  if (rest === "") {
    if (cmpInt(v.minor, "21") < 0) v.patch = "0";
    return v;
  }
  if (rest[0] === ".") {
    c = cutInt(rest.slice(1));
    if (!c || c[1] !== "") return invalid;
    v.patch = c[0];
    return v;
  }
  const kind = /^[a-z]+/.exec(rest);
  if (!kind) return invalid;
  v.kind = kind[0];
  rest = rest.slice(kind[0].length);
  if (rest === "") return v;
  c = cutInt(rest);
  if (!c || c[1] !== "") return invalid;
  v.pre = c[0];
  return v;
}

/** isValidGoVersion reports whether x is a Go version ("1.21", "1.21rc1", "1.21.0"). */
export function isValidGoVersion(x: string): boolean {
  return parse(x).major !== "";
}

/** compareGoVersions orders Go versions; invalid versions sort first, equal to each other. */
export function compareGoVersions(x: string, y: string): number {
  const a = parse(x);
  const b = parse(y);
  const kindOrder = (k: string, l: string) => (k === l ? 0 : k < l ? -1 : 1);
  return cmpInt(a.major, b.major) || cmpInt(a.minor, b.minor) || cmpInt(a.patch, b.patch) ||
    kindOrder(a.kind, b.kind) || cmpInt(a.pre, b.pre);
}

/** maxGoVersion returns the larger of two Go versions. */
export function maxGoVersion(x: string, y: string): string {
  return compareGoVersions(x, y) < 0 ? y : x;
}

/** goLang returns the language version of a Go version ("1.21.3" -> "1.21"). */
export function goLang(x: string): string {
  const v = parse(x);
  if (v.minor === "" || (v.major === "1" && v.minor === "0")) return v.major;
  return `${v.major}.${v.minor}`;
}

/** isGoLang reports whether x is a language version (no patch, no pre-release). */
export function isGoLang(x: string): boolean {
  const v = parse(x);
  return v.major !== "" && v.patch === "" && v.kind === "" && v.pre === "";
}

/** fromToolchain returns the Go version of a toolchain name ("go1.21.3-custom" -> "1.21.3"), or "". */
export function fromToolchain(name: string): string {
  if (/[\\/]/.test(name) || !name.startsWith("go")) return "";
  let v = name.slice(2);
  const i = v.search(/[ \t-]/);
  if (i >= 0) v = v.slice(0, i);
  return isValidGoVersion(v) ? v : "";
}

/** The Go version gotidy-ts follows (its standard library list and rules). */
export const localGoVersion = "1.26.8";

/** Versions at which the go command's module behaviour changes. */
export const goVersions = {
  /** go.mod files without a go line mean this version. */
  defaultGoMod: "1.16",
  /** Graph pruning and the separate block of // indirect requirements. */
  pruning: "1.17",
  separateIndirect: "1.17",
  /** go.sum keeps go.mod sums of every package-providing module; toolchain lines are strict. */
  tidyGoModSum: "1.21",
  goStrict: "1.21",
  /** "all" no longer closes over tests of dependencies. */
  narrowAll: "1.16",
} as const;
