#!/usr/bin/env node
// Direct-mode interoperability: a module cache filled from git by one tool is read
// offline (GOPROXY=off) by the other.
//
//   npm run test:direct-interop -- [NAME ...] [--keep]
//
// Needs the go command and git; no network beyond 127.0.0.1. The package is built from
// the current sources into a scratch directory. For each testdata/direct scenario that go
// records as succeeding (or only those NAMEs), with its git server, module proxy and
// checksum database running as the replay runs them (test/fetch/direct-scenarios.test.ts):
//
//   gotidy-ts fills: the gotidy-ts executable tidies the main module in direct mode into an
//   empty module cache (exit 0, the go.mod and go.sum go recorded); then, with GOPROXY=off,
//   `go mod verify` says "all modules verified", `go build ./...` succeeds and `go mod
//   tidy` succeeds and changes neither file.
//   go fills: go mod tidy fills another empty cache in direct mode; with its go.mod and no
//   go.sum, gotidy-ts and go mod tidy then run with GOPROXY=off on that cache, and gotidy-ts
//   must end as go does (exit status, go.mod, go.sum).
//
// Prints one line per scenario and the totals; exit status 1 on any failure.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { buildScratchPackage, scratchDir, start } from "../support/e2e-kit.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { startGitServer } from "../support/git-server.js";
import { directEnv } from "../support/direct-env.js";
import { startScenarioSumDB } from "../support/scenario-sumdb.js";
import { root } from "../support/paths.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const args = process.argv.slice(2);
const keep = args.includes("--keep");
const only = args.filter((a) => !a.startsWith("--"));
const dir = join(root, "testdata", "direct");
const isModuleFile = (name) => !/^(repo|proxy|want|home)\//.test(name) && !["repos", "env", "sumdb"].includes(name);
const read = (file) => (existsSync(file) ? readFileSync(file, "utf8") : "");

const work = scratchDir("gotidy-direct-interop-");
const figures = { scenarios: 0, gotidyFilled: 0, goFilled: 0, goRuns: 0, gotidyRuns: 0, modules: 0 };
const failures = [];

