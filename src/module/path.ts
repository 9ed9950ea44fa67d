// Module and import path rules (golang.org/x/mod/module): what paths are valid,
// how a major-version suffix is split off, and how versions must match it.

import { isLetter } from "./letters.js";
import { InvalidPathError, InvalidVersionError } from "./errors.js";
import { build, canonical, major } from "./semver.js";
import { isValidUTF8 } from "../text/utf8.js";
import { quote, quoteRune } from "../text/quote.js";

type PathKind = "module" | "import" | "file";

const badWindowsNames = new Set([
  "CON", "PRN", "AUX", "NUL",
  "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
  "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
]);

function modPathOK(c: string): boolean {
  return /^[-._~0-9A-Za-z]$/.test(c);
}

function charOK(c: string, kind: PathKind): boolean {
  switch (kind) {
    case "module":
      return modPathOK(c);
    case "import":
      return modPathOK(c) || c === "+";
    case "file": {
      const cp = c.codePointAt(0)!;
      if (cp < 0x80) return /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]$/.test(c);
      return isLetter(cp);
    }
  }
}

/**
 * allCharsOK matches an element whose every character is one charOK allows in ASCII: most
 * elements, checked without a test per character.
 */
const allCharsOK: Record<PathKind, RegExp> = {
  module: /^[-._~0-9A-Za-z]*$/,
  import: /^[-._~0-9A-Za-z+]*$/,
  file: /^[0-9A-Za-z!#$%&()+,\-.=@[\]^_{}~ ]*$/,
};

/** checkElem returns the reason a path element is invalid, or "" when it is valid. */
function checkElem(elem: string, kind: PathKind): string {
  if (elem === "") return "empty path element";
  if (/^\.+$/.test(elem)) return `invalid path element ${quote(elem)}`;
  if (elem[0] === "." && kind === "module") return "leading dot in path element";
  if (elem[elem.length - 1] === ".") return "trailing dot in path element";
  if (!allCharsOK[kind].test(elem)) {
    for (const c of elem) {
      if (!charOK(c, kind)) return `invalid char ${quoteRune(c.codePointAt(0)!)}`;
    }
  }
  const dot = elem.indexOf(".");
  const short = dot >= 0 ? elem.slice(0, dot) : elem;
  // Every name Windows reserves has three or four characters.
  if (short.length >= 3 && short.length <= 4 && /^[\x00-\x7f]*$/.test(short) && badWindowsNames.has(short.toUpperCase())) {
    return `${quote(short)} disallowed as path element component on Windows`;
  }
  if (kind === "file") return "";
  const tilde = short.lastIndexOf("~");
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1))) {
    return "trailing tilde and digits in path element";
  }
  return "";
}

function checkPathText(path: string, kind: PathKind): string {
  if (!isValidUTF8(path)) return "invalid UTF-8";
  if (path === "") return "empty string";
  if (path[0] === "-" && kind !== "file") return "leading dash";
  if (path.includes("//")) return "double slash";
  if (path[path.length - 1] === "/") return "trailing slash";
  for (const elem of path.split("/")) {
    const reason = checkElem(elem, kind);
    if (reason) return reason;
  }
  return "";
}

/** modulePathProblem returns why path is not a valid module path, or "" when it is. */
export function modulePathProblem(path: string): string {
  const reason = checkPathText(path, "module");
  if (reason) return reason;
  let i = path.indexOf("/");
  if (i < 0) i = path.length;
  if (i === 0) return "leading slash";
  const first = path.slice(0, i);
  if (!first.includes(".")) return "missing dot in first path element";
  if (path[0] === "-") return "leading dash in first path element";
  if (!/^[-.0-9a-z]*$/.test(first)) {
    for (const c of first) {
      if (!/^[-.0-9a-z]$/.test(c)) return `invalid char ${quoteRune(c.codePointAt(0)!)} in first path element`;
    }
  }
  if (!splitPathVersion(path).ok) return "invalid version";
  return "";
}

/** checkPath throws an InvalidPathError unless path is a valid module path. */
export function checkPath(path: string): void {
  const reason = modulePathProblem(path);
  if (reason) throw new InvalidPathError("module", path, reason);
}

/** checkImportPath throws an InvalidPathError unless path is a valid import path. */
export function checkImportPath(path: string): void {
  const reason = checkPathText(path, "import");
  if (reason) throw new InvalidPathError("import", path, reason);
}

/** checkFilePath throws an InvalidPathError unless path is a valid file path inside a module. */
export function checkFilePath(path: string): void {
  const reason = checkPathText(path, "file");
  if (reason) throw new InvalidPathError("file", path, reason);
}

/** checkElemForVersion returns why a version string cannot be used in a file name, or "". */
export function fileElemProblem(elem: string): string {
  return checkElem(elem, "file");
}

export interface SplitPath {
  prefix: string;
  pathMajor: string;
  ok: boolean;
}

/**
 * splitPathVersion splits a module path into the prefix and the major-version
 * suffix ("/v2", or ".v2" for gopkg.in paths). ok is false for a malformed suffix.
 */
export function splitPathVersion(path: string): SplitPath {
  if (path.startsWith("gopkg.in/")) return splitGopkgIn(path);
  let i = path.length;
  let dot = false;
  while (i > 0 && /[0-9.]/.test(path[i - 1])) {
    if (path[i - 1] === ".") dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== "v" || path[i - 2] !== "/") {
    return { prefix: path, pathMajor: "", ok: true };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === "0" || pathMajor === "/v1") {
    return { prefix: path, pathMajor: "", ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

function splitGopkgIn(path: string): SplitPath {
  let i = path.length;
  if (path.endsWith("-unstable")) i -= "-unstable".length;
  while (i > 0 && /[0-9]/.test(path[i - 1])) i--;
  if (i <= 1 || path[i - 1] !== "v" || path[i - 2] !== ".") {
    return { prefix: path, pathMajor: "", ok: false };
  }
  const prefix = path.slice(0, i - 2);
  const pathMajor = path.slice(i - 2);
  if (pathMajor.length <= 2 || (pathMajor[2] === "0" && pathMajor !== ".v0")) {
    return { prefix: path, pathMajor: "", ok: false };
  }
  return { prefix, pathMajor, ok: true };
}

/**
 * pathMajorProblem returns an InvalidVersionError when version v cannot be used
 * with the major-version suffix pathMajor, or null when it can.
 */
export function pathMajorProblem(v: string, pathMajor: string): InvalidVersionError | null {
  let pm = pathMajor;
  if (pm.startsWith(".v") && pm.endsWith("-unstable")) pm = pm.slice(0, -"-unstable".length);
  if (v.startsWith("v0.0.0-") && pm === ".v1") return null;
  const m = major(v);
  let want: string;
  if (pm === "") {
    if (m === "v0" || m === "v1" || build(v) === "+incompatible") return null;
    want = "v0 or v1";
  } else {
    if (m === pm.slice(1)) return null;
    want = pm.slice(1);
  }
  return new InvalidVersionError(v, `should be ${want}, not ${m}`);
}

/** checkPathMajor throws unless version v matches the major-version suffix pathMajor. */
export function checkPathMajor(v: string, pathMajor: string): void {
  const problem = pathMajorProblem(v, pathMajor);
  if (problem) throw problem;
}

/** canonicalVersion is semver's canonical form, keeping a "+incompatible" suffix. */
export function canonicalVersion(v: string): string {
  const cv = canonical(v);
  return build(v) === "+incompatible" ? cv + "+incompatible" : cv;
}
