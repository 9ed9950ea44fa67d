#!/usr/bin/env node
// Benchmark: gotidy-ts against the go command on real modules, measured in the same run
// with the two commands alternating (go, gotidy-ts, go, gotidy-ts, ...). Needs Go and the
// network (the module proxy); it is not part of npm test.
//
//   npm run bench -- [--modules gin,client-go] [--cases 1,2,3] [--pairs N] [--bin FILE]
//                    [--work DIR] [--cache-env NAME]
//
// Cases (each a line per module; 0 and 6 once per run):
//   0  start-up: `gotidy-ts --version` against `node -e 0` (Node's own floor)
//   1  warm, nothing changed: `gotidy-ts --check` against `go mod tidy -diff`
//   2  warm, after editing a function body in one .go file (before every run)
//   3  warm, after adding an import of a package of a module already in the graph (a
//      different package each pair; the result may be untidy: both must agree)
//   4  cold, modules over HTTP from 127.0.0.1 (bench-server.mjs: several processes):
//      4a with the complete go.sum, 4b with none (checksum database: a local fake, served
//      by the same server, GOSUMDB naming its key; a record for every module version the
//      server holds); 4c as 4a over HTTPS (a certificate for 127.0.0.1 signed by a test CA
//      that SSL_CERT_FILE names to both tools, as a private proxy's own CA would be)
//   5  cold, modules from file:// (5a, 5b as in 4)
//   6  `gotidy-ts --check -r` over a directory of ten tidy modules, against a shell loop of
//      `go mod tidy -diff` in each
//   7  the first run after an upgrade: the module cache warm, every cache of the tool's
//      own cold (gotidy-ts: an empty cache directory through --cache-env and an empty
//      XDG_CACHE_HOME; go: an empty GOCACHE, where its module index lives); with 6, also
//      for the ten modules
// Default: every module, cases 0-7, 5 pairs (10 for case 0).
//
// Cold means an empty module cache, an empty GOCACHE for go and empty caches of gotidy-ts's
// own, and a fresh copy of the module for each run. Warm cases use one module cache that
// both tools share, and a warm-up run of each before the pairs. Figures: the median of
// each tool, the median of the per-pair ratios gotidy-ts/go with their min-max, wall and
// cpu (user+sys of the process and its children, from getrusage), and peak RSS.
// Everything is kept under --work (default: the system's temporary directory), so that a
// second run downloads nothing; cold caches are removed after each run.
// Starts bin/gotidy-ts.js (or --bin): run `npm run build` first.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { hashGoMod } from "../../src/modfile/hash.ts";
import { FakeSumDB, makeKey } from "../support/fake-sumdb.ts";
import { testCerts } from "../support/test-certs.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const modules = {
  gin: "github.com/gin-gonic/gin@v1.10.0",
  cobra: "github.com/spf13/cobra@v1.8.1",
  grpc: "google.golang.org/grpc@v1.65.0",
  "client-go": "k8s.io/client-go@v0.31.2",
  hugo: "github.com/gohugoio/hugo@v0.136.5",
  prometheus: "github.com/prometheus/prometheus@v0.55.0",
  helm: "helm.sh/helm/v3@v3.16.2",
};
const many = [
  "github.com/spf13/cobra@v1.8.1", "github.com/spf13/viper@v1.19.0", "github.com/gin-gonic/gin@v1.10.0",
  "github.com/labstack/echo/v4@v4.12.0", "go.uber.org/zap@v1.27.0", "github.com/go-chi/chi/v5@v5.1.0",
  "github.com/gorilla/mux@v1.8.1", "k8s.io/client-go@v0.31.2", "google.golang.org/grpc@v1.67.1",
  "github.com/prometheus/client_golang@v1.20.5",
];

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}
const picked = option("modules", Object.keys(modules).join(",")).split(",").filter(Boolean);
const cases = new Set(option("cases", "0,1,2,3,4,5,6,7").split(",").map(Number));
const pairs = Number(option("pairs", "5"));
const bin = resolve(option("bin", join(root, "bin", "gotidy-ts.js")));
const work = resolve(option("work", join(tmpdir(), "gotidy-bench")));
const cacheEnv = option("cache-env", "GOTIDYCACHE");
for (const m of picked) if (!modules[m]) throw new Error(`unknown module ${m} (known: ${Object.keys(modules).join(", ")})`);

