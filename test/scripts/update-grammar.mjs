#!/usr/bin/env node
// Copies the Go grammar's WebAssembly file (and license) from the installed tree-sitter-go
// devDependency into src/scan/grammar/, where the scanner loads it from.

import { copyFileSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(join(root, "package.json"));
const pkgDir = dirname(require.resolve("tree-sitter-go/package.json"));
const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
copyFileSync(join(pkgDir, "tree-sitter-go.wasm"), join(root, "src", "scan", "grammar", "tree-sitter-go.wasm"));
copyFileSync(join(pkgDir, "LICENSE"), join(root, "src", "scan", "grammar", "LICENSE"));
console.log(`src/scan/grammar/tree-sitter-go.wasm: tree-sitter-go ${version}`);
