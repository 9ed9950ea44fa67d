#!/usr/bin/env node
// Records what the go command's own import scanner (see scan-oracle.mjs) reads in each
// directory of testdata/scan/cases, into testdata/scan/expected.json.
// With --check, compares instead of writing (exit 1 on drift).

import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildOracle } from "./scan-oracle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const casesDir = join(root, "testdata", "scan", "cases");
const target = join(root, "testdata", "scan", "expected.json");
const check = process.argv.includes("--check");

const oracle = buildOracle();
try {
  const names = readdirSync(casesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const results = oracle.scan(names.map((n) => join(casesDir, n)));
  const expected = {};
  results.forEach((r, i) => {
    const { Dir, ...rest } = r;
    if (rest.Err) rest.Err = rest.Err.split(casesDir + "/").join("");
    expected[names[i]] = rest;
  });
  const text = JSON.stringify(expected, null, 1) + "\n";
  if (check) {
    const same = readFileSync(target, "utf8") === text;
    console.log(same ? "scan recordings: no drift" : "scan recordings: DRIFT in testdata/scan/expected.json");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, text);
  console.log(`recorded ${names.length} directories`);
} finally {
  oracle.close();
}
