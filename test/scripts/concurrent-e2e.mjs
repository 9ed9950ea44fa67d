#!/usr/bin/env node
// Concurrency test: tidy runs sharing one module cache at the same moment.
//
//   npm run test:concurrent -- [--rounds N] [--with-go N] [--keep]
//
// Needs the go command (the reference bytes, `go mod verify`, and go itself as one of
// the two writers); no network beyond 127.0.0.1. The package is built from the current
// sources into a scratch directory. A slow module proxy on 127.0.0.1
// (test/support/e2e-kit.ts) serves modules that the two main modules m1 and m2 both need
// (a, b and c, c being large), so that both runs download and extract the same modules
// into the same cache at the same time.
//
// --rounds N (default 50): two gotidy-ts processes, one on m1 and one on m2, started
// together on a module cache that starts empty; --with-go N (default 25): go mod tidy
// and gotidy-ts together, the same way (which of m1 and m2 each gets alternates).
// After each round: both exited 0 with the bytes go mod tidy writes, nothing ("*.tmp",
// "*.partial") left in the cache, `go mod verify` prints "all modules verified" in both
// modules, and every extracted tree hashes to its .ziphash. Prints the figures; exit
// status 1 on any failure.

import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  buildScratchPackage, debris, goEnv, goModVerify, mainModules, scratchDir, start, startSlowProxy, treesAgainstZiphash, writeMainModule,
} from "../support/e2e-kit.js";
import { option as opt } from "../support/script-options.mjs";

const args = process.argv.slice(2);
const rounds = Number(opt("--rounds", "50"));
const withGo = Number(opt("--with-go", "25"));
const keep = args.includes("--keep");

const work = scratchDir("gotidy-concurrent-");
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

async function main() {
  const bin = await buildScratchPackage(join(work, "pkg"));
  const proxy = await startSlowProxy({ delayMs: 15, chunk: 8192, chunkDelayMs: 2 });
  const modcache = join(work, "modcache");
  const env = goEnv(proxy.url, modcache, join(work, "home"));
  const dirs = { m1: join(work, "m1"), m2: join(work, "m2") };
  try {
    // The bytes go mod tidy writes for each module (in a cache of its own).
    const want = {};
    for (const name of ["m1", "m2"]) {
      writeMainModule(dirs[name], mainModules[name]);
      const r = await start("go", ["mod", "tidy"], dirs[name], { ...env, GOMODCACHE: join(work, "refcache") }).done;
      if (r.status !== 0) throw new Error(`go mod tidy in ${name} failed:\n${r.stderr}`);
      want[name] = { mod: readFileSync(join(dirs[name], "go.mod")), sum: readFileSync(join(dirs[name], "go.sum")) };
    }
    rmSync(join(work, "refcache"), { recursive: true, force: true });

    const tidyWith = (tool, name) => (tool === "go"
      ? start("go", ["mod", "tidy"], dirs[name], env)
      : start(process.execPath, [bin], dirs[name], env));
    let runs = 0;
    let trees = 0;
    const round = async (label, tools) => {
      rmSync(modcache, { recursive: true, force: true });
      for (const name of ["m1", "m2"]) writeMainModule(dirs[name], mainModules[name]);
      const results = await Promise.all(tools.map(([tool, name]) => tidyWith(tool, name).done));
      runs += tools.length;
      tools.forEach(([tool, name], i) => {
        const r = results[i];
        if (r.status !== 0) fail(`${label}: ${tool} in ${name} exited ${r.status ?? r.signal}: ${r.stderr.trim()}`);
        else if (!readFileSync(join(dirs[name], "go.mod")).equals(want[name].mod) || !readFileSync(join(dirs[name], "go.sum")).equals(want[name].sum)) {
          fail(`${label}: ${tool} in ${name} did not write go mod tidy's bytes`);
        }
      });
      const junk = debris(modcache);
      if (junk.length > 0) fail(`${label}: left in the module cache: ${junk.join(" ")}`);
      for (const name of ["m1", "m2"]) {
        const v = await goModVerify(dirs[name], env);
        if (v.status !== 0 || v.stdout.trim() !== "all modules verified") fail(`${label}: go mod verify in ${name}: ${(v.stdout + v.stderr).trim()}`);
      }
      const t = await treesAgainstZiphash(modcache);
      trees += t.checked;
      if (t.bad.length > 0 || t.checked === 0) fail(`${label}: trees not matching their .ziphash: ${t.bad.join("; ") || "none checked"}`);
      if (/round \d*0$/.test(label)) console.log(`  ${label}: ${failures.length} failures so far`);
    };

    const before = failures.length;
    for (let i = 0; i < rounds; i++) await round(`two gotidy-ts, round ${i + 1}`, [["gotidy-ts", "m1"], ["gotidy-ts", "m2"]]);
    const ownFailures = failures.length - before;
    for (let i = 0; i < withGo; i++) {
      await round(`go and gotidy-ts, round ${i + 1}`, i % 2 === 0 ? [["go", "m1"], ["gotidy-ts", "m2"]] : [["gotidy-ts", "m1"], ["go", "m2"]]);
    }
    console.log(`concurrent-e2e: ${rounds} rounds of two gotidy-ts processes (${ownFailures} failures), ${withGo} rounds of go and gotidy-ts (${failures.length - ownFailures} failures), each on a module cache that starts empty`);
    console.log(`  ${runs} tidy runs; ${trees} extracted trees checked against their .ziphash; go mod verify run ${2 * (rounds + withGo)} times`);
  } finally {
    await proxy.close();
  }
}

try {
  await main();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
} finally {
  if (keep) console.log(`scratch directory kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exitCode = failures.length > 0 ? 1 : 0;
