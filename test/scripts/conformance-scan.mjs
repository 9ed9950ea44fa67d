#!/usr/bin/env node
// Conformance of the package scanner on real code, against the go command's own import
// scanner (scan-oracle.mjs): for every directory below the given roots (default: the
// installed Go's GOROOT/src, whose testdata holds many odd files, and the extracted
// modules of the conformance module cache), the imports and test imports go mod tidy
// would read, or its error, must be the same.
//
//   npm run conformance:scan -- [ROOT...]

import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createScanner } from "../../src/scan/index.js";
import { buildOracle } from "./scan-oracle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
let roots = process.argv.slice(2);
if (roots.length === 0) {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
  roots = [join(goroot, "src")];
  const cache = join(root, ".conformance", "modcache");
  if (existsSync(cache)) roots.push(cache);
}

function dirs(top, out = []) {
  out.push(top);
  let entries;
  try {
    entries = readdirSync(top, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e.isDirectory() && !(top.endsWith("modcache") && e.name === "cache")) dirs(join(top, e.name), out);
  }
  return out;
}

const oracle = buildOracle();
const scanner = await createScanner();
try {
  let total = 0;
  let packages = 0;
  const problems = [];
  for (const top of roots) {
    const list = dirs(top);
    const theirs = oracle.scan(list);
    for (const [i, dir] of list.entries()) {
      total++;
      const want = theirs[i];
      const pkg = await scanner.scanDir(dir);
      let got;
      if (pkg === null) got = { NoGo: true };
      else if (pkg.error) got = { Err: pkg.error };
      else got = { Imports: pkg.imports, TestImports: [...new Set([...pkg.testImports, ...pkg.xTestImports])].sort() };
      // Go's JSON encoder writes each byte of invalid UTF-8 as U+FFFD; we keep such bytes
      // as U+DC80+byte (see src/text/utf8.ts). Compare them as Go prints them.
      const norm = (r) => JSON.stringify({ NoGo: !!r.NoGo, Err: r.Err ?? "", Imports: r.NoGo || r.Err ? [] : r.Imports ?? [], TestImports: r.NoGo || r.Err ? [] : r.TestImports ?? [] })
        .replace(/\\udc[89a-f][0-9a-f]/g, "\ufffd");
      if (!want.NoGo) packages++;
      if (norm(got) !== norm(want)) problems.push(`${relative(top, dir) || "."} (${top}):\n  go:   ${norm(want)}\n  ours: ${norm(got)}`);
    }
    console.log(`${top}: ${list.length} directories compared`);
  }
  console.log(`\n${total} directories (${packages} with Go files), ${total - problems.length} identical`);
  if (problems.length) {
    console.log(`${problems.length} differences:`);
    for (const p of problems.slice(0, 40)) console.log(`- ${p}`);
    process.exit(1);
  }
  console.log("no differences");
} finally {
  scanner.close();
  oracle.close();
}
