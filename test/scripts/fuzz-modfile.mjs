#!/usr/bin/env node
// Differential fuzzing of the go.mod and go.sum engine against the go command's own code.
//
//   npm run fuzz:modfile -- [--cases N] [--seed S] [--minutes M] [--batch B] [--out DIR]
//
// Builds a helper (fuzz-modfile.go.txt) from GOROOT's vendored golang.org/x/mod and the
// go.sum reader of cmd/go's modfetch, copied at build time (nothing is downloaded and no
// binary is kept), then feeds it byte-level mutations (test/support/mutate-bytes.js) of
// real go.mod and go.sum files: testdata's, and those of the module cache
// ($(go env GOMODCACHE)/cache/download) when there is one. Each case is answered by the
// helper, in batches through one long-lived process, and by gotidy-ts (the built dist/):
// acceptance, the error text with its position, and the output bytes must agree.
// Modes: go.mod as `go mod edit -fmt` reads it (strict) and as a dependency's (lax);
// go.sum as commands read it (a malformed line is an error) and as go mod tidy does.
// Stops after N cases (default 1,000,000) or M minutes. Every disagreement, crash and case
// slower than 2 s is saved under DIR (default .fuzz/) for replay; exits 1 if there is any.

import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatGoModBytes, formatGoSumBytes, GoModErrorList, GoSumError, parseGoMod, parseGoSum, semver } from "../../dist/index.js";
import { encodeText } from "../../dist/text/utf8.js";
import { mutateBytes } from "../support/mutate-bytes.js";
import { rng } from "../support/mutate.js";
import { parseTxtar } from "../support/txtar.js";
import { option as opt } from "../support/script-options.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const totalCases = Number(opt("--cases", "1000000"));
const seed = Number(opt("--seed", "1"));
const minutes = Number(opt("--minutes", "0"));
const batchSize = Number(opt("--batch", "2000"));
const outDir = opt("--out", join(root, ".fuzz"));
const slowMs = 2000;

const goEnv = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOWORK: "off", GOPROXY: "off", GOSUMDB: "off" };

/** buildHelper compiles the helper in a temporary directory and returns its path. */
function buildHelper(dir) {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
  const xmod = join(goroot, "src", "cmd", "vendor", "golang.org", "x", "mod");
  for (const sub of ["modfile", "module", "semver", "internal/lazyregexp"]) {
    mkdirSync(join(dir, "xmod", sub), { recursive: true });
    for (const f of readdirSync(join(xmod, sub)).filter((n) => n.endsWith(".go") && !n.endsWith("_test.go"))) {
      copyFileSync(join(xmod, sub, f), join(dir, "xmod", sub, f));
    }
  }
  writeFileSync(join(dir, "xmod", "go.mod"), "module golang.org/x/mod\n\ngo 1.23\n");
  // cmd/go's go.sum reader (readGoSum and the hash it drops), with its two calls into
  // cmd/go replaced by the helper's own.
  const fetchGo = readFileSync(join(goroot, "src", "cmd", "go", "internal", "modfetch", "fetch.go"), "utf8");
  const fn = /\nfunc readGoSum\([\s\S]*?\n}\n/.exec(fetchGo)?.[0];
  const hash = /\nconst emptyGoModHash = "[^"]*"\n/.exec(fetchGo)?.[0];
  if (!fn || !hash) throw new Error("cannot find readGoSum in cmd/go/internal/modfetch/fetch.go");
  const reader = fn.replaceAll("cfg.CmdName", "cmdName").replaceAll("base.Fatalf(", "fatalf(");
  writeFileSync(join(dir, "gosum.go"), 'package main\n\nimport (\n\t"bytes"\n\t"strings"\n\n\t"golang.org/x/mod/module"\n)\n' + hash + reader);
  copyFileSync(join(here, "fuzz-modfile.go.txt"), join(dir, "main.go"));
  writeFileSync(join(dir, "go.mod"), "module example.com/fuzzoracle\n\ngo 1.23\n\nrequire golang.org/x/mod v0.0.0\n\nreplace golang.org/x/mod => ./xmod\n");
  const b = spawnSync("go", ["build", "-o", "oracle", "."], { cwd: dir, env: goEnv, encoding: "utf8" });
  if (b.status !== 0) throw new Error(`building the fuzz helper failed:\n${b.stderr}`);
  return join(dir, "oracle");
}

