#!/usr/bin/env node
// Conformance of the go.mod/go.sum engine on real modules, against the installed go.
//
//   npm run conformance:gomod -- [--modcache DIR] [--fuzz N] [--no-download]
//
// 1. Fills a module cache (default .conformance/modcache) by downloading the projects in
//    testdata/conformance/gomod-projects.txt and their dependencies from the module proxy.
// 2. Every go.mod file in that cache: formatGoMod(parseGoMod(x)) against
//    `go mod edit -fmt -print`, or our error text against go's.
// 3. hashGoMod and hashZip against the go.sum lines of every go.sum in the cache and
//    against the .ziphash files the go command wrote.
// 4. formatGoSum(parseGoSum(x)) against every go.sum in the cache.
// 5. N random mutations of real go.mod files (default 2000), each against go mod edit -fmt.
// Exits 1 on any difference.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import {
  formatGoModBytes, formatGoSum, GoModErrorList, hashGoMod, hashZip, parseGoMod, parseGoSum, unescapePath, unescapeVersion,
} from "../../src/index.js";
import { mutate, rng } from "../support/mutate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const modcache = opt("--modcache", join(root, ".conformance", "modcache"));
const fuzzRounds = Number(opt("--fuzz", "2000"));
const goEnv = { ...process.env, GOMODCACHE: modcache, GOFLAGS: "-mod=mod -modcacherw", GOWORK: "off", GOTOOLCHAIN: "local" };
const problems = [];

function download() {
  const list = readFileSync(join(root, "testdata", "conformance", "gomod-projects.txt"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  mkdirSync(modcache, { recursive: true });
  for (const m of list) {
    const r = spawnSync("go", ["mod", "download", "-json", m], { env: goEnv, encoding: "utf8", maxBuffer: 1 << 26 });
    let info;
    try {
      info = JSON.parse(r.stdout);
    } catch {
      console.log(`  skip ${m}: ${r.stderr.trim().split("\n")[0]}`);
      continue;
    }
    if (!info.Dir) {
      console.log(`  skip ${m}: ${info.Error ?? "no directory"}`);
      continue;
    }
    const d = spawnSync("go", ["mod", "download"], { cwd: info.Dir, env: goEnv, encoding: "utf8", maxBuffer: 1 << 26 });
    console.log(`  ${m}: ${d.status === 0 ? "dependencies downloaded" : "dependencies partly downloaded"}`);
  }
}

function walk(dir, match, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, match, out);
    else if (match(p)) out.push(p);
  }
  return out;
}

