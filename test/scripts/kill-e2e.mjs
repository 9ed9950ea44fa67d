#!/usr/bin/env node
// Kill test: SIGKILL gotidy-ts at random points of tidy runs, and at each step of the
// write of go.mod and go.sum, then check what it left.
//
//   npm run test:kill -- [--random N] [--per-step N] [--seed S] [--keep]
//
// Needs the go command (for the reference bytes and `go mod verify`); no network beyond
// 127.0.0.1. The package is built from the current sources into a scratch directory.
// A slow module proxy on 127.0.0.1 (test/support/e2e-kit.ts) answers after a delay and
// sends bodies in small spaced chunks, so that runs spend their time in downloads and
// extraction. The main module (e2e-kit's m1) starts with an untidy go.mod (a stale
// requirement, missing ones) and a go.sum holding lines tidy drops and lacking lines it
// adds, so that old, new and the writer's intermediate go.sum all differ.
//
// The writer's order is go mod tidy's: go.sum first, then go.mod, then go.sum again (go
// also writes go.sum before go.mod, so a kill between the two can leave go's new go.sum
// beside an old go.mod). The first go.sum written is U, tidy's lines plus the old lines
// it drops (src/tidy/write.ts), so the invariant tested after every kill is:
//
//   (go.mod, go.sum) is one of (old, old), (old, U), (new, U), (new, new), byte for byte:
//   each file is whole, and go.sum holds every line of the go.sum belonging to the go.mod
//   beside it (never tidy's go.sum, which lacks the dropped lines, beside the old go.mod).
//
// Kills: --random N runs (default 64) killed after a random delay within the length of
// an uninterrupted run, each starting from an empty module cache, or from the cache an
// earlier kill left (every other run); and --per-step N runs (default 8) for each of the
// six steps of the write, stopped there by the test-only pause point
// GOTIDY_TEST_WRITE_PAUSE (see src/cli/test-pause.ts) and killed while paused: the
// temporary file written and not renamed (the write window), or just renamed.
//
// After each kill: the invariant above; then an uninterrupted run must exit 0 and leave
// exactly the tidy bytes (those `go mod tidy` writes from the same start), no temporary
// file beside go.mod and go.sum and none ("*.tmp", "*.partial") in the module cache;
// `go mod verify` must print "all modules verified", and every extracted tree must hash
// to its .ziphash. Prints the figures; exit status 1 on any failure.

import { existsSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  buildScratchPackage, debris, goEnv, goModVerify, mainModules, scratchDir, start, startSlowProxy, treesAgainstZiphash, writeMainModule,
} from "../support/e2e-kit.js";
import { rng } from "../support/mutate.js";
import { option as opt } from "../support/script-options.mjs";

const args = process.argv.slice(2);
const randomKills = Number(opt("--random", "64"));
const perStep = Number(opt("--per-step", "8"));
const rand = rng(Number(opt("--seed", "1")));
const keep = args.includes("--keep");
const pauseMs = 30_000; // a paused run is killed long before this ends
const steps = ["go.sum written", "go.sum renamed", "go.mod written", "go.mod renamed", "go.sum written", "go.sum renamed"];

const work = scratchDir("gotidy-kill-");
const failures = [];
const fail = (what) => {
  failures.push(what);
  console.log(`  FAIL ${what}`);
};

const read = (f) => (existsSync(f) ? readFileSync(f) : null);
const same = (a, b) => (a === null ? b === null : b !== null && a.equals(b));
const tempsBeside = (dir) => readdirSync(dir).filter((n) => n.endsWith(".tmp"));

