// Error types for module paths and versions, worded as the go command words them
// (golang.org/x/mod/module: ModuleError, InvalidVersionError, InvalidPathError). What
// an error wraps is its standard `cause`.

import { findError } from "../errors/chain.js";
import { quote } from "../text/quote.js";

/**
 * InvalidVersionError: `version "v1" invalid: <reason>` (or `pseudo-version ...`). The
 * reason is text, or an error (then also the cause: the proxy's 404, say).
 */
export class InvalidVersionError extends Error {
  constructor(readonly version: string, reason: string | Error, readonly pseudo = false) {
    super(`${pseudo ? "pseudo-version" : "version"} ${quote(version)} invalid: ${reasonText(reason)}`,
      typeof reason === "string" ? undefined : { cause: reason });
    this.name = "InvalidVersionError";
    this.reason = reasonText(reason);
  }

  /** The reason, as text. */
  readonly reason: string;

  get noun(): string {
    return this.pseudo ? "pseudo-version" : "version";
  }
}

function reasonText(reason: string | Error): string {
  return typeof reason === "string" ? reason : reason.message;
}

/** InvalidPathError: `malformed module path "p": <reason>` (kind module, import or file). */
export class InvalidPathError extends Error {
  constructor(readonly kind: "module" | "import" | "file", readonly path: string, readonly reason: string) {
    super(`malformed ${kind} path ${quote(path)}: ${reason}`);
    this.name = "InvalidPathError";
  }
}

/**
 * ModuleError: an error about one module (`path@version: err` or `module path: err`),
 * the error itself its cause. When the cause is an InvalidVersionError, the version shown
 * is the invalid one: `path@v1: invalid version: <reason>`.
 */
export class ModuleError extends Error {
  declare readonly cause: Error;

  constructor(readonly path: string, readonly version: string, cause: Error) {
    super(moduleErrorText(path, version, cause), { cause });
    this.name = "ModuleError";
  }

  /** The version the error is about: the invalid version when the cause is an InvalidVersionError. */
  get shownVersion(): string {
    return this.cause instanceof InvalidVersionError ? this.cause.version : this.version;
  }
}

function moduleErrorText(path: string, version: string, err: Error): string {
  if (err instanceof InvalidVersionError) {
    return `${path}@${err.version}: invalid ${err.noun}: ${err.reason}`;
  }
  return version ? `${path}@${version}: ${err.message}` : `module ${path}: ${err.message}`;
}

/**
 * versionError is go's module.VersionError: err about path@version, as a ModuleError,
 * unless err is or wraps one about that very module version (then err itself).
 */
export function versionError(path: string, version: string, err: Error): Error {
  if (findError(err, ModuleError, (m) => m.path === path && m.version === version)) return err;
  return new ModuleError(path, version, err);
}
