import { compareGoVersions, fromToolchain, isValidGoVersion } from "./gover.js";
import { compare as semverCompare } from "./semver.js";

function maybeToolchainVersion(name: string): string {
  return isValidGoVersion(name) ? name : fromToolchain(name);
}

/** modCompare compares two versions of one module path ("go" and "toolchain" use Go's order). */
export function modCompare(path: string, x: string, y: string): number {
  if (path === "go") return compareGoVersions(x, y);
  if (path === "toolchain") return compareGoVersions(maybeToolchainVersion(x), maybeToolchainVersion(y));
  return semverCompare(x, y);
}