async function main() {
  const bin = await buildScratchPackage(join(work, "pkg"));
  const proxy = await startSlowProxy({ delayMs: 40, chunk: 4096, chunkDelayMs: 4 });
  const home = join(work, "home");
  const modcache = join(work, "modcache");
  const mod = join(work, "m");
  const env = goEnv(proxy.url, modcache, home);
  try {
    const { old, tidy, union } = await referenceBytes(mod, modcache, env);
    console.log(`kill-e2e: go.mod ${old.mod.length} -> ${tidy.mod.length} bytes, go.sum ${old.sum.length} -> ${tidy.sum.length} bytes (intermediate ${union.length})`);
    const m1 = { ...mainModules.m1, goSum: old.sum.toString("latin1") };
    const runTidy = (extraEnv = {}, onErr) => start(process.execPath, [bin], mod, { ...env, ...extraEnv }, onErr);

    // An uninterrupted run from an empty cache: our bytes must be go's, and its length sets the kill delays.
    rmSync(modcache, { recursive: true, force: true });
    writeMainModule(mod, m1);
    const t0 = Date.now();
    const clean = await runTidy().done;
    const runMs = Date.now() - t0;
    if (clean.status !== 0) throw new Error(`an uninterrupted run failed:\n${clean.stderr}`);
    if (!same(read(join(mod, "go.mod")), tidy.mod) || !same(read(join(mod, "go.sum")), tidy.sum)) throw new Error("gotidy-ts's tidy bytes differ from go's");
    console.log(`  an uninterrupted run from an empty cache: ${runMs} ms`);

    const states = new Map();
    let tempLeft = 0;
    let kills = 0;
    const check = async (label) => {
      const gotMod = read(join(mod, "go.mod"));
      const gotSum = read(join(mod, "go.sum"));
      const m = same(gotMod, old.mod) ? "old" : same(gotMod, tidy.mod) ? "new" : "PARTIAL";
      const s = same(gotSum, old.sum) ? "old" : same(gotSum, union) ? "U" : same(gotSum, tidy.sum) ? "new" : "PARTIAL";
      const state = `(${m}, ${s})`;
      states.set(state, (states.get(state) ?? 0) + 1);
      if (!["(old, old)", "(old, U)", "(new, U)", "(new, new)"].includes(state)) fail(`${label}: go.mod and go.sum left as ${state}`);
      if (tempsBeside(mod).length > 0) tempLeft++;
      // The next run: tidy bytes, nothing left behind, a sound cache.
      const next = await runTidy().done;
      if (next.status !== 0) fail(`${label}: the next run exited ${next.status}: ${next.stderr.trim()}`);
      if (!same(read(join(mod, "go.mod")), tidy.mod) || !same(read(join(mod, "go.sum")), tidy.sum)) fail(`${label}: the next run did not leave the tidy bytes`);
      const temps = tempsBeside(mod);
      if (temps.length > 0) fail(`${label}: temporary files left beside go.mod after the next run: ${temps.join(" ")}`);
      const junk = debris(modcache);
      if (junk.length > 0) fail(`${label}: left in the module cache after the next run: ${junk.join(" ")}`);
      const verify = await goModVerify(mod, env);
      if (verify.status !== 0 || verify.stdout.trim() !== "all modules verified") fail(`${label}: go mod verify: ${(verify.stdout + verify.stderr).trim()}`);
      const trees = await treesAgainstZiphash(modcache);
      if (trees.bad.length > 0 || trees.checked === 0) fail(`${label}: trees not matching their .ziphash: ${trees.bad.join("; ") || "none checked"}`);
    };

    // Kills at random moments.
    for (let i = 0; i < randomKills; i++) {
      if (i % 2 === 0) rmSync(modcache, { recursive: true, force: true });
      writeMainModule(mod, m1);
      const delay = Math.floor(rand() * runMs * 1.1);
      const run = runTidy();
      const timer = setTimeout(() => run.child.kill("SIGKILL"), delay);
      const r = await run.done;
      clearTimeout(timer);
      if (r.signal === "SIGKILL") kills++;
      if ((i + 1) % 16 === 0) console.log(`  ${i + 1} random kills done, ${failures.length} failures so far`);
      await check(`random kill ${i + 1} after ${delay} ms${r.signal ? "" : ` (ended first, status ${r.status})`}`);
    }

    // Kills at each step of the write.
    for (let k = 0; k < steps.length; k++) {
      for (let j = 0; j < perStep; j++) {
        if (j % 4 === 0) rmSync(modcache, { recursive: true, force: true });
        writeMainModule(mod, m1);
        let seen = 0;
        let step = "";
        const run = runTidy({ GOTIDY_TEST_WRITE_PAUSE: `${k + 1}:${pauseMs}` }, (text, child) => {
          const marks = text.split("\n").filter((l) => l.startsWith("gotidy-ts: test pause: "));
          if (marks.length > k && seen <= k) {
            seen = marks.length;
            step = marks[k].slice("gotidy-ts: test pause: ".length);
            child.kill("SIGKILL");
          }
        });
        const r = await run.done;
        const label = `kill at step ${k + 1} (${steps[k]}), run ${j + 1}`;
        if (r.signal !== "SIGKILL") {
          fail(`${label}: the run was not stopped there (status ${r.status}): ${r.stderr.trim()}`);
          continue;
        }
        if (!step.startsWith(steps[k])) fail(`${label}: stopped at "${step}"`);
        kills++;
        const inWindow = steps[k].endsWith("written");
        const temp = step.split(" ")[2];
        if (inWindow && !existsSync(join(mod, temp))) fail(`${label}: the paused write's temporary file ${temp} is missing`);
        await check(label);
      }
    }

    console.log(`kill-e2e: ${kills} SIGKILLs (${randomKills} at random moments, ${perStep * steps.length} at the ${steps.length} steps of the write), ${failures.length} failures`);
    console.log(`  states found after the kills: ${[...states].map(([s, n]) => `${s} ${n}`).join(", ")}`);
    console.log(`  kills that left a temporary file beside go.mod/go.sum: ${tempLeft} (each removed by the next run)`);
    console.log(`  after every kill: the next run exited 0 with the tidy bytes, no debris, go mod verify clean, trees = .ziphash: ${failures.length === 0 ? "yes" : "NO"}`);
  } finally {
    await proxy.close();
  }
}

