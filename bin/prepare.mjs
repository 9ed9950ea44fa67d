// npm's prepare script: builds dist/ with tsc.
//
// npm 11 installing this package globally from git (`npm install -g git+...`, which is
// how pre-commit 4.6.1 and later install a `language: node` hook) runs prepare in a
// fresh clone without installing the devDependencies (npm/cli#8440), so tsc is missing
// there: install them first (--global=false, because that npm passes global=true down
// in the environment; --ignore-scripts, so that prepare does not run again). Nothing is
// printed on stdout, where `npm pack` prints the tarball's name.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ["npm"];
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const opts = { cwd: root, stdio: ["ignore", 2, 2] };
if (!existsSync(tsc)) {
  execFileSync(npm[0], [...npm.slice(1), "install", "--global=false", "--include=dev", "--ignore-scripts", "--no-save", "--no-audit", "--no-fund"], opts);
}
execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], opts);
