// go mod tidy: read the main module, load the packages of "all" (adding modules for
// imports no requirement provides), trim the requirements to those the packages need,
// and compute the go.mod and go.sum the go command would write, for pruned (go >= 1.17)
// and unpruned module graphs alike, with the -go, -compat and -e flags' effects.
//
// tidy runs these phases in order. They share one unchanging context (context.ts: the
// options, the main module, the module sources, the scanner), and pass the requirements
// on as one value (requirements.ts: roots, pruning, graph, direct set) that a phase
// replaces rather than edits. Every choice of a go version is made in goversion.ts.
//
//   readMainModule          go.mod (versions resolved) and go.sum         main-module.ts
//   scanMainModule          the main module's packages                    load.ts
//   loadFromRoots           load "all", adding modules, until stable      load.ts
//   tidyRoots               the fewest requirements keeping every package roots.ts
//   applyGoFlag             -go's version as the go root                  goversion.ts
//   checkPackageErrors      package errors: stop, or log with -e          load.ts
//   checkMultiplePaths      one replacement used for two module paths     roots.ts
//   decideGoAndToolchain    the go and toolchain lines                    goversion.ts
//   buildGoMod              the new go.mod                                gomod.ts
//   checkTidyCompatibility  -compat: older Go would select the same       compat.ts
//   buildGoSum              the new go.sum (keepSums)                     gosum.ts
//   explain                 each change and why                           changes.ts

import { resolve } from "node:path";
import { deferScanner } from "../scan/deferred.js";
import { tidyGoFlags } from "../settings/goflags.js";
import type { Scanner } from "../scan/scanner.js";
import { createScanner } from "../scan/source-scanner.js";
import { explain } from "./changes.js";
import { checkTidyCompatibility } from "./compat.js";
import { fetchSources, newContext, TidyContext } from "./context.js";
import { graphTooNew, TidyErrors } from "./errors.js";
import { buildGoMod } from "./gomod.js";
import { buildGoSum, sumRequirements } from "./gosum.js";
import { initialRootsOf } from "./initial-roots.js";
import { applyGoFlag, compatGoVersion, decideGoAndToolchain } from "./goversion.js";
import { checkPackageErrors, loadFromRoots, scanMainModule } from "./load.js";
import { ModFileFlag, readMainModule, readModuleFiles } from "./main-module.js";
import type { TidyOptions, TidyResult } from "./options.js";
import { checkMultiplePaths, logRootsNotLoaded, tidyRoots } from "./roots.js";

export { TidyErrors } from "./errors.js";
export type { TidyOptions, TidyProgress, TidyResult } from "./options.js";
export { ModuleError, InvalidVersionError } from "../module/errors.js";

/**
 * tidy computes the tidied go.mod and go.sum of the module at options.root. Errors the go
 * command would report come as TidyErrors, each line as it prints it.
 */
export async function tidy(options: TidyOptions): Promise<TidyResult> {
  const scanner = options.scanner ?? deferScanner(() => createScanner(), { readsDirFiles: true });
  try {
    return await tidyWith(options, scanner);
  } finally {
    if (scanner !== options.scanner) scanner.close();
  }
}

/** tidyWith is tidy reading package directories through scanner. */
async function tidyWith(options: TidyOptions, scanner: Scanner): Promise<TidyResult> {
  const cwd = options.cwd;
  const files = readModuleFiles(options.root, modFileOf(options));
  const sources = fetchSources(options, files.goSum);
  const main = await readMainModule(options, cwd, files, () => sources().fetcher);
  const ctx = newContext(options, cwd, main, sources(), scanner);
  return tidyMainModule(ctx).catch(async (err: unknown) => {
    const tooNew = graphTooNew(options, err);
    if (!tooNew) throw err;
    // A module graph needing a newer Go. The go command meets it after loading packages
    // from the requirement that leads to it, downloading that module: so does tidy.
    if (tooNew.first) await ctx.moduleDir(tooNew.first).catch(() => undefined);
    throw tooNew.error;
  });
}

