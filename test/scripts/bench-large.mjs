#!/usr/bin/env node
// Large inputs, gotidy-ts beside the go command on the same machine:
//
//   npm run bench:large -- [--lines N] [--binary-mb M]
//
// 1. A go.mod of M MB of random bytes (default 50): both must report the first error
//    (at line 1) without reading the rest; target < 1 s for gotidy-ts.
// 2. A go.sum of N lines (default 1,000,000) in a module with no dependencies, which
//    tidy empties: target <= 2x go's time and <= 500 MB of memory for gotidy-ts.
// Each is run offline (GOPROXY=off) through /usr/bin/time for the wall time and the
// maximum resident set size. Exits 1 when a target is missed.

import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const lines = opt("--lines", 1_000_000);
const binaryMB = opt("--binary-mb", 50);

/** measure runs a command under /usr/bin/time: exit status, seconds, maximum RSS in MB, stderr. */
function measure(cmd, argv, cwd, env) {
  const r = spawnSync("/usr/bin/time", ["-f", "\n@@time %e %M", cmd, ...argv], { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  const m = /@@time ([0-9.]+) ([0-9]+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`cannot measure ${cmd}: ${r.stderr.slice(-500)}`);
  return { status: r.status, seconds: Number(m[1]), mb: Number(m[2]) / 1024, stderr: r.stderr.slice(0, m.index).trim() };
}

function runBoth(dir) {
  const env = {
    PATH: process.env.PATH, HOME: dir, GOENV: "off", GOPROXY: "off", GOSUMDB: "off", GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local",
    GOMODCACHE: join(dir, ".modcache"), GOPATH: join(dir, ".gopath"), GOTELEMETRY: "off",
  };
  const gomod = readFileSync(join(dir, "go.mod"));
  const gosum = (() => {
    try {
      return readFileSync(join(dir, "go.sum"));
    } catch {
      return null;
    }
  })();
  const restore = () => {
    writeFileSync(join(dir, "go.mod"), gomod);
    if (gosum) writeFileSync(join(dir, "go.sum"), gosum);
  };
  const go = measure("go", ["mod", "tidy"], dir, env);
  const goMod = readFileSync(join(dir, "go.mod"));
  const goSum = (() => { try { return readFileSync(join(dir, "go.sum")); } catch { return null; } })();
  restore();
  const ours = measure(process.execPath, [bin], dir, env);
  const ourMod = readFileSync(join(dir, "go.mod"));
  const ourSum = (() => { try { return readFileSync(join(dir, "go.sum")); } catch { return null; } })();
  const same = go.status === ours.status && goMod.equals(ourMod) && (goSum === null ? ourSum === null || ourSum.length === 0 : ourSum !== null && goSum.equals(ourSum));
  return { go, ours, same };
}

function show(name, r) {
  const f = (x) => `${x.seconds.toFixed(2)} s, ${x.mb.toFixed(0)} MB, exit ${x.status}`;
  console.log(`${name}\n  go:        ${f(r.go)}\n  gotidy-ts: ${f(r.ours)}\n  same result: ${r.same}`);
  if (r.go.stderr !== r.ours.stderr) {
    console.log(`  stderr differs:\n    go:        ${r.go.stderr.slice(0, 200)}\n    gotidy-ts: ${r.ours.stderr.slice(0, 200)}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), "gotidy-bench-large-"));
let failed = false;
try {
  // 1. The binary go.mod: pseudo-random bytes from a fixed seed.
  const size = binaryMB << 20;
  const bytes = Buffer.alloc(size);
  let block = createHash("sha256").update("gotidy-ts").digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(bytes, at);
    block = createHash("sha256").update(block).digest();
  }
  writeFileSync(join(dir, "go.mod"), bytes);
  const binary = runBoth(dir);
  show(`go.mod of ${binaryMB} MB of random bytes`, binary);
  if (binary.ours.seconds >= 1 || binary.ours.status === 0 || binary.go.stderr !== binary.ours.stderr) failed = true;

  // 2. The long go.sum: half zip hashes, half go.mod hashes, of modules nothing requires.
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), "package m\n");
  const parts = [];
  for (let i = 0; i < lines / 2; i++) {
    const h = createHash("sha256").update(String(i)).digest("base64");
    parts.push(`example.com/mod${i % 1000}/p${i} v1.${i % 7}.${i % 13} h1:${h}\n`, `example.com/mod${i % 1000}/p${i} v1.${i % 7}.${i % 13}/go.mod h1:${h}\n`);
  }
  // In the order go writes go.sum (by module path; these paths are ASCII and distinct).
  writeFileSync(join(dir, "go.sum"), parts.sort().join(""));
  const sum = runBoth(dir);
  show(`go.sum of ${lines} lines`, sum);
  if (sum.ours.seconds > 2 * sum.go.seconds || sum.ours.mb > 500 || !sum.same) failed = true;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(failed ? "bench:large: a target was missed" : "bench:large: all targets met");
process.exit(failed ? 1 : 0);