/** scenario runs both directions for one archive and returns what went wrong (empty: nothing). */
async function scenario(bin, name, archive) {
  const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
  const problems = [];
  const proxy = await startArchiveProxy(inputs);
  const server = await startGitServer(inputs, { proxyURL: proxy.url });
  const sumdb = await startScenarioSumDB(inputs);
  const w = join(work, name);
  try {
    const base = directEnv(w, server.url, txtarFile(archive, "env") ?? "", proxy.url, server.root, sumdb.gosumdb);
    // One build cache for every go run; the executable's code cache off.
    const env = { ...base, GOCACHE: join(work, "gocache"), GOTELEMETRY: "off", GOTIDYCACHE: "off", NO_COLOR: "1" };
    writeTxtarFiles(w, inputs.filter((f) => f.name.startsWith("home/")));
    const fresh = (sub) => {
      const m = join(w, sub);
      rmSync(m, { recursive: true, force: true });
      writeTxtarFiles(m, inputs.filter((f) => isModuleFile(f.name)));
      return m;
    };
    const go = async (cwd, argv, extra = {}) => {
      figures.goRuns++;
      return start("go", argv, cwd, { ...env, ...extra }).done;
    };
    const gotidy = async (cwd, extra = {}) => {
      figures.gotidyRuns++;
      return start(process.execPath, [bin], cwd, { ...env, ...extra }).done;
    };
    const off = (cache) => ({ GOPROXY: "off", GOMODCACHE: cache });

    // gotidy-ts fills the cache; go reads it.
    const cacheA = join(w, "cache-gotidy");
    const a = fresh("a");
    const r = await gotidy(a, { GOMODCACHE: cacheA });
    const wantMod = txtarFile(archive, "want/go.mod"), wantSum = txtarFile(archive, "want/go.sum") ?? "";
    if (r.status !== 0) problems.push(`gotidy-ts (direct) exit ${r.status}: ${r.stderr.trim()}`);
    else if (read(join(a, "go.mod")) !== wantMod || read(join(a, "go.sum")) !== wantSum) problems.push("gotidy-ts (direct): go.mod or go.sum differs from go's recording");
    else {
      figures.modules += read(join(a, "go.sum")).split("\n").filter((l) => l && !l.includes("/go.mod ")).length;
      const v = await go(a, ["mod", "verify"], { ...off(cacheA), GOFLAGS: "-mod=mod -modcacherw" });
      if (v.status !== 0 || v.stdout.trim() !== "all modules verified") problems.push(`go mod verify on gotidy-ts's cache: exit ${v.status}: ${(v.stdout + v.stderr).trim()}`);
      const b = await go(a, ["build", "./..."], off(cacheA));
      if (b.status !== 0) problems.push(`go build on gotidy-ts's cache: exit ${b.status}: ${b.stderr.trim()}`);
      const t = await go(a, ["mod", "tidy"], off(cacheA));
      if (t.status !== 0) problems.push(`go mod tidy on gotidy-ts's cache: exit ${t.status}: ${t.stderr.trim()}`);
      else if (read(join(a, "go.mod")) !== wantMod || read(join(a, "go.sum")) !== wantSum) problems.push("go mod tidy on gotidy-ts's cache changed go.mod or go.sum");
      if (problems.length === 0) figures.gotidyFilled++;
    }

    // go fills the cache; gotidy-ts reads it.
    const cacheB = join(w, "cache-go");
    const g = fresh("g");
    const filled = await go(g, ["mod", "tidy"], { GOMODCACHE: cacheB });
    if (filled.status !== 0) problems.push(`go mod tidy (direct) exit ${filled.status}: ${filled.stderr.trim()}`);
    else {
      const before = problems.length;
      const tidied = read(join(g, "go.mod"));
      const offline = (sub) => {
        const m = fresh(sub);
        cpSync(join(g, "go.mod"), join(m, "go.mod"));
        rmSync(join(m, "go.sum"), { force: true });
        return m;
      };
      const mt = offline("t"), mg = offline("o");
      const ours = await gotidy(mt, off(cacheB));
      const theirs = await go(mg, ["mod", "tidy"], off(cacheB));
      if (ours.status !== theirs.status) problems.push(`GOPROXY=off on go's cache: gotidy-ts exit ${ours.status}, go exit ${theirs.status}: ${(ours.stderr + "|" + theirs.stderr).trim()}`);
      else if (read(join(mt, "go.mod")) !== read(join(mg, "go.mod")) || read(join(mt, "go.sum")) !== read(join(mg, "go.sum"))) problems.push("GOPROXY=off on go's cache: go.mod or go.sum differs from go's");
      else if (theirs.status === 0 && read(join(mg, "go.mod")) !== tidied) problems.push("go mod tidy with GOPROXY=off changed its own tidy go.mod");
      if (problems.length === before) figures.goFilled++;
    }
  } finally {
    await server.close();
    await proxy.close();
    await sumdb.close();
  }
  return problems;
}

async function main() {
  const bin = await buildScratchPackage(join(work, "pkg"));
  mkdirSync(join(work, "gocache"), { recursive: true });
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar") && (only.length === 0 || only.includes(n.slice(0, -6)))).sort();
  for (const n of names) {
    const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
    if ((txtarFile(archive, "want/status") ?? "").trim() !== "0") continue;
    figures.scenarios++;
    const problems = await scenario(bin, n.slice(0, -6), archive);
    console.log(`${problems.length === 0 ? "ok  " : "FAIL"} ${n.slice(0, -6)}`);
    for (const p of problems) {
      console.log(`     ${p.split("\n").join("\n     ")}`);
      failures.push(`${n.slice(0, -6)}: ${p}`);
    }
  }
}

try {
  await main();
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
  else console.log(`kept ${work}`);
}
console.log(`${figures.scenarios} scenarios: gotidy-ts's cache read by go in ${figures.gotidyFilled}, go's cache read by gotidy-ts in ${figures.goFilled}; ` +
  `${figures.modules} module zips checked by go mod verify; ${figures.goRuns} go runs, ${figures.gotidyRuns} gotidy-ts runs; ${failures.length} failed`);
process.exitCode = failures.length === 0 ? 0 : 1;