const modcache = join(work, "modcache");
const baseEnv = {
  ...process.env, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", GOWORK: "off", GOSUMDB: "off",
  GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOPROXY: "https://proxy.golang.org", NO_COLOR: "1",
};
const warmEnv = {
  ...baseEnv, GOMODCACHE: modcache, GOPATH: join(work, "gopath"), GOCACHE: join(work, "gocache"),
  XDG_CACHE_HOME: join(work, "xdg"), [cacheEnv]: join(work, "ourcache"),
};

// ---- running and measuring

/**
 * timed runs argv under /usr/bin/time and bash: wall (measured here), cpu user+sys of the
 * process tree (bash's `times`, from getrusage: to the millisecond, where /usr/bin/time
 * prints 10 ms steps) and its peak RSS (/usr/bin/time).
 */
function timed(argv, cwd, env) {
  return new Promise((done) => {
    const start = process.hrtime.bigint();
    const script = '"$@"; s=$?; echo @@CPU >&2; times >&2; exit $s';
    const p = spawn("/usr/bin/time", ["-f", "@@RSS %M", "bash", "-c", script, "bash", ...argv], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (c) => (out += c));
    p.stderr.on("data", (c) => (err += c));
    p.on("close", (status) => {
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      // (/usr/bin/time says "Command exited with non-zero status N" before its own line.)
      const m = /@@CPU\n.*\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\n(?:Command .*\n)?@@RSS (\d+)\s*$/.exec(err);
      if (!m) throw new Error(`no timing from ${argv.join(" ")}: ${err.slice(-500)}`);
      const cpu = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
      done({ status, wall, cpu, rss: Number(m[5]) / 1024, out: out + err.slice(0, m.index) });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * pairsOf runs go then gotidy-ts, n times; prepare(tool, i) sets up each run and returns
 * { argv, cwd, env, cleanup? }. Returns both tools' runs.
 */
async function pairsOf(n, prepare) {
  const runs = { go: [], ours: [] };
  for (let i = 0; i < n; i++) {
    for (const tool of ["go", "ours"]) {
      const { argv, cwd, env, cleanup } = prepare(tool, i);
      runs[tool].push(await timed(argv, cwd, env));
      cleanup?.();
    }
  }
  return runs;
}

const fmt = (x) => x.toFixed(3);
function stat(runs, key, names = ["go", "ours"]) {
  const ratios = runs.ours.map((r, i) => r[key] / runs.go[i][key]);
  return `${names[0]} ${fmt(median(runs.go.map((r) => r[key])))}s ${names[1]} ${fmt(median(runs.ours.map((r) => r[key])))}s ratio ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`;
}

/** report prints one case's line: wall, cpu, peak RSS and exit statuses (a disagreement is flagged). */
function report(label, runs, names = ["go", "gotidy-ts"], expected = [0, 1]) {
  const rss = (rs) => Math.max(...rs.map((r) => r.rss)).toFixed(0);
  const statuses = (rs) => [...new Set(rs.map((r) => r.status))].join("/");
  const differ = runs.go.filter((r, i) => r.status !== runs.ours[i].status).length;
  const agree = differ === 0 ? "" : `  STATUS DIFFERS in ${differ} of ${runs.go.length} pairs`;
  console.log(`  ${label}`);
  const short = names[0] === "go" ? undefined : names;
  console.log(`      wall ${stat(runs, "wall", short)}`);
  console.log(`      cpu  ${stat(runs, "cpu", short)}`);
  console.log(`      peak RSS ${names[0]} ${rss(runs.go)} MB, ${names[1]} ${rss(runs.ours)} MB; exit ${names[0]} ${statuses(runs.go)}, ${names[1]} ${statuses(runs.ours)}${agree}`);
  for (const [tool, rs] of Object.entries(runs)) {
    const bad = rs.find((r) => !expected.includes(r.status));
    if (bad) console.log(`      ${tool} failed (exit ${bad.status}): ${bad.out.trim().split("\n").slice(-3).join(" | ")}`);
  }
}

// ---- preparing module copies

function go(args, cwd, env = warmEnv) {
  const r = spawnSync("go", args, { cwd, env, encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`go ${args.join(" ")} in ${cwd}: ${r.stderr.slice(0, 800)}`);
  return r.stdout;
}

const removeTree = (dir) => {
  if (!existsSync(dir)) return;
  spawnSync("chmod", ["-R", "u+w", dir]);
  rmSync(dir, { recursive: true, force: true });
};

/** freshCopy copies a module's tidy tree to dir, writable. */
function freshCopy(from, dir) {
  removeTree(dir);
  cpSync(from, dir, { recursive: true });
  spawnSync("chmod", ["-R", "u+w", dir]);
  return dir;
}

/**
 * tidyTree is a tidy copy of path@version (tidied by go with the shared module cache,
 * which that fills), made once and kept under --work.
 */
function tidyTree(spec) {
  const dir = join(work, "trees", spec.replace(/[/@]/g, "_"));
  if (existsSync(join(dir, ".bench-tidy"))) return dir;
  const info = JSON.parse(go(["mod", "download", "-json", spec], work));
  freshCopy(info.Dir, dir);
  go(["mod", "tidy"], dir);
  writeFileSync(join(dir, ".bench-tidy"), "");
  return dir;
}

/** editableFile is a non-test .go file of the module's root package with a function body, and the line after which a statement can go. */
function editableFile(dir) {
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go")).sort()) {
    const lines = readFileSync(join(dir, f), "utf8").split("\n");
    const at = lines.findIndex((l) => /^func .*\{$/.test(l));
    if (at >= 0 && !lines.some((l) => /^package main\b/.test(l))) return { file: f, lines, at };
  }
  // no root package: the first package directory with one
  for (const d of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith(".")).sort((a, b) => a.name.localeCompare(b.name))) {
    const found = editableFile(join(dir, d.name));
    if (found) return { ...found, file: join(d.name, found.file) };
  }
  return null;
}

/** candidateImports lists packages the module's build loads, of other modules, that the edited file's package does not import. */
function candidateImports(dir, relFile) {
  const pkgDir = "./" + dirname(relFile);
  const own = new Set(go(["list", "-f", "{{join .Imports \"\\n\"}}", pkgDir], dir).split("\n"));
  const mainPath = go(["list", "-m"], dir).trim();
  const deps = go(["list", "-deps", "-f", "{{if and (not .Standard) .Module}}{{if ne .Name \"main\"}}{{.ImportPath}} {{.Module.Path}}{{end}}{{end}}", "./..."], dir);
  return deps.split("\n").filter(Boolean).map((l) => l.split(" "))
    .filter(([p, m]) => m !== mainPath && !own.has(p) && !/(^|\/)internal(\/|$)/.test(p.slice(m.length)))
    .map(([p]) => p);
}

// ---- the cases

async function startup() {
  const env = { ...warmEnv };
  for (let i = 0; i < 2; i++) await timed([process.execPath, bin, "--version"], work, env); // the code cache, if any, is written
  const runs = await pairsOf(Math.max(10, pairs * 2), (tool) => ({
    argv: tool === "go" ? [process.execPath, "-e", "0"] : [process.execPath, bin, "--version"], cwd: work, env,
  }));
  console.log(`start-up (${process.version}):`);
  report("(0) gotidy-ts --version against node -e 0 (Node's floor)", runs, ["node -e 0", "gotidy-ts"]);
  // Node 20 reads and parses the certificates of NODE_EXTRA_CA_CERTS at every start, before
  // any JavaScript runs (nodejs/node#40524); with it set, that is part of every figure here.
  if (env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _, ...without } = env;
    const certs = await pairsOf(Math.max(10, pairs * 2), (setting) => ({
      argv: [process.execPath, "-e", "0"], cwd: work, env: setting === "go" ? without : env,
    }));
    report(`(0) node -e 0 with NODE_EXTRA_CA_CERTS=${env.NODE_EXTRA_CA_CERTS} against without`, certs, ["without", "with"]);
  }
}

async function warmCases(name, tree) {
  const dir = freshCopy(tree, join(work, "run", name));
  // As for case 6: files just written are not trusted by gotidy-ts's caches, and the cases
  // measure a checkout older than that (see manyModules).
  await new Promise((r) => setTimeout(r, 2500));
  const goArgv = ["go", "mod", "tidy", "-diff"];
  const ours = [process.execPath, bin, "--check"];
  const argvOf = (tool) => (tool === "go" ? goArgv : ours);
  await timed(goArgv, dir, warmEnv);
  await timed(ours, dir, warmEnv);
  if (cases.has(1)) report("(1) warm, nothing changed (--check | -diff)", await pairsOf(pairs, (tool) => ({ argv: argvOf(tool), cwd: dir, env: warmEnv })));
  const edit = editableFile(dir);
  if (!edit) {
    console.log("  (2), (3): no .go file with a function body to edit");
    return;
  }
  const file = join(dir, edit.file);
  const original = readFileSync(file, "utf8");
  let n = 0;
  const withLine = (line) => [...edit.lines.slice(0, edit.at + 1), line, ...edit.lines.slice(edit.at + 1)].join("\n");
  if (cases.has(2)) {
    const runs = await pairsOf(pairs, (tool) => {
      writeFileSync(file, withLine(`\t_ = ${++n} // edited by the benchmark`));
      return { argv: argvOf(tool), cwd: dir, env: warmEnv };
    });
    writeFileSync(file, original);
    report(`(2) warm, a function body edited (${edit.file})`, runs);
  }
  if (cases.has(3)) {
    const candidates = candidateImports(dir, edit.file);
    if (candidates.length === 0) console.log("  (3): no package of another module to import");
    else {
      const importAt = edit.lines.findIndex((l) => /^import\b/.test(l));
      // The result cache forgets what earlier runs of this case found, so that every pair
      // measures a state it has not seen (an earlier bench run used the same packages).
      rmSync(join(warmEnv[cacheEnv], "check"), { recursive: true, force: true });
      const used = [];
      const runs = await pairsOf(pairs, (tool, i) => {
        const pkg = candidates[i % candidates.length];
        if (tool === "go") used.push(pkg);
        const lines = [...edit.lines];
        lines.splice(importAt >= 0 ? importAt : edit.at, 0, `import _ ${JSON.stringify(pkg)}`);
        writeFileSync(file, lines.join("\n"));
        return { argv: argvOf(tool), cwd: dir, env: warmEnv };
      });
      writeFileSync(file, original);
      report(`(3) warm, an import added to ${edit.file} (${used[0]}${used.length > 1 ? `, ${used.length - 1} more` : ""})`, runs);
    }
  }
}

/**
 * servedVersions lists what the served module cache (a proxy's layout) holds: each
 * module version with a go.mod, and its zip's hash when the zip is there (go wrote it
 * beside the zip, in the .ziphash file).
 */
function servedVersions(proxyRoot) {
  const out = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const sub = join(dir, e.name);
      if (e.name !== "@v") {
        if (dir === proxyRoot && e.name === "sumdb") continue;
        walk(sub);
        continue;
      }
      const path = relative(proxyRoot, dir).split(sep).join("/").replace(/!([a-z])/g, (_, c) => c.toUpperCase());
      const names = new Set(readdirSync(sub).filter((f) => /\.(mod|ziphash)$/.test(f)).map((f) => f.replace(/\.(mod|ziphash)$/, "")));
      for (const v of names) {
        const version = v.replace(/!([a-z])/g, (_, c) => c.toUpperCase());
        const read = (ext) => (existsSync(join(sub, v + ext)) ? readFileSync(join(sub, v + ext)) : null);
        const goMod = read(".mod");
        out.push({ path, version, goModHash: goMod ? hashGoMod(goMod) : null, zipHash: read(".ziphash")?.toString("utf8").trim() ?? null });
      }
    }
  };
  walk(proxyRoot);
  return out;
}

/**
 * seedFor writes a fake checksum database (test/support/fake-sumdb.ts, its own signing
 * key) into the served module cache, holding a record for every module version served:
 * both hashes, as the real database's records do; where the zip or the go.mod is not
 * served, its hash is a placeholder no run can check (there is nothing to fetch).
 */
function seedFor() {
  const proxyRoot = join(modcache, "cache", "download");
  const key = makeKey("bench.sumdb");
  const db = new FakeSumDB(key);
  const placeholder = "h1:" + Buffer.alloc(32).toString("base64");
  for (const v of servedVersions(proxyRoot)) {
    db.add(`${v.path} ${v.version} ${v.zipHash ?? placeholder}\n${v.path} ${v.version}/go.mod ${v.goModHash ?? placeholder}\n`);
  }
  removeTree(join(proxyRoot, "sumdb", "bench.sumdb"));
  for (const [path, bytes] of db.files()) {
    mkdirSync(dirname(join(proxyRoot, path)), { recursive: true });
    writeFileSync(join(proxyRoot, path), bytes);
  }
  return { proxyRoot, sumdb: key.vkey };
}

/** benchTLS writes, once, the key and certificate files of the HTTPS server (for 127.0.0.1) and names its CA's file. */
let tlsFiles;
function benchTLS() {
  if (tlsFiles) return tlsFiles;
  const certs = testCerts();
  const { key, cert } = certs.pair("good");
  const dir = join(work, "tls");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "key.pem"), key);
  writeFileSync(join(dir, "cert.pem"), cert);
  return (tlsFiles = { key: join(dir, "key.pem"), cert: join(dir, "cert.pem"), caFile: certs.caFile });
}