/** Helper is the long-lived helper process: ask() sends a batch and resolves with its answers. */
class Helper {
  constructor(path) {
    this.proc = spawn(path, [], { stdio: ["pipe", "pipe", "inherit"] });
    this.buf = Buffer.alloc(0);
    this.waiting = null;
    this.proc.stdout.on("data", (c) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
      this.drain();
    });
    this.proc.on("exit", (code) => {
      if (this.waiting) this.waiting.reject(new Error(`fuzz helper exited (${code})`));
    });
  }

  drain() {
    const w = this.waiting;
    if (!w) return;
    let at = 0;
    while (w.answers.length < w.count && this.buf.length - at >= 5) {
      const n = this.buf.readUInt32BE(at + 1);
      if (this.buf.length - at < 5 + n) break;
      w.answers.push({ status: String.fromCharCode(this.buf[at]), out: Buffer.from(this.buf.subarray(at + 5, at + 5 + n)) });
      at += 5 + n;
    }
    this.buf = this.buf.subarray(at);
    if (w.answers.length === w.count) {
      this.waiting = null;
      w.resolve(w.answers);
    }
  }

  ask(cases) {
    return new Promise((resolve, reject) => {
      this.waiting = { count: cases.length, answers: [], resolve, reject };
      const parts = [];
      for (const c of cases) {
        const head = Buffer.alloc(5);
        head[0] = c.mode.charCodeAt(0);
        head.writeUInt32BE(c.input.length, 1);
        parts.push(head, c.input);
      }
      this.proc.stdin.write(Buffer.concat(parts));
    });
  }

  close() {
    this.proc.stdin.end();
  }
}

/** ours answers a case the way the helper does: status and bytes. */
function ours(mode, input) {
  try {
    if (mode === "m" || mode === "l") return { status: "0", out: formatGoModBytes(parseGoMod(input, "go.mod", { lax: mode === "l" })) };
    return { status: "0", out: formatGoSumBytes(parseGoSum(input, "go.sum", { skipMalformed: mode === "t" })) };
  } catch (e) {
    if (e instanceof GoModErrorList) return { status: "1", out: encodeText(`go: errors parsing go.mod:\n${e.message}`) };
    if (e instanceof GoSumError) return { status: "1", out: encodeText(e.message + "\n") };
    return { status: "2", out: Buffer.from(String(e?.stack ?? e)) };
  }
}

/**
 * goSumLess is the order go writes go.sum keys in (module.Sort): by path, then by the
 * version's semver part, then by the "/go.mod" suffix when the versions are the same text.
 */
function goSumLess(x, y) {
  const [pi, vfi] = x.split(" ");
  const [pj, vfj] = y.split(" ");
  if (pi !== pj) return Buffer.compare(Buffer.from(pi, "latin1"), Buffer.from(pj, "latin1")) < 0;
  const split = (v) => (v.includes("/") ? [v.slice(0, v.indexOf("/")), v.slice(v.indexOf("/"))] : [v, ""]);
  const [vi, fi] = split(vfi);
  const [vj, fj] = split(vfj);
  if (vi !== vj) return semver.compare(vi, vj) < 0;
  return fi < fj;
}

/**
 * sameUpToEqualKeys reports whether two go.sum outputs hold the same lines, each in an
 * order go's sort accepts. go sorts keys taken from a map, and keys its comparison calls
 * equal ("v1" and "v1.0.0", or two invalid versions) come out in a random order.
 */
function sameUpToEqualKeys(a, b) {
  const la = a.toString("latin1").split("\n");
  const lb = b.toString("latin1").split("\n");
  if (la.length !== lb.length || [...la].sort().join("\n") !== [...lb].sort().join("\n")) return false;
  const keyOf = (l) => l.split(" ").slice(0, 2).join(" ");
  const sorted = (ls) => ls.every((l, i) => i === 0 || l === "" || !goSumLess(keyOf(l), keyOf(ls[i - 1])));
  return sorted(la) && sorted(lb);
}

function walk(dir, match, out = []) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, match, out);
    else if (match(e.name)) out.push(p);
  }
  return out;
}

/** corpus collects real go.mod and go.sum files: testdata's and the module cache's. */
function corpus() {
  const mods = [];
  const sums = [];
  const td = join(root, "testdata");
  for (const f of walk(join(td, "gomod"), (n) => n.endsWith(".in") || n.endsWith(".golden"))) mods.push(readFileSync(f));
  for (const f of walk(join(td, "gosum"), (n) => n.endsWith(".sum"))) sums.push(readFileSync(f));
  for (const f of walk(td, (n) => n.endsWith(".txtar"))) {
    for (const file of parseTxtar(readFileSync(f, "utf8")).files) {
      if (file.name.endsWith("go.mod") || file.name.endsWith(".mod")) mods.push(Buffer.from(file.data));
      if (file.name.endsWith("go.sum")) sums.push(Buffer.from(file.data));
    }
  }
  const cache = spawnSync("go", ["env", "GOMODCACHE"], { encoding: "utf8", env: goEnv }).stdout.trim();
  let cached = 0;
  if (cache && existsSync(join(cache, "cache", "download"))) {
    for (const f of walk(join(cache, "cache", "download"), (n) => n.endsWith(".mod")).slice(0, 20000)) {
      if (statSync(f).size < 1 << 20) {
        mods.push(readFileSync(f));
        cached++;
      }
    }
    for (const f of walk(cache, (n) => n === "go.sum").slice(0, 2000)) {
      if (statSync(f).size < 1 << 20) {
        sums.push(readFileSync(f));
        cached++;
      }
    }
  }
  return { mods: mods.filter((b) => b.length > 0), sums: sums.filter((b) => b.length > 0), cached };
}

