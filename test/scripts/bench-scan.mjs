#!/usr/bin/env node
// Benchmark of the package scanner on a large real module.
//
//   npm run bench:scan -- [DIR | MODULE@VERSION] [--runs N]
//
// Default: k8s.io/kubernetes@v1.31.0, downloaded from the module proxy into
// .conformance/modcache. The first run warms the page cache and is not counted; the
// figures are the median of the other runs, on one core (the scanner reads files
// synchronously). Loading the parser (once, before the runs) is timed on its own.

import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createScanner, scanModule } from "../../src/scan/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const target = args.find((a, i) => !a.startsWith("--") && (runsAt < 0 || i !== runsAt + 1)) ?? "k8s.io/kubernetes@v1.31.0";

let dir = target;
let modulePath = "example.com/bench";
if (target.includes("@")) {
  const modcache = join(root, ".conformance", "modcache");
  const r = spawnSync("go", ["mod", "download", "-json", target], {
    encoding: "utf8", env: { ...process.env, GOMODCACHE: modcache, GOFLAGS: "-modcacherw", GOTOOLCHAIN: "local" },
  });
  const info = JSON.parse(r.stdout);
  if (!info.Dir) throw new Error(`go mod download ${target}: ${info.Error ?? r.stderr}`);
  dir = info.Dir;
  modulePath = info.Path;
}

function goBytes(d) {
  // Total size of the .go files below d, for the MB/s figure (the scanner reads only headers).
  let n = 0;
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) n += goBytes(p);
    else if (e.name.endsWith(".go")) n += statSync(p).size;
  }
  return n;
}

const loadStart = process.hrtime.bigint();
const scanner = await createScanner();
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;
const times = [];
let stats;
let packages = 0;
for (let i = 0; i <= runs; i++) {
  stats = { directories: 0, files: 0 };
  const t = process.hrtime.bigint();
  packages = (await scanModule(scanner, dir, modulePath, { stats })).length;
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (i > 0) times.push(ms);
}
scanner.close();
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const mb = goBytes(dir) / 1e6;
const peak = process.resourceUsage().maxRSS / 1024;
console.log(`scanned ${target}: ${packages} packages, ${stats.directories} directories, ${stats.files} .go files (${mb.toFixed(1)} MB of Go source)`);
console.log(`parser loaded in ${loadMs.toFixed(0)} ms; median of ${runs} warm runs: ${median.toFixed(0)} ms`);
console.log(`${Math.round(stats.files / (median / 1000))} files/s, ${(mb / (median / 1000)).toFixed(1)} MB/s of source, peak RSS ${peak.toFixed(0)} MB`);
