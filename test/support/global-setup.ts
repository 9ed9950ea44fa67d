// Vitest's global setup: builds the package once per test run into a scratch directory, from
// the current TypeScript sources, for the tests that start the executable as a user does
// (bin/gotidy-ts.js in a child process; see cli.ts). Without it they would run dist/, which
// is only as new as the last `npm run build`, and pass or fail on stale code.
//
// The build is bin/build.mjs's (the same esbuild options, from bin/build-options.mjs: the
// files of src/ compiled one by one, and the command line's bundle), without the type
// check, tsc's job in `npm run build`; well under a second. The scratch package holds
// what package.json's "files" ship (dist/ built, the rest copied) and package.json, as
// the installed package does, and links the project's node_modules.

import * as esbuild from "esbuild";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { buildPackage as buildDist } from "../../bin/build-options.mjs";
import { root } from "./paths.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** builtPackage is the scratch package's directory, built from src/ for this run. */
    builtPackage: string;
  }
}

/** setup builds the scratch package and hands its directory to the tests (again before each
 * rerun in watch mode, so that edits are seen); the returned teardown removes it. */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), "gotidy-ts-built-"));
  await buildPackage(dir);
  cpSync(join(root, "package.json"), join(dir, "package.json"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  project.provide("builtPackage", dir);
  // The executable's code cache (bin/gotidy-ts.js) goes to the scratch package, not to the
  // user's cache directory; the test processes and their children inherit this.
  process.env.GOTIDYCACHE = join(dir, "cache");
  project.onTestsRerun(() => buildPackage(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}

/** buildPackage builds dist/ from src/ into dir/dist, as bin/build.mjs does, and copies the
 * other files that package.json's "files" name (bin/, the grammar) into dir. */
export async function buildPackage(dir: string): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[]; engines: { node: string } };
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  await buildDist(esbuild, root, dir, pkg);
  for (const f of pkg.files) {
    if (f !== "dist" && existsSync(join(root, f))) cpSync(join(root, f), join(dir, f), { recursive: true });
  }
}
