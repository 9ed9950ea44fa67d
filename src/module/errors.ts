// Error types for module paths and versions, worded as the go command words them.

import { quote } from "../text/quote.js";

/** InvalidVersionError: `version "v1" invalid: <reason>` (or `pseudo-version ...`). */
export class InvalidVersionError extends Error {
  constructor(readonly version: string, readonly reason: string, readonly pseudo = false) {
    super(`${pseudo ? "pseudo-version" : "version"} ${quote(version)} invalid: ${reason}`);
    this.name = "InvalidVersionError";
  }
  get noun(): string {
    return this.pseudo ? "pseudo-version" : "version";
  }
}

/** InvalidPathError: `malformed module path "p": <reason>` (kind module, import or file). */
export class InvalidPathError extends Error {
  constructor(readonly kind: "module" | "import" | "file", readonly path: string, readonly reason: string) {
    super(`malformed ${kind} path ${quote(path)}: ${reason}`);
    this.name = "InvalidPathError";
  }
}

/** ModuleError: an error about one module (`path@version: err` or `module path: err`). */
export class ModuleError extends Error {
  constructor(readonly path: string, readonly version: string, readonly err: Error) {
    super(moduleErrorText(path, version, err), { cause: err });
    this.name = "ModuleError";
  }
}

function moduleErrorText(path: string, version: string, err: Error): string {
  if (err instanceof InvalidVersionError) {
    return `${path}@${err.version}: invalid ${err.noun}: ${err.reason}`;
  }
  return version ? `${path}@${version}: ${err.message}` : `module ${path}: ${err.message}`;
}