/** startServer serves dir over HTTP, or over HTTPS with tls (key and certificate files). */
function startServer(dir, tls) {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, [join(root, "test", "scripts", "bench-server.mjs"), dir, ...(tls ? ["--tls", tls.key, tls.cert] : [])], { stdio: ["pipe", "pipe", "inherit"] });
    p.stdout.on("data", (c) => {
      const m = /listening (\S+)/.exec(String(c));
      if (m) done({ url: m[1], stop: () => p.kill("SIGTERM") });
    });
    p.on("exit", (code) => fail(new Error(`bench server exited (${code})`)));
  });
}

/**
 * fillWithoutSum has go tidy a copy of the tree without its go.sum, once, with the shared
 * module cache: such a run downloads more (the zips of the test dependencies of
 * dependencies, to check them), and the cold cases serve that cache.
 */
function fillWithoutSum(name, tree) {
  const done = join(work, "trees", `${name}.nosum-filled`);
  if (existsSync(done)) return;
  const dir = freshCopy(tree, join(work, "run", `${name}-nosum`));
  rmSync(join(dir, "go.sum"));
  go(["mod", "tidy"], dir);
  writeFileSync(done, "");
}

async function coldCases(name, tree, proxies) {
  fillWithoutSum(name, tree);
  const { proxyRoot, sumdb } = seedFor();
  const variants = [];
  if (cases.has(4)) variants.push(["4", "127.0.0.1 HTTP", () => proxies.http]);
  if (cases.has(5)) variants.push(["5", "file://", () => pathToFileURL(proxyRoot).href]);
  for (const [n, where, proxy] of variants) {
    const kinds = [["a", true], ["b", false], ...(n === "4" && proxies.https ? [["c", true]] : [])];
    for (const [v, withSum] of kinds) {
      const https = v === "c";
      const runs = await pairsOf(pairs, (tool, i) => {
        const scratch = join(work, "cold", `${name}-${tool}-${i}`);
        removeTree(scratch);
        const dir = freshCopy(tree, join(scratch, "m"));
        if (!withSum) rmSync(join(dir, "go.sum"));
        const env = {
          ...baseEnv, GOPROXY: https ? proxies.https.url : proxy(), GOMODCACHE: join(scratch, "modcache"), GOPATH: join(scratch, "gopath"),
          GOCACHE: join(scratch, "gocache"), XDG_CACHE_HOME: join(scratch, "xdg"), [cacheEnv]: join(scratch, "ourcache"),
          ...(withSum ? {} : { GOSUMDB: sumdb }),
          ...(https ? { SSL_CERT_FILE: proxies.https.caFile } : {}),
        };
        return { argv: tool === "go" ? ["go", "mod", "tidy"] : [process.execPath, bin], cwd: dir, env, cleanup: () => removeTree(scratch) };
      });
      const over = https ? "127.0.0.1 HTTPS (a test CA in SSL_CERT_FILE)" : where;
      report(`(${n}${v}) cold, ${over}, ${withSum ? "complete go.sum" : "no go.sum (fake checksum database)"} (tidy | go mod tidy)`, runs, undefined, [0]);
    }
  }
}

