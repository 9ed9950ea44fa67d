#!/usr/bin/env node
// Builds dist/ from src/.
//
//   node bin/build.mjs            `npm run build`: the JavaScript, and the type
//                                     declarations with a full type check (a type error
//                                     fails the build)
//   node bin/build.mjs --prepare  npm's prepare script (an install from git or from a
//                                     directory, `npm pack`, `npm publish`): the same
//                                     JavaScript, and the declarations without a type check
//
// esbuild writes two builds (bin/build-options.mjs, shared with the tests' global setup):
// each file of src/ compiled on its own into dist/, for the library entry points, and the
// command line bundled into dist/cli/gotidy-ts.cjs, which bin/gotidy-ts.js runs; both in
// well under a second. The bundle's first line is stamped with a hash of its content,
// which names its V8 code cache (see bin/gotidy-ts.js). tsconfig.json's isolatedModules
// makes tsc reject what a file-by-file compiler could get wrong. tsc writes only the
// declarations (dist/**/*.d.ts). dist/ is emptied first, so that no file of a deleted
// source is left to be packed.
//
// With --prepare, nothing is required beyond what npm gives it:
// - esbuild missing (npm 11 installing from git globally, as pre-commit 4.6.1 and later
//   do, leaves out the devDependencies: npm/cli#8440): the devDependencies' esbuild
//   version alone is installed into a temporary directory, with install scripts off;
// - TypeScript missing: no declarations, and a note on stderr (the command line needs
//   none; installs from the npm registry always have them, built by `npm pack`).
// Nothing is printed on stdout, where `npm pack` prints the tarball's name.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildPackage } from "./build-options.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const prepare = process.argv.includes("--prepare");
const require = createRequire(join(root, "package.json"));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const note = (line) => process.stderr.write(`gotidy-ts build: ${line}\n`);

/** resolve finds an installed package's file from the project, or null. */
function resolve(request) {
  try {
    return require.resolve(request);
  } catch {
    return null;
  }
}

/** importCommonJS imports a CommonJS module by its path: its module.exports. */
async function importCommonJS(file) {
  const ns = await import(pathToFileURL(file).href);
  return ns.default ?? ns;
}

/** loadEsbuild imports the project's esbuild; with --prepare, a temporary one when there is none. */
async function loadEsbuild() {
  const installed = resolve("esbuild");
  if (installed) return { esbuild: await importCommonJS(installed), done: () => {} };
  if (!prepare) throw new Error("esbuild is not installed: run npm install");
  const spec = `esbuild@${pkg.devDependencies.esbuild}`;
  const dir = mkdtempSync(join(tmpdir(), "gotidy-ts-build-"));
  note(`installing ${spec} to build (the devDependencies are not installed)`);
  const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
  // --global=false: npm passes global=true down in the environment of a global install.
  execFileSync(npm[0], [...npm.slice(1), "install", "--prefix", dir, "--global=false", "--no-save", "--no-package-lock",
    "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error", spec], { cwd: dir, stdio: ["ignore", 2, 2] });
  const main = createRequire(join(dir, "package.json")).resolve("esbuild");
  return { esbuild: await importCommonJS(main), done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** declarations runs tsc for dist/**\/*.d.ts; false when it failed. */
function declarations() {
  const tsc = resolve("typescript/bin/tsc");
  if (!tsc) {
    if (!prepare) throw new Error("TypeScript is not installed: run npm install");
    note("TypeScript is not installed: no type declarations (the command line needs none)");
    return true;
  }
  const args = [tsc, "-p", "tsconfig.json", "--emitDeclarationOnly", ...(prepare ? ["--noCheck"] : [])];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", 2, 2] });
  if (r.status === 0) return true;
  if (prepare) note("tsc could not write the type declarations (see above); the command line needs none");
  return prepare;
}

async function main() {
  const { esbuild, done } = await loadEsbuild();
  try {
    rmSync(join(root, "dist"), { recursive: true, force: true });
    await buildPackage(esbuild, root, root, pkg);
  } finally {
    done();
  }
  return declarations() ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    note(e?.message ?? String(e));
    process.exit(1);
  },
);
