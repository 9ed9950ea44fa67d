// The library entry points for go.mod text.

import { cleanup, sortBlocks } from "./modfile/edit.js";
import type { GoModFile } from "./modfile/file.js";
import { printSyntax } from "./modfile/print.js";
import { parseGoModFile, ParseOptions } from "./modfile/rules.js";
import { encodeText } from "./text/utf8.js";

/**
 * parseGoMod parses go.mod text (a string, or the file's bytes) the way the go command
 * reads a main module's go.mod; pass { lax: true } for a dependency's go.mod.
 * Problems throw a GoModErrorList whose message is the go command's, one line per error
 * ("go.mod:3:2: unknown directive: foo").
 */
export function parseGoMod(text: string | Uint8Array, fileName = "go.mod", options?: ParseOptions): GoModFile {
  return parseGoModFile(fileName, text, options);
}

/**
 * formatGoMod returns the file in the go command's canonical format: what
 * `go mod edit -fmt` writes. Like the go command, it first sorts blocks, removes
 * duplicate directives and cleans up removed lines, so the file is updated too.
 */
export function formatGoMod(file: GoModFile): string {
  sortBlocks(file);
  cleanup(file);
  return printSyntax(file.syntax);
}

/** formatGoModBytes is formatGoMod as bytes, with any undecodable input bytes restored. */
export function formatGoModBytes(file: GoModFile): Buffer {
  return encodeText(formatGoMod(file));
}

// The light entry point, gotidy-ts/gomod: everything for reading, editing and writing
// go.mod, go.sum and go.work files and for checking module paths and versions, and
// nothing that fetches or scans. Importing it loads neither the HTTP client (undici) nor
// the Go parser (web-tree-sitter), nor the command line's packages; test/gomod-entry.test.ts
// holds it to that. The full entry point ("gotidy-ts") exports all of this too.
export {
  GoModFile, GoModError, GoModErrorList, GoSumError, DirectiveProblem,
  GoSum, parseGoSum, formatGoSum, formatGoSumBytes, emptyGoModHash,
  hashGoMod, hashZip, hash1,
  addRequire, addNewRequire, dropRequire, setRequire, setRequireSeparateIndirect, setIndirect,
  setGoVersion, dropGoVersion, setToolchain, dropToolchain, setModulePath,
  addExclude, dropExclude, addReplace, dropReplace,
  sortBlocks, cleanup, isIndirect,
} from "./modfile/index.js";
export type {
  ParseOptions, VersionFixer, RequirementSpec, Require, Replace, Exclude, Retract,
  ModuleStmt, GoStmt, ToolchainStmt, GodebugStmt, PathStmt, VersionInterval, ParseGoSumOptions,
} from "./modfile/index.js";
export * as semver from "./module/semver.js";
export {
  checkPath, checkImportPath, checkFilePath, splitPathVersion, checkPathMajor, canonicalVersion,
} from "./module/path.js";
export { escapePath, escapeVersion, unescapePath, unescapeVersion } from "./module/escape.js";
export { InvalidPathError, InvalidVersionError, ModuleError, versionError } from "./module/errors.js";
export { compareModuleVersions, moduleString } from "./module/version.js";
export type { ModuleVersion } from "./module/version.js";
export { parseGoWork } from "./workspace/gowork.js";
