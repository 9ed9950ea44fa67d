#!/usr/bin/env node
// Refreshes the Go grammar the scanner loads (src/scan/grammar/): the WebAssembly file and
// license exactly as the tree-sitter-go package ships them, and grammar.json, which names
// the package version and records each file's sha256 (test/scan/grammar.test.ts checks them).
//
//   node test/scripts/update-grammar.mjs [VERSION]     (default: grammar.json's version)
//
// The package is fetched with `npm pack` and unpacked with tar: it is never installed, so its
// install script (which compiles a native addon where no prebuild fits) never runs.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const grammarDir = join(root, "src", "scan", "grammar");
const manifest = join(grammarDir, "grammar.json");
const current = JSON.parse(readFileSync(manifest, "utf8"));
const version = process.argv[2] ?? current.version;
const files = ["tree-sitter-go.wasm", "LICENSE"];

const dir = mkdtempSync(join(tmpdir(), "gotidy-grammar-"));
try {
  const name = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir, `${current.package}@${version}`], { cwd: dir, encoding: "utf8" })
    .trim().split("\n").pop();
  execFileSync("tar", ["xzf", join(dir, name), "-C", dir, ...files.map((f) => `package/${f}`)]);
  const sha256 = {};
  for (const f of files) {
    copyFileSync(join(dir, "package", f), join(grammarDir, f));
    sha256[f] = createHash("sha256").update(readFileSync(join(grammarDir, f))).digest("hex");
  }
  writeFileSync(manifest, JSON.stringify({ package: current.package, version, sha256 }, null, 2) + "\n");
  console.log(`src/scan/grammar/tree-sitter-go.wasm: ${current.package} ${version}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
