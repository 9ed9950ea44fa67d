// Vitest's global setup: builds the package once per test run into a scratch directory, from
// the current TypeScript sources, for the tests that start the executable as a user does
// (bin/gotidy-ts.js in a child process; see cli.ts). Without it they would run dist/, which
// is only as new as the last `npm run build`, and pass or fail on stale code.
//
// esbuild compiles each file of src/ on its own (no bundling, no type check: tsc's job in
// `npm run build`), in well under a second; the scratch package holds what package.json's
// "files" ship (dist/ compiled, the rest copied) and package.json, as the installed package
// does, and links the project's node_modules.

import { build } from "esbuild";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
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
  project.onTestsRerun(() => buildPackage(dir));
  return () => rmSync(dir, { recursive: true, force: true });
}

/** buildPackage compiles every file of src/ into dir/dist and copies the other files that
 * package.json's "files" name (bin/, the grammar) into dir. */
async function buildPackage(dir: string): Promise<void> {
  const src = join(root, "src");
  const entryPoints = readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .map((f) => join(src, f));
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  await build({ entryPoints, outbase: src, outdir: join(dir, "dist"), format: "esm", platform: "node", target: "node20", logLevel: "error" });
  const { files } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
  for (const f of files) {
    if (f !== "dist" && existsSync(join(root, f))) cpSync(join(root, f), join(dir, f), { recursive: true });
  }
}