async function upgradeCase(name, tree) {
  const dir = freshCopy(tree, join(work, "run", `${name}-upgrade`));
  const runs = await pairsOf(pairs, (tool, i) => {
    const scratch = join(work, "cold", `${name}-upgrade-${tool}-${i}`);
    removeTree(scratch);
    const env = { ...warmEnv, GOCACHE: join(scratch, "gocache"), XDG_CACHE_HOME: join(scratch, "xdg"), [cacheEnv]: join(scratch, "ourcache") };
    const argv = tool === "go" ? ["go", "mod", "tidy", "-diff"] : [process.execPath, bin, "--check"];
    return { argv, cwd: dir, env, cleanup: () => removeTree(scratch) };
  });
  report(`(7) first run after an upgrade: module cache warm, the tool's own caches empty (${cacheEnv}, XDG_CACHE_HOME | GOCACHE)`, runs);
}

async function manyModules() {
  const dir = join(work, "many");
  removeTree(dir);
  mkdirSync(dir, { recursive: true });
  for (const spec of many) cpSync(tidyTree(spec), join(dir, spec.split("@")[0].replace(/\//g, "_")), { recursive: true });
  // Files just written are not trusted by gotidy-ts's caches (their times may not change on
  // a second edit, see src/cache/local-scan.ts): the modules are measured as a checkout
  // older than that, not as one made a moment ago.
  await new Promise((r) => setTimeout(r, 2500));
  const loop = 'for d in */; do (cd "$d" && go mod tidy -diff) || s=1; done; exit ${s:-0}';
  const argvOf = (tool) => (tool === "go" ? ["sh", "-c", loop] : [process.execPath, bin, "--check", "-r"]);
  await timed(argvOf("go"), dir, warmEnv);
  await timed(argvOf("ours"), dir, warmEnv);
  console.log(`many modules (${many.length}):`);
  report("(6) --check -r over ten tidy modules | a shell loop of go mod tidy -diff", await pairsOf(pairs, (tool) => ({ argv: argvOf(tool), cwd: dir, env: warmEnv })));
  if (!cases.has(7)) return;
  const runs = await pairsOf(pairs, (tool, i) => {
    const scratch = join(work, "cold", `many-upgrade-${tool}-${i}`);
    removeTree(scratch);
    const env = { ...warmEnv, GOCACHE: join(scratch, "gocache"), XDG_CACHE_HOME: join(scratch, "xdg"), [cacheEnv]: join(scratch, "ourcache") };
    return { argv: argvOf(tool), cwd: dir, env, cleanup: () => removeTree(scratch) };
  });
  report(`(7) the same, first run after an upgrade: module cache warm, the tool's own caches empty (${cacheEnv}, XDG_CACHE_HOME | GOCACHE)`, runs);
}

async function main() {
  mkdirSync(work, { recursive: true });
  console.log(`gotidy-ts: ${bin}; ${go(["version"], work).trim()}; node ${process.version}; ${pairs} pairs; ratio = gotidy-ts/go per pair, median (min-max)`);
  if (cases.has(0)) await startup();
  const cold = cases.has(4) || cases.has(5);
  for (const name of picked) {
    const tree = tidyTree(modules[name]);
    console.log(`${name} (${modules[name]}):`);
    if (cases.has(1) || cases.has(2) || cases.has(3)) await warmCases(name, tree);
    if (cold) {
      const proxyRoot = join(modcache, "cache", "download");
      const server = cases.has(4) ? await startServer(proxyRoot) : null;
      const tlsServer = cases.has(4) ? await startServer(proxyRoot, benchTLS()) : null;
      try {
        await coldCases(name, tree, { http: server?.url, https: tlsServer ? { url: tlsServer.url, caFile: benchTLS().caFile } : undefined });
      } finally {
        server?.stop();
        tlsServer?.stop();
      }
    }
    if (cases.has(7)) await upgradeCase(name, tree);
  }
  if (cases.has(6)) await manyModules();
}

await main();