/** stopping runs a check and returns the errors that would stop the run, or null. */
function stopping(check: () => void): TidyErrors | null {
  try {
    check();
    return null;
  } catch (err) {
    if (err instanceof TidyErrors) return err;
    throw err;
  }
}

/**
 * modFileOf is the -modfile in effect, the option's or GOFLAGS's, or undefined (also for
 * an empty value, as go takes it). (A GOFLAGS that does not parse was refused before any run.)
 */
function modFileOf(options: TidyOptions): ModFileFlag | undefined {
  let modFile = options.modFile;
  if (modFile === undefined) {
    try {
      modFile = tidyGoFlags(options.settings).modfile;
    } catch {
      modFile = undefined;
    }
  }
  return modFile ? { given: modFile, path: resolve(options.cwd, modFile) } : undefined;
}

/** tidyMainModule runs the phases after reading the main module. */
async function tidyMainModule(ctx: TidyContext): Promise<TidyResult> {
  const loaded = await loadFromRoots(ctx, await scanMainModule(ctx));
  // As the go command: the requirements are tidied (and -go applied) before the package
  // errors are reported, so that an error of tidying comes first, or alone without -e.
  // Requirements -e could not tidy are left as they are: -go is not applied to them.
  const roots = await tidyRoots(ctx, loaded);
  const tidied = roots.tidied ? await applyGoFlag(ctx.options, ctx.go, ctx.requirements, roots.rs) : roots.rs;
  if (roots.tidied) logRootsNotLoaded(ctx, loaded.rs, tidied);
  // Both checks report before the run stops, as the go command records its errors and
  // exits after them.
  const packageErrors = stopping(() => checkPackageErrors(ctx, loaded));
  // The go command has read the graph of the requirements it ends with where tidying them
  // did (see tidyRoots), or -go was applied.
  const pathErrors = stopping(() => checkMultiplePaths(ctx, tidied, roots.graphRead || tidied !== roots.rs));
  if (packageErrors && pathErrors) throw new TidyErrors([...packageErrors.lines, ...pathErrors.lines], [...packageErrors.errors, ...pathErrors.errors]);
  if (packageErrors ?? pathErrors) throw packageErrors ?? pathErrors;
  const lines = decideGoAndToolchain(ctx.main.file, tidied);
  const view = initialRootsOf.get(ctx)?.view();
  const goMod = buildGoMod(ctx.main, tidied, lines, view ?? loaded.initial, view !== undefined);
  ctx.options.onUnused?.(goMod.unused);
  const compat = compatGoVersion(ctx.options.compatVersion, lines.go);
  const compatGraph = await checkTidyCompatibility(ctx, loaded, tidied, lines.go, compat);
  const sumsOf = await sumRequirements(ctx, loaded.pkgs, tidied, roots.unread);
  const goSum = buildGoSum(ctx, loaded, sumsOf, { go: lines.go, compat, compatGraph });
  const { main } = ctx;
  const changes = explain(ctx, loaded, tidied, goMod.lines, goSum);
  return {
    modulePath: main.path, goModFile: main.gomodPath, goSumFile: main.gosumPath, oldGoMod: main.oldGoMod, currentGoMod: goMod.currentGoMod, newGoMod: goMod.newGoMod,
    oldGoSum: main.oldGoSum, newGoSum: goSum.newGoSum, sumsAdded: sumsAdded(ctx), unused: goMod.unused, diffGoSum: goSum.diffGoSum,
    goModChanges: changes.goModChanges,
    // Explained when first read (see explain).
    get goSumChanges() {
      return changes.goSumChanges;
    },
    get diffGoSumChanges() {
      return changes.diffGoSumChanges;
    },
  };
}

/**
 * sumsAdded reports whether the run verified a checksum that the go.sum read does not
 * hold (go.mod files included: a pruned graph's are read only where the go command reads
 * them, see DeferredGraph).
 */
function sumsAdded(ctx: TidyContext): boolean {
  for (const [k, hs] of ctx.verifier.verified) {
    const at = k.indexOf(" ");
    const recorded = ctx.main.goSum.hashes(k.slice(0, at), k.slice(at + 1));
    for (const h of hs) if (!recorded.includes(h)) return true;
  }
  return false;
}
