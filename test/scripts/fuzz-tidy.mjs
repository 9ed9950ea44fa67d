#!/usr/bin/env node
// Differential fuzzing of go mod tidy: random module worlds (test/support/fuzz-world.mjs),
// tidied by the go command and by gotidy-ts (needs go; not part of npm test).
//
//   npm run fuzz:tidy -- [--seed S] [--count N] [--features MIX] [--jobs J] [--out DIR] [--no-shrink] [--spawn] [--show] [--requests]
//   npm run fuzz:tidy -- --shrink WORLD.txtar [OUT.txtar] [--show]
//
// Each world is a testdata/scenarios archive's inputs: its proxy/ entries are served by the
// fake proxy on 127.0.0.1, and each tool runs on its own copy of the main module with its
// own module cache, in the environment test/scripts/record-scenarios.mjs gives go (no
// checksum database; the world's "env" and "goenv" applied the same way). Compared:
// go.mod, go.sum (and any other *.mod and *.sum file of the main module), the exit
// status, stdout, and the stderr lines other than progress lines, in order; with
// --requests also which go.mod files each asked the proxy for (a set).
// gotidy-ts runs in this process through the command line's dispatch() on the current
// sources, or (--spawn, and for worlds with env settings) as a child process.
//
// MIX (default "any"): a name from MIXES in fuzz-world.mjs, "any" (one drawn per world),
// or a comma-separated list of features. On a difference the world is shrunk (delta
// debugging over modules, versions, files and lines, keeping which outputs differ) and the
// minimal world is written to DIR (default .fuzz/tidy/) as a scenario ready for
// record-scenarios.mjs; one per distinct difference. At the end: worlds per mix, the seed
// range, the differences. Exits 1 when any world differed.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dispatch } from "../../src/cli/dispatch.js";
import { modRequests, startArchiveProxy } from "../support/fake-proxy.js";
import { FEATURES, MIXES, rng, world } from "../support/fuzz-world.mjs";
import { runCommand } from "../support/recorder.js";
import { formatTxtar, parseTxtar, writeTxtarFiles } from "../support/txtar.js";
import { option as opt } from "../support/script-options.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const firstSeed = Number(opt("--seed", "1"));
const count = Number(opt("--count", "100"));
const featureArg = opt("--features", "any");
const jobs = Math.max(1, Number(opt("--jobs", "1")));
const outDir = opt("--out", join(root, ".fuzz", "tidy"));
const shrinkOn = !args.includes("--no-shrink");
const spawnAlways = args.includes("--spawn");
const show = args.includes("--show");
const compareRequests = args.includes("--requests");
const maxShrinkRuns = Number(opt("--shrink-runs", "150"));

const mixNames = Object.keys(MIXES);
/** mixOf: the mix name and features a world of this seed is drawn with. */
function mixOf(seed) {
  if (featureArg === "any") {
    const name = mixNames[Math.floor(rng(seed ^ 0x5bd1e995)() * mixNames.length)];
    return { name, features: MIXES[name] };
  }
  if (MIXES[featureArg]) return { name: featureArg, features: MIXES[featureArg] };
  const features = featureArg.split(",").filter(Boolean);
  const unknown = features.filter((f) => !FEATURES.includes(f));
  if (unknown.length) throw new Error(`unknown features: ${unknown.join(", ")} (known: ${FEATURES.join(", ")}; mixes: ${mixNames.join(", ")}, any)`);
  return { name: featureArg, features };
}

const progressLine = /^go: (downloading|finding module|found) /;
const isInput = (f) => !f.name.startsWith("proxy/") && !["flags", "goenv", "env"].includes(f.name);
const fileOf = (files, name) => files.find((f) => f.name === name)?.data;

/** environment: the recorder's environment for one side, with the world's settings. */
function environment(files, side, proxyUrl) {
  const env = {
    PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw",
    GOSUMDB: "off", GOPROXY: proxyUrl, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOWORK: "off",
    GOMODCACHE: join(side, "modcache"), GOPATH: join(side, "gopath"),
  };
  const goenv = fileOf(files, "goenv");
  if (goenv) {
    writeFileSync(join(side, "goenv"), goenv);
    env.GOENV = join(side, "goenv");
    for (const line of goenv.split("\n")) if (line.indexOf("=") > 0) delete env[line.slice(0, line.indexOf("="))];
  }
  for (const line of (fileOf(files, "env") ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).split("$WORK").join(side);
  }
  return env;
}

