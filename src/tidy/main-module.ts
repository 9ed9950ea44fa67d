// The main module as tidy starts from it: its go.mod (parsed, with non-canonical versions
// resolved), its go.sum, and what they say before tidy changes anything.

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Fetcher } from "../fetch/fetcher.js";
import { queryVersion } from "../load/query.js";
import { factsOf, type ParsedGoMods, Replacements, TooNewError } from "../load/summary.js";
import { GoModError, GoModErrorList } from "../modfile/errors.js";
import type { GoModFile } from "../modfile/file.js";
import { GoSum, parseGoSum } from "../modfile/gosum.js";
import { printSyntax } from "../modfile/print.js";
import { parseGoModFile } from "../modfile/rules.js";
import { compareGoVersions, localGoVersion } from "../module/gover.js";
import { ModuleError, InvalidVersionError } from "../module/errors.js";
import { canonicalVersion, pathMajorProblem, splitPathVersion } from "../module/path.js";
import { quote } from "../text/quote.js";
import type { ModuleVersion } from "../module/version.js";
import { errnoText, shortPath } from "../text/paths.js";
import { decodeBytes } from "../text/utf8.js";
import { TidyErrors, tooNewLine } from "./errors.js";
import type { RequirementLines } from "./explain.js";
import type { TidyOptions } from "./options.js";

/** The main module's files as read from disk, before any parsing of go.mod. */
export interface ModuleFiles {
  readonly gomodPath: string;
  readonly gosumPath: string;
  readonly oldGoMod: Buffer;
  readonly oldGoSum: Buffer | null;
  /** The old go.sum, parsed (malformed lines skipped); empty when there is none. */
  readonly goSum: GoSum;
}

/**
 * The main module as read. Nothing here changes after readMainModule, except file:
 * buildGoMod edits it into the new go.mod, so phases after that read only the other
 * fields (tools, before, ...), which keep what go.mod said.
 */
export interface MainModule extends ModuleFiles {
  /** The module root (the directory holding go.mod). */
  readonly root: string;
  /** The module path. */
  readonly path: string;
  /** The main module as a module version (version ""). */
  readonly mod: ModuleVersion;
  readonly file: GoModFile;
  /** The go.mod as parsed (versions resolved) and printed back before any edit: what
   * -diff calls the current go.mod. */
  readonly currentGoMod: string;
  /** The tool directives' package paths. */
  readonly tools: readonly string[];
  /** Excluded versions ("path@version"). */
  readonly excluded: Set<string>;
  readonly replacements: Replacements;
  /** go.mod's requirements, less those on excluded versions and on the main module. */
  readonly required: readonly ModuleVersion[];
  /** The requirement lines before tidying, for the explanations. */
  readonly before: RequirementLines;
}

/** The -modfile in effect: the value as given (go's messages name it so) and the file it names. */
export interface ModFileFlag {
  readonly given: string;
  readonly path: string;
}

/**
 * readModuleFiles reads go.mod (which must exist) and go.sum (which may not) in root, or
 * the files -modfile names instead (modFile, and its .sum). A -modfile not ending in
 * ".mod", or naming a file that cannot be read, is a TidyErrors in go's words.
 */
export function readModuleFiles(root: string, modFile?: ModFileFlag): ModuleFiles {
  if (modFile && !modFile.given.endsWith(".mod")) throw new TidyErrors([`go: -modfile=${modFile.given}: file does not have .mod extension`]);
  const gomodPath = modFile?.path ?? join(root, "go.mod");
  const gosumPath = modFile ? modFile.path.slice(0, -".mod".length) + ".sum" : join(root, "go.sum");
  let oldGoMod: Buffer;
  try {
    oldGoMod = readFileSync(gomodPath);
  } catch (e) {
    if (!modFile) throw e;
    throw new TidyErrors([`go: open ${modFile.given}: ${errnoText(e as NodeJS.ErrnoException)}`]);
  }
  const oldGoSum = readOrNull(gosumPath);
  const goSum = oldGoSum ? parseGoSum(oldGoSum, basename(gosumPath), { skipMalformed: true }) : new GoSum();
  return { gomodPath, gosumPath, oldGoMod, oldGoSum, goSum };
}

/**
 * readMainModule parses the main module's go.mod and checks it as the go command does on
 * reading it: a module line is required, its go line may not be newer than this Go, and a
 * requirement on an excluded version is dropped (saying so through log). fetcher is asked
 * for only if a version needs resolving, and always once the file is parsed, so that the
 * fetch settings' warnings come where they always have.
 */
