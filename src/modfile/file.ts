// A go.mod file with its meaning: the directives it holds, each pointing back at its
// line in the syntax tree, so that edits change the syntax and printing shows them.

import type { ModuleVersion } from "../module/version.js";
import type { FileSyntax, Line } from "./syntax.js";

export interface ModuleStmt {
  mod: ModuleVersion;
  /** The text after "Deprecated:" in the module line's comments, or "". */
  deprecated: string;
  syntax: Line;
}

export interface GoStmt {
  version: string;
  syntax: Line;
}

export interface ToolchainStmt {
  name: string;
  syntax: Line;
}

export interface GodebugStmt {
  key: string;
  value: string;
  syntax: Line;
}

export interface Require {
  mod: ModuleVersion;
  /** The line carries an "// indirect" comment. */
  indirect: boolean;
  syntax: Line;
}

export interface Exclude {
  mod: ModuleVersion;
  syntax: Line;
}

export interface Replace {
  old: ModuleVersion;
  /** The replacement: a module path and version, or a directory path and an empty version. */
  new: ModuleVersion;
  syntax: Line;
}

export interface VersionInterval {
  low: string;
  high: string;
}

export interface Retract extends VersionInterval {
  rationale: string;
  syntax: Line;
}

export interface PathStmt {
  path: string;
  syntax: Line;
}

/** GoModFile is a parsed go.mod file: directives plus the syntax tree they came from. */
export class GoModFile {
  module: ModuleStmt | null = null;
  go: GoStmt | null = null;
  toolchain: ToolchainStmt | null = null;
  godebug: GodebugStmt[] = [];
  require: Require[] = [];
  exclude: Exclude[] = [];
  replace: Replace[] = [];
  retract: Retract[] = [];
  tool: PathStmt[] = [];
  ignore: PathStmt[] = [];

  constructor(public syntax: FileSyntax) {}
}