/** runPool runs go commands with bounded parallelism. */
async function runPool(jobs, width) {
  const results = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      const { cwd, argv } = jobs[i];
      results[i] = await new Promise((resolve) => {
        const p = spawn("go", argv, { cwd, env: goEnv });
        const out = [];
        const err = [];
        p.stdout.on("data", (c) => out.push(c));
        p.stderr.on("data", (c) => err.push(c));
        p.on("close", (status) => resolve({ status, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString("utf8") }));
      });
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

function ours(bytes, fileName) {
  try {
    return { status: 0, stdout: formatGoModBytes(parseGoMod(bytes, fileName)) };
  } catch (e) {
    if (!(e instanceof GoModErrorList)) return { status: -1, stderr: `CRASH ${e.stack}` };
    return { status: 1, stderr: `go: errors parsing ${fileName}:\n${e.message}\n` };
  }
}

function same(a, b) {
  if (a.status !== b.status) return false;
  return a.status === 0 ? Buffer.compare(a.stdout, b.stdout) === 0 : a.stderr === b.stderr;
}

const width = Math.max(2, cpus().length * 2);

async function compareFormatting(modFiles) {
  const jobs = modFiles.map((f) => ({ cwd: dirname(f), argv: ["mod", "edit", "-fmt", "-print", relative(dirname(f), f)] }));
  const theirs = await runPool(jobs, width);
  let equal = 0;
  let rejected = 0;
  modFiles.forEach((f, i) => {
    const mine = ours(readFileSync(f), relative(dirname(f), f));
    if (same(mine, theirs[i])) {
      equal++;
      if (mine.status !== 0) rejected++;
    } else {
      problems.push(`format ${relative(modcache, f)}: go ${theirs[i].status === 0 ? "accepted" : "rejected"} it, ours ${mine.status === 0 ? "accepted" : "rejected"} it differently`);
    }
  });
  return { equal, rejected };
}

/** cacheKey turns .../cache/download/<escaped path>/@v/<escaped version>.<ext> into its module and version. */
function cacheKey(file) {
  const rel = relative(join(modcache, "cache", "download"), file).split("/");
  const at = rel.indexOf("@v");
  const base = rel[at + 1];
  const dot = base.lastIndexOf(".");
  return { path: unescapePath(rel.slice(0, at).join("/")), version: unescapeVersion(base.slice(0, dot)) };
}

async function compareHashes(modFiles, zipFiles, sums) {
  let modCompared = 0;
  let zipCompared = 0;
  let zipHashFiles = 0;
  for (const f of modFiles) {
    const { path, version } = cacheKey(f);
    const want = sums.get(`${path} ${version}/go.mod`);
    if (!want) continue;
    modCompared++;
    const got = hashGoMod(readFileSync(f));
    if (!want.has(got)) problems.push(`hashGoMod ${path}@${version}: got ${got}, go.sum has ${[...want].join(" ")}`);
  }
  for (const f of zipFiles) {
    const { path, version } = cacheKey(f);
    const got = await hashZip(f);
    const ziphash = f.replace(/\.zip$/, ".ziphash");
    if (existsSync(ziphash)) {
      zipHashFiles++;
      const want = readFileSync(ziphash, "utf8").trim();
      if (got !== want) problems.push(`hashZip ${path}@${version}: got ${got}, .ziphash has ${want}`);
    }
    const want = sums.get(`${path} ${version}`);
    if (!want) continue;
    zipCompared++;
    if (!want.has(got)) problems.push(`hashZip ${path}@${version}: got ${got}, go.sum has ${[...want].join(" ")}`);
  }
  return { modCompared, zipCompared, zipHashFiles };
}

function readSums(sumFiles) {
  const sums = new Map();
  let roundTrip = 0;
  const notRoundTrip = [];
  for (const f of sumFiles) {
    const text = readFileSync(f, "utf8");
    for (const line of text.split("\n")) {
      const fields = line.trim().split(/\s+/);
      if (fields.length !== 3) continue;
      const k = `${fields[0]} ${fields[1]}`;
      if (!sums.has(k)) sums.set(k, new Set());
      sums.get(k).add(fields[2]);
    }
    let formatted;
    try {
      formatted = formatGoSum(parseGoSum(text, f));
    } catch {
      formatted = null;
    }
    if (formatted === text) roundTrip++;
    else notRoundTrip.push(relative(modcache, f));
  }
  return { sums, roundTrip, notRoundTrip };
}

async function fuzz(modFiles) {
  const rand = rng(20261121);
  const tmp = mkdtempSync(join(tmpdir(), "gotidy-fuzz-"));
  try {
    const inputs = [];
    for (let i = 0; i < fuzzRounds; i++) {
      const src = readFileSync(modFiles[Math.floor(rand() * modFiles.length)], "utf8");
      const text = mutate(src, rand);
      const dir = join(tmp, String(i));
      mkdirSync(dir);
      writeFileSync(join(dir, "go.mod"), text);
      inputs.push({ dir, text });
    }
    const theirs = await runPool(inputs.map((x) => ({ cwd: x.dir, argv: ["mod", "edit", "-fmt", "-print", "go.mod"] })), width);
    let equal = 0;
    let accepted = 0;
    inputs.forEach((x, i) => {
      const mine = ours(readFileSync(join(x.dir, "go.mod")), "go.mod");
      if (same(mine, theirs[i])) {
        equal++;
        if (mine.status === 0) accepted++;
      } else {
        problems.push(`fuzz input ${JSON.stringify(x.text)}:\n  go:   ${JSON.stringify(theirs[i].status === 0 ? theirs[i].stdout.toString() : theirs[i].stderr)}\n  ours: ${JSON.stringify(mine.status === 0 ? mine.stdout.toString() : mine.stderr)}`);
      }
    });
    return { equal, accepted };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`go: ${spawnSync("go", ["version"], { encoding: "utf8" }).stdout.trim()}`);
  console.log(`module cache: ${modcache}`);
  if (!args.includes("--no-download")) {
    console.log("downloading projects and their dependencies:");
    download();
  }
  const downloads = join(modcache, "cache", "download");
  const modFiles = walk(downloads, (p) => p.endsWith(".mod") && p.includes("/@v/") && !p.includes("/sumdb/")).sort();
  const zipFiles = walk(downloads, (p) => p.endsWith(".zip") && p.includes("/@v/")).sort();
  // go.sum files of extracted modules: <modcache>/<escaped path>@<version>/.../go.sum
  const sumFiles = readdirSync(modcache).filter((d) => d !== "cache")
    .flatMap((d) => walk(join(modcache, d), (p) => p.endsWith("/go.sum") && relative(modcache, p).includes("@")));
  const modules = new Set(modFiles.map((f) => cacheKey(f).path));
  console.log(`\ngo.mod files: ${modFiles.length} (${modules.size} distinct modules), zips: ${zipFiles.length}, go.sum files: ${sumFiles.length}`);

  const fmt = await compareFormatting(modFiles);
  console.log(`formatting: ${fmt.equal}/${modFiles.length} identical to go mod edit -fmt (${fmt.rejected} of them rejected with go's identical error text)`);

  const { sums, roundTrip, notRoundTrip } = readSums(sumFiles);
  const h = await compareHashes(modFiles, zipFiles, sums);
  console.log(`hashGoMod: ${h.modCompared} go.mod files compared with go.sum lines`);
  console.log(`hashZip: ${zipFiles.length} zips compared with go's .ziphash (${h.zipHashFiles} present), ${h.zipCompared} also with go.sum lines`);
  console.log(`go.sum: ${roundTrip}/${sumFiles.length} files reproduce byte for byte`);
  if (notRoundTrip.length) console.log(`  not reproduced (written by hand or by old tools): ${notRoundTrip.slice(0, 10).join(", ")}`);

  if (fuzzRounds > 0) {
    const fz = await fuzz(modFiles);
    console.log(`fuzz: ${fz.equal}/${fuzzRounds} mutated go.mod files give go's output or error (${fz.accepted} accepted)`);
  }

  if (problems.length) {
    console.log(`\n${problems.length} differences:`);
    for (const p of problems.slice(0, 50)) console.log(`- ${p}`);
    process.exit(1);
  }
  console.log("\nno differences");
}

await main();