export async function readMainModule(options: TidyOptions, cwd: string, files: ModuleFiles, fetcher: () => Fetcher): Promise<MainModule> {
  const name = shortPath(files.gomodPath, cwd);
  const file = await parseMainGoMod(name, files.oldGoMod, fetcher).catch((e: unknown) => {
    throw withFullBlockNames(e, name, files.gomodPath);
  });
  fetcher();
  const currentGoMod = printSyntax(file.syntax);
  if (!file.module) throw new TidyErrors(["go: error reading go.mod: missing module declaration. To specify the module path:\n\tgo mod edit -module=example.com/mod"]);
  if (file.go && compareGoVersions(file.go.version, localGoVersion) > 0) {
    throw new TidyErrors([tooNewLine(options, new TooNewError(shortPath(files.gomodPath, cwd), file.go.version))]);
  }
  const path = file.module.mod.path;
  const excluded = new Set(file.exclude.map((x) => `${x.mod.path}@${x.mod.version}`));
  const required: ModuleVersion[] = [];
  for (const r of file.require) {
    if (r.mod.path === path) continue;
    if (excluded.has(`${r.mod.path}@${r.mod.version}`)) {
      options.log?.(`go: dropping requirement on excluded version ${r.mod.path} ${r.mod.version}`);
      continue;
    }
    required.push(r.mod);
  }
  const before: RequirementLines = {
    require: file.require.map((r) => ({ path: r.mod.path, version: r.mod.version, indirect: r.indirect })),
    go: file.go?.version ?? null,
    toolchain: file.toolchain?.name ?? null,
  };
  return {
    ...files, root: options.root, path, mod: { path, version: "" }, file, currentGoMod,
    tools: file.tool.map((t) => t.path), excluded, replacements: new Replacements(file), required, before,
  };
}

/**
 * withFullBlockNames: go parses the main go.mod under its full path and shortens only each
 * error's position for printing, so an unterminated block's start keeps the full path
 * ("go.mod:5: syntax error (unterminated block started at /full/go.mod:3:1)").
 */
function withFullBlockNames(e: unknown, short: string, full: string): unknown {
  if (!(e instanceof GoModErrorList) || short === full) return e;
  const marker = `(unterminated block started at ${short}:`;
  const fixed = `(unterminated block started at ${full}:`;
  return new GoModErrorList(e.errors.map((x) => (x.reason.includes(marker) ? new GoModError(x.fileName, x.pos, x.reason.replace(marker, fixed), x.verb, x.modPath) : x)));
}

/**
 * parseMainGoMod parses the main module's go.mod, resolving versions that are not
 * canonical ("v1.2", a branch name) through the proxies, as the go command does; their
 * errors are reported at their lines like any other.
 */
async function parseMainGoMod(name: string, text: Uint8Array, fetcher: () => Fetcher): Promise<GoModFile> {
  const queries = new Map<string, { path: string; query: string }>();
  const canonical = (version: string) => version !== "" && canonicalVersion(version) === version;
  try {
    const file = parseGoModFile(name, text, {
      fix: (path, version) => {
        checkBeforeQuery(path, version);
        if (!canonical(version)) queries.set(`${path}@${version}`, { path, query: version });
        return version;
      },
    });
    if (queries.size === 0) return file;
  } catch (err) {
    if (queries.size === 0) throw err;
  }
  const answers = new Map<string, string | Error>();
  await Promise.all([...queries].map(async ([k, q]) => {
    answers.set(k, await queryVersion(fetcher(), q.path, q.query).catch((e: Error) => e));
  }));
  return parseGoModFile(name, text, {
    fix: (path, version) => {
      checkBeforeQuery(path, version);
      if (canonical(version)) return version;
      const a = answers.get(`${path}@${version}`);
      if (a === undefined) throw new Error(`internal error: no answer for ${path}@${version}`);
      if (a instanceof Error) throw a;
      return a;
    },
  });
}

/**
 * checkBeforeQuery throws what the go command's version fixer says of a module path and
 * version of the main go.mod without a query: a path it cannot split, or a canonical
 * version of another major version than the path's (also where nothing else checks it:
 * "replace example.com/a => example.com/b v2.0.0").
 */
function checkBeforeQuery(path: string, version: string): void {
  const { pathMajor, ok } = splitPathVersion(path);
  if (!ok) throw new ModuleError(path, "", new InvalidVersionError(version, `malformed module path ${quote(path)}`));
  if (version === "" || canonicalVersion(version) !== version) return;
  const problem = pathMajorProblem(version, pathMajor);
  if (problem) throw new ModuleError(path, version, problem);
}

/** readGoLine returns the go version a go.mod declares ("" when none or unreadable), from parsed when it knows the file. */
export function readGoLine(file: string, parsed?: ParsedGoMods): string {
  return readGoLineOf(readOrNull(file), parsed);
}

/** readGoLineOf is readGoLine of a go.mod's bytes (null: none). */
export function readGoLineOf(data: Buffer | null, parsed?: ParsedGoMods): string {
  if (!data) return "";
  const known = parsed?.get(data);
  if (known) return known.goVersion;
  try {
    const facts = factsOf(parseGoModFile("go.mod", decodeBytes(data), { lax: true }));
    parsed?.put(data, facts);
    return facts.goVersion;
  } catch {
    return "";
  }
}

function readOrNull(file: string): Buffer | null {
  try {
    return readFileSync(file);
  } catch {
    return null;
  }
}
