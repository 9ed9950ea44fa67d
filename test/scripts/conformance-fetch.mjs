#!/usr/bin/env node
// Sharing the module cache with the go command, both ways, against the real module proxy
// and checksum database (needs go and the network; not part of npm test).
//
// 1. gotidy-ts fills an empty cache with the modules in testdata/conformance/fetch-modules.txt
//    and the go.mod files of their dependency graph (go.sum empty: every hash checked with
//    the checksum database). Then, offline, `go mod download` and `go mod verify` must
//    succeed on that cache, and our hashes must equal go's.
// 2. The go command fills another empty cache; gotidy-ts, with GOPROXY=off, must find
//    everything there and verify it against go's go.sum.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createFetcher, formatGoSum, GoSum, ModuleCache, parseGoMod, parseGoSum, resolveSettings } from "../../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const modules = readFileSync(join(root, "testdata", "conformance", "fetch-modules.txt"), "utf8")
  .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
const work = mkdtempSync(join(tmpdir(), "gotidy-conformance-fetch-"));
const problems = [];

function env(extra) {
  return { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", GOWORK: "off", GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", ...extra };
}

function go(cwd, args, e) {
  const r = spawnSync("go", args, { cwd, env: e, encoding: "utf8", maxBuffer: 1 << 28 });
  return r;
}

/** fetchGraph downloads each module and the go.mod files of everything it requires, recursively. */
async function fetchGraph(fetcher) {
  const seen = new Set();
  const queue = modules.map((m) => m.split("@"));
  let zips = 0;
  while (queue.length) {
    const [path, version] = queue.shift();
    const key = `${path}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const data = await fetcher.goMod(path, version);
    const f = parseGoMod(data, "go.mod", { lax: true });
    for (const r of f.require) queue.push([r.mod.path, r.mod.version]);
    if (modules.includes(key)) {
      await fetcher.stat(path, version);
      await fetcher.download(path, version);
      zips++;
    }
  }
  return { graph: seen.size, zips };
}

try {
  // 1. gotidy-ts fills, go reads.
  const oursCache = join(work, "ours");
  const e1 = env({ GOMODCACHE: oursCache, GOPATH: join(work, "gopath1"), GOPROXY: "https://proxy.golang.org,direct", GOSUMDB: "sum.golang.org" });
  const { fetcher, verifier } = createFetcher({ env: e1, settings: resolveSettings(e1) });
  const t0 = Date.now();
  const { graph, zips } = await fetchGraph(fetcher);
  console.log(`gotidy-ts filled an empty cache: ${graph} go.mod files, ${zips} modules, ${((Date.now() - t0) / 1000).toFixed(1)}s, every hash checked with sum.golang.org`);
  const sum = new GoSum();
  for (const [k, hs] of verifier.verified) {
    const [p, v] = k.split(" ");
    for (const h of hs) sum.add(p, v, h);
  }
  const mod = join(work, "m1");
  mkdirSync(mod);
  writeFileSync(join(mod, "go.mod"), `module example.com/conformance\n\ngo 1.21\n\nrequire (\n${modules.map((m) => `\t${m.replace("@", " ")}\n`).join("")})\n`);
  writeFileSync(join(mod, "go.sum"), formatGoSum(sum));
  const off = { ...e1, GOPROXY: "off" };
  for (const m of modules) {
    const r = go(mod, ["mod", "download", "-json", m], off);
    const info = JSON.parse(r.stdout || "{}");
    if (r.status !== 0 || info.Error) problems.push(`go mod download ${m} (GOPROXY=off) on our cache: ${info.Error ?? r.stderr}`);
    else if (sum.hashes(info.Path, info.Version)[0] !== info.Sum) problems.push(`${m}: our zip hash differs from go's ${info.Sum}`);
  }
  const verify = go(mod, ["mod", "verify"], off);
  console.log(`go mod verify on gotidy-ts's cache: ${verify.stdout.trim() || verify.stderr.trim()}`);
  if (verify.status !== 0) problems.push(`go mod verify failed: ${verify.stderr}`);

  // 2. go fills, gotidy-ts reads offline.
  const goCache = join(work, "gos");
  const e2 = env({ GOMODCACHE: goCache, GOPATH: join(work, "gopath2"), GOPROXY: "https://proxy.golang.org,direct", GOSUMDB: "sum.golang.org" });
  const mod2 = join(work, "m2");
  mkdirSync(mod2);
  writeFileSync(join(mod2, "go.mod"), readFileSync(join(mod, "go.mod")));
  const dl = go(mod2, ["mod", "download", ...modules], e2);
  if (dl.status !== 0) problems.push(`go mod download: ${dl.stderr}`);
  const goSum = parseGoSum(readFileSync(join(mod2, "go.sum"), "utf8"));
  const e3 = { ...e2, GOPROXY: "off" };
  const requests = [];
  const { fetcher: offline } = createFetcher({ env: e3, settings: resolveSettings(e3), goSum, trace: (l) => { if (/^# get /.test(l)) requests.push(l); } });
  for (const m of modules) {
    const [p, v] = m.split("@");
    try {
      await offline.stat(p, v);
      await offline.goMod(p, v);
      await offline.download(p, v);
    } catch (err) {
      problems.push(`gotidy-ts with GOPROXY=off on go's cache, ${m}: ${err.message}`);
    }
  }
  console.log(`gotidy-ts read go's cache offline: ${modules.length} modules, ${requests.length} requests`);
  if (requests.length) problems.push(`requests made with GOPROXY=off: ${requests.join(", ")}`);
} finally {
  new ModuleCache(work).removeTree(work);
}

if (problems.length) {
  console.log(`\n${problems.length} problems:`);
  for (const p of problems) console.log(`- ${p}`);
  process.exit(1);
}
console.log("\nno differences");