/**
 * referenceBytes: the module's starting go.sum (the lines of a and d from a go run that
 * also imports d), and go mod tidy's go.mod and go.sum from that start; U is tidy's
 * go.sum followed by the old lines it drops, as the writer's first go.sum.
 */
async function referenceBytes(mod, modcache, env) {
  const m1 = mainModules.m1;
  writeMainModule(mod, { ...m1, files: { ...m1.files, "d.go": 'package m\n\nimport _ "example.com/d"\n' } });
  const first = await start("go", ["mod", "tidy"], mod, env).done;
  if (first.status !== 0) throw new Error(`go mod tidy failed:\n${first.stderr}`);
  const oldSum = readFileSync(join(mod, "go.sum"), "latin1").split("\n").filter((l) => /^example\.com\/[ad] /.test(l)).map((l) => l + "\n").join("");
  writeMainModule(mod, { ...m1, goSum: oldSum });
  const second = await start("go", ["mod", "tidy"], mod, env).done;
  if (second.status !== 0) throw new Error(`go mod tidy failed:\n${second.stderr}`);
  const tidy = { mod: readFileSync(join(mod, "go.mod")), sum: readFileSync(join(mod, "go.sum")) };
  const tidyLines = new Set(tidy.sum.toString("latin1").split("\n"));
  const dropped = oldSum.split("\n").filter((l) => l && !tidyLines.has(l)).map((l) => l + "\n").join("");
  const old = { mod: Buffer.from(m1.goMod), sum: Buffer.from(oldSum, "latin1") };
  if (dropped === "" || old.mod.equals(tidy.mod)) throw new Error("the fixture must drop go.sum lines and change go.mod");
  rmSync(modcache, { recursive: true, force: true });
  return { old, tidy, union: Buffer.concat([tidy.sum, Buffer.from(dropped, "latin1")]) };
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