function save(kind, index, c, mine, theirs) {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, `${kind}-${seed}-${index}-${c.mode}`);
  writeFileSync(base + ".input", c.input);
  writeFileSync(base + ".ours", Buffer.concat([Buffer.from(mine.status + "\n"), mine.out]));
  if (theirs) writeFileSync(base + ".go", Buffer.concat([Buffer.from(theirs.status + "\n"), theirs.out]));
}

async function main() {
  const { mods, sums, cached } = corpus();
  console.log(`corpus: ${mods.length} go.mod and ${sums.length} go.sum files (${cached} from the module cache)`);
  const dir = mkdtempSync(join(tmpdir(), "gotidy-fuzz-modfile-"));
  const helper = new Helper(buildHelper(dir));
  const rand = rng(seed);
  const counts = { goRandomOrder: 0, cases: 0, agree: 0, accepted: 0, rejected: 0, disagree: 0, crashes: 0, slow: 0, helperCrashes: 0, maxMs: 0, bytes: 0 };
  const byMode = { m: 0, l: 0, s: 0, t: 0 };
  const started = Date.now();
  const deadline = minutes > 0 ? started + minutes * 60_000 : Infinity;
  let lastReport = started;
  try {
    while (counts.cases < totalCases && Date.now() < deadline) {
      const cases = [];
      for (let k = 0; k < Math.min(batchSize, totalCases - counts.cases); k++) {
        const isMod = rand() < 0.7;
        const pool = isMod ? mods : sums;
        const input = mutateBytes(pool[Math.floor(rand() * pool.length)], rand, pool);
        const mode = isMod ? (rand() < 0.6 ? "m" : "l") : (rand() < 0.5 ? "s" : "t");
        cases.push({ mode, input });
      }
      const pending = helper.ask(cases);
      const mine = cases.map((c) => {
        const t = performance.now();
        const r = ours(c.mode, c.input);
        r.ms = performance.now() - t;
        return r;
      });
      const theirs = await pending;
      cases.forEach((c, i) => {
        const index = counts.cases + i;
        const a = mine[i];
        const b = theirs[i];
        byMode[c.mode]++;
        counts.bytes += c.input.length;
        counts.maxMs = Math.max(counts.maxMs, a.ms);
        if (a.ms > slowMs) {
          counts.slow++;
          save("slow", index, c, a, b);
        }
        if (a.status === "2") {
          counts.crashes++;
          save("crash", index, c, a, b);
          return;
        }
        if (b.status === "2") {
          counts.helperCrashes++;
          return;
        }
        if (a.status === b.status && a.out.equals(b.out)) {
          counts.agree++;
          if (a.status === "0") counts.accepted++;
          else counts.rejected++;
        } else if (a.status === "0" && b.status === "0" && (c.mode === "s" || c.mode === "t") && sameUpToEqualKeys(a.out, b.out)) {
          counts.agree++;
          counts.accepted++;
          counts.goRandomOrder++;
        } else {
          counts.disagree++;
          if (counts.disagree <= 200) save("disagree", index, c, a, b);
        }
      });
      counts.cases += cases.length;
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`  ${counts.cases} cases, ${counts.disagree} disagreements, ${counts.crashes} crashes, ${counts.slow} slow (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
  } finally {
    helper.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const secs = (Date.now() - started) / 1000;
  console.log(`fuzz:modfile seed ${seed}: ${counts.cases} cases in ${secs.toFixed(0)} s ` +
    `(go.mod strict ${byMode.m}, lax ${byMode.l}; go.sum ${byMode.s}, tidy ${byMode.t}; ${(counts.bytes / 1e6).toFixed(0)} MB)`);
  console.log(`  agree ${counts.agree} (accepted ${counts.accepted}, of which ${counts.goRandomOrder} go.sum files where go's own order is random; rejected ${counts.rejected}), disagreements ${counts.disagree}, ` +
    `crashes ${counts.crashes}, helper crashes ${counts.helperCrashes}, over ${slowMs} ms ${counts.slow}, slowest ${counts.maxMs.toFixed(0)} ms`);
  if (counts.disagree + counts.crashes + counts.slow > 0) {
    console.log(`  cases saved under ${outDir}`);
    process.exit(1);
  }
}

await main();