/** runOurs runs gotidy-ts's command line on dir, in this process or as a child. */
async function runOurs(argv, dir, env, child) {
  if (child) {
    const code = `import(${JSON.stringify(join(root, "src", "cli", "main.ts"))}).then((m) => m.run(process.argv.slice(1)))`;
    const tsx = pathToFileURL(join(root, "node_modules", "tsx", "dist", "loader.mjs")).href;
    return runCommand(process.execPath, ["--import", tsx, "--input-type=module", "-e", code, "--", ...argv], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
  }
  let stdout = "";
  let stderr = "";
  const ctx = { env: { ...env, NO_COLOR: "1" }, cwd: dir, home: env.HOME ?? dir, stdout: { write: (s) => (stdout += s) }, stderr: { write: (s) => (stderr += s) } };
  const status = await dispatch(argv, ctx);
  return { status, stdout, stderr };
}

/** outputs: what a run left and printed, normalized for comparison. */
function outputs(r, side) {
  const mod = join(side, "m");
  const files = {};
  for (const n of readdirSync(mod).filter((n) => /\.(mod|sum)$/.test(n)).sort()) files[n] = readFileSync(join(mod, n), "utf8");
  const norm = (s) => s.split(side).join("$WORK");
  const lines = norm(r.stderr).split("\n").filter((l) => l !== "" && !progressLine.test(l));
  return { files, status: r.status, stdout: norm(r.stdout), stderr: lines };
}

/** runWorld tidies a world with both tools and returns their outputs. */
async function runWorld(files) {
  const proxy = await startArchiveProxy(files);
  const work = mkdtempSync(join(tmpdir(), "gotidy-fuzz-tidy-"));
  try {
    const flags = (fileOf(files, "flags") ?? "").split("\n").filter(Boolean);
    const child = spawnAlways || fileOf(files, "env") !== undefined || fileOf(files, "goenv") !== undefined;
    const sides = {};
    for (const name of ["go", "ts"]) {
      const side = join(work, name);
      writeTxtarFiles(join(side, "m"), files.filter(isInput));
      const env = environment(files, side, proxy.url);
      const before = proxy.requests.length;
      const r = name === "go" ? await runCommand("go", ["mod", "tidy", ...flags], { cwd: join(side, "m"), env }) : await runOurs(flags, join(side, "m"), env, child);
      const out = outputs({ ...r, stderr: r.stderr.split(proxy.url).join("$PROXY"), stdout: r.stdout.split(proxy.url).join("$PROXY") }, side);
      if (compareRequests) out.modRequests = modRequests(proxy.requests.slice(before));
      sides[name] = out;
    }
    return sides;
  } finally {
    await proxy.close();
    await new Promise((res) => spawn("chmod", ["-R", "u+w", work]).on("close", res));
    rmSync(work, { recursive: true, force: true });
  }
}

/** differences: which outputs differ ("" when none). */
function differences({ go, ts }) {
  const out = [];
  const names = [...new Set([...Object.keys(go.files), ...Object.keys(ts.files)])].sort();
  for (const n of names) if (go.files[n] !== ts.files[n]) out.push(n);
  if (go.status !== ts.status) out.push("status");
  if (go.stdout !== ts.stdout) out.push("stdout");
  if (go.stderr.join("\n") !== ts.stderr.join("\n")) out.push("stderr");
  if (go.modRequests && go.modRequests.join("\n") !== ts.modRequests.join("\n")) out.push("mod-requests");
  return out.join(",");
}

/** unitsOf: the groups of the world delta debugging may remove, coarse to fine. */
function unitsOf(files, level) {
  const proxyKey = (f, depth) => {
    const rest = f.name.slice("proxy/".length);
    return depth === 0 ? rest.slice(0, rest.indexOf("@")) : rest.slice(0, rest.indexOf("/", rest.indexOf("@")));
  };
  if (level <= 1) {
    const groups = new Map();
    for (const f of files) {
      let key = null;
      if (f.name.startsWith("proxy/")) key = proxyKey(f, level);
      else if (level === 0 && /^(local|r)\//.test(f.name)) key = f.name.split("/").slice(0, 2).join("/");
      if (key) groups.set(key, [...(groups.get(key) ?? []), f.name]);
    }
    return [...groups.values()].map((names) => ({ kind: "files", names }));
  }
  if (level === 2) return files.filter((f) => f.name !== "go.mod").map((f) => ({ kind: "files", names: [f.name] }));
  const units = [];
  for (const f of files) {
    if (!/(\.mod|\.sum|\.go|^flags|^env|^goenv)$/.test(f.name)) continue;
    f.data.split("\n").forEach((l, i) => {
      if (l.trim() !== "" && !/^(module|package) /.test(l)) units.push({ kind: "line", name: f.name, index: i });
    });
  }
  return units;
}

/** without removes units from a world. */
function without(files, units) {
  const drop = new Set(units.filter((u) => u.kind === "files").flatMap((u) => u.names));
  const lines = new Map();
  for (const u of units) if (u.kind === "line") lines.set(u.name, new Set([...(lines.get(u.name) ?? []), u.index]));
  return files.filter((f) => !drop.has(f.name)).map((f) => {
    const gone = lines.get(f.name);
    if (!gone) return f;
    return { name: f.name, data: f.data.split("\n").filter((_, i) => !gone.has(i)).join("\n") };
  });
}

/**
 * shrink: delta debugging (ddmin's removal half) over modules, versions, files, then
 * lines: at each level, chunks of the level's units, halving in size, are removed while
 * the same outputs still differ with the same first messages (see signature).
 */
async function shrink(files, sig) {
  let runs = 0;
  const stillDiffers = async (candidate) => {
    runs++;
    try {
      const sides = await runWorld(candidate);
      return signature(differences(sides), sides) === sig;
    } catch {
      return false;
    }
  };
  for (let level = 0; level <= 3 && runs < maxShrinkRuns; level++) {
    const base = files;
    let left = unitsOf(base, level);
    const removed = [];
    for (let chunk = Math.max(1, Math.ceil(left.length / 2)); left.length && runs < maxShrinkRuns; chunk = Math.ceil(chunk / 2)) {
      const kept = [];
      for (let at = 0; at < left.length; at += chunk) {
        const part = left.slice(at, at + chunk);
        const candidate = without(base, [...removed, ...part]);
        if (runs < maxShrinkRuns && (await stillDiffers(candidate))) {
          removed.push(...part);
          files = candidate;
        } else kept.push(...part);
      }
      left = kept;
      if (chunk === 1) break;
    }
  }
  return { files, runs };
}

/** signature: what makes two differences the same one (outputs that differ, and go's and our first message, generalized). */
function signature(kind, sides) {
  const first = (s) => (s.stderr.find((l) => !l.startsWith("\t")) ?? `exit ${s.status}`)
    .replace(/example\.(com|net)\/[\w./-]+/g, "P").replace(/v\d+\.\d+\.\d+[\w.+-]*/g, "V").replace(/\d+\.\d+(\.\d+)?/g, "N").replace(/\$WORK\S*/g, "W");
  return `${kind} | go: ${first(sides.go)} | ours: ${first(sides.ts)}`;
}

function describe(kind, sides) {
  const first = (s) => s.stderr.find((l) => !l.startsWith("\t")) ?? "(no message)";
  return `differs in ${kind}; go exit ${sides.go.status}: "${first(sides.go)}"; gotidy-ts exit ${sides.ts.status}: "${first(sides.ts)}"`;
}

const stats = new Map();
const found = new Map();
let differing = 0;
let errors = 0;
const started = Date.now();
mkdirSync(outDir, { recursive: true });

async function fuzzOne(seed) {
  const mix = mixOf(seed);
  const s = stats.get(mix.name) ?? { worlds: 0, differ: 0, goFailed: 0, unstable: 0 };
  stats.set(mix.name, s);
  const files = world(seed, mix.features);
  let sides;
  try {
    sides = await runWorld(files);
  } catch (e) {
    errors++;
    console.log(`seed ${seed} (${mix.name}): the run failed: ${e?.stack ?? e}`);
    return;
  }
  s.worlds++;
  if (sides.go.status !== 0) s.goFailed++;
  const kind = differences(sides);
  if (!kind) return;
  // More go runs tell a difference from go's own run-to-run variation (which error of
  // concurrent work it reports first, such as two failed unzips: one run alone agrees
  // with the first about half the time).
  let unstable = null;
  for (let i = 0; i < 3 && !unstable; i++) unstable = differences({ go: sides.go, ts: (await runWorld(files)).go });
  if (unstable) {
    s.unstable++;
    console.log(`seed ${seed} (${mix.name}): go's own output varies between runs (${unstable}); not counted as a difference`);
    return;
  }
  s.differ++;
  differing++;
  const sig = signature(kind, sides);
  if (found.has(sig)) {
    found.get(sig).seeds.push(seed);
    console.log(`seed ${seed} (${mix.name}): differs (${kind}), as seed ${found.get(sig).seeds[0]}`);
    return;
  }
  const entry = { seeds: [seed], mix: mix.name, kind, sig, description: describe(kind, sides), name: `fuzz-${seed}` };
  found.set(sig, entry);
  console.log(`seed ${seed} (${mix.name}): DIFFERS (${kind}): ${entry.description}`);
  if (show) console.log(JSON.stringify(sides, null, 1));
  writeFileSync(join(outDir, `${entry.name}-full.txtar`), formatTxtar({ comment: "", files }));
  if (shrinkOn) {
    const small = await shrink(files, sig);
    const again = await runWorld(small.files);
    entry.description = describe(kind, again);
    writeFileSync(join(outDir, `${entry.name}.txtar`), formatTxtar({ comment: "", files: small.files }));
    console.log(`  shrunk in ${small.runs} runs to ${small.files.length} files: ${join(outDir, entry.name + ".txtar")}`);
    console.log(`  ${entry.description}`);
    if (show) console.log(JSON.stringify(again, null, 1));
  }
}

// --shrink FILE [OUT]: shrink a saved world (an archive's inputs) instead of fuzzing.
if (args.includes("--shrink")) {
  const at = args.indexOf("--shrink");
  const input = args[at + 1];
  const out = args[at + 2] && !args[at + 2].startsWith("--") ? args[at + 2] : input.replace(/(-full)?\.txtar$/, "-min.txtar");
  const files = parseTxtar(readFileSync(input, "utf8")).files.filter((f) => !f.name.startsWith("want/"));
  const sides = await runWorld(files);
  const kind = differences(sides);
  if (!kind) {
    console.log(`${input}: no difference`);
    process.exit(0);
  }
  const small = await shrink(files, signature(kind, sides));
  const again = await runWorld(small.files);
  writeFileSync(out, formatTxtar({ comment: "", files: small.files }));
  console.log(`${out}: shrunk in ${small.runs} runs to ${small.files.length} files; ${describe(differences(again), again)}`);
  if (show) console.log(JSON.stringify(again, null, 1));
  process.exit(1);
}

/** report prints (and writes DIR/INDEX.md with) what the run found: worlds per mix, seeds, differences. */
function report() {
  const index = [...found.values()].map((e) => `- ${e.name}.txtar (${e.mix}; seeds ${e.seeds.slice(0, 8).join(" ")}${e.seeds.length > 8 ? " ..." : ""}): ${e.description}`);
  writeFileSync(join(outDir, "INDEX.md"), index.join("\n") + (index.length ? "\n" : ""));
  console.log(`\nfuzz:tidy seeds ${firstSeed}..${firstSeed + Math.max(done, 1) - 1} of ${firstSeed}..${firstSeed + count - 1} (features ${featureArg}): ${done} worlds in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const [name, s] of [...stats].sort()) console.log(`  ${name.padEnd(10)} ${String(s.worlds).padStart(6)} worlds, ${String(s.differ).padStart(4)} differing, go failed in ${s.goFailed}, go varied in ${s.unstable}`);
  console.log(`  ${differing} differing worlds, ${found.size} distinct differences, ${errors} runs that failed`);
  for (const line of index) console.log(`  ${line}`);
}

// Stopped early (SIGINT, SIGTERM): the figures so far.
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => {
    console.log(`\nstopped (${sig}) after ${done} worlds`);
    report();
    process.exit(differing || errors ? 1 : 0);
  });
}

const seeds = Array.from({ length: count }, (_, i) => firstSeed + i);
let next = 0;
let done = 0;
await Promise.all(Array.from({ length: jobs }, async () => {
  while (next < seeds.length) {
    const seed = seeds[next++];
    await fuzzOne(seed);
    if (++done % 50 === 0) console.log(`  ${done}/${count} worlds, ${differing} differing (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
}));

report();
process.exit(differing || errors ? 1 : 0);
