#!/usr/bin/env node
// Starts the command line: dist/cli/gotidy-ts.cjs, the bundle bin/build.mjs writes (see
// bin/build-options.mjs), compiled through node:vm with a V8 code cache, so that a run
// compiles almost nothing. A command line naming --check runs the quick entry's bundle
// (dist/cli/gotidy-ts-quick.cjs, src/cli/quick-main.ts) first: when the result cache
// answers it, nothing else is loaded. When a bundle cannot be loaded (an install from git
// whose prepare script did not run has no dist/), one line and exit 2.
//
// The launcher is CommonJS (bin/package.json says so): Node's ES module loader would cost
// every run a few milliseconds more, for each built-in module imported.
//
// The code cache: V8's compiled code for each bundle, written when a run ends, into
// $GOTIDYCACHE/v8 (`off`, a relative path or --no-cache: no code cache), else the user
// cache directory's gotidy-ts/v8 ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches
// on macOS, %LOCALAPPDATA% on Windows). Its name holds the bundle's content hash (the
// build writes it on the bundle's first line), Node's version and the architecture, so
// that another build or another Node never reads it; V8 checks it again and a rejected,
// unreadable or truncated file is ignored (the bundle is then compiled from its source)
// and rewritten. A run that tidied (and so compiled the loading and tidying code) and
// exited 0 writes a "full" cache of the command line's bundle; one that tidied and exited
// otherwise (it may have stopped early, compiling little) a "partial" one, which the next
// run that exits 0 makes full; any other run a "light" one when there is none: --version
// does not leave a cache that a tidy run would have to outgrow; the quick entry's is
// "quick". Files are written to a temporary name and renamed, so a reader
// never sees part of one; a directory that cannot be written leaves runs without a cache.

const buffer = require("node:buffer");
const { createHash } = require("node:crypto");
const { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { homedir } = require("node:os");
const { dirname, isAbsolute, join } = require("node:path");
const vm = require("node:vm");

const bundle = join(__dirname, "..", "dist", "cli", "gotidy-ts.cjs");
const quickBundle = join(__dirname, "..", "dist", "cli", "gotidy-ts-quick.cjs");

function cannotStart(what) {
  process.stderr.write(`gotidy-ts: cannot start: ${what} (reinstall gotidy-ts: from a packed tarball or the npm registry, or from git with install scripts allowed)\n`);
  process.exitCode = 2;
}

/** cacheDir is where the code cache goes, or null for none. */
function cacheDir() {
  const env = process.env;
  // --no-cache leaves every cache of ours alone for the run, this one too.
  if (process.argv.slice(2).includes("--no-cache")) return null;
  // As src/settings/cache-dir.ts reads it: "off", or a relative path, means no cache.
  if (env.GOTIDYCACHE) return isAbsolute(env.GOTIDYCACHE) ? join(env.GOTIDYCACHE, "v8") : null;
  const home = homedir();
  const base = process.platform === "win32" ? env.LOCALAPPDATA || join(home, "AppData", "Local")
    : process.platform === "darwin" ? join(home, "Library", "Caches")
      : env.XDG_CACHE_HOME || join(home, ".cache");
  return join(base, "gotidy-ts", "v8");
}

// A cache file: its payload's SHA-256 (32 bytes), then V8's data. (node:crypto, which the
// bundles load anyway, rather than node:zlib's CRC-32, which would load node:stream too.)
// isAscii: Node 20.11 and later; without it, a UTF-8 decoding.
const sumLength = 32;
const sum = (data) => createHash("sha256").update(data).digest();
const isAscii = buffer.isAscii;

function readCache(file) {
  try {
    const bytes = readFileSync(file);
    const data = bytes.subarray(sumLength);
    return bytes.length > sumLength && bytes.subarray(0, sumLength).equals(sum(data)) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, Buffer.concat([sum(data), data]));
    renameSync(tmp, file);
    trim(dirname(file));
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** trim keeps the newest files of the code cache (other builds, other Nodes), removing the rest and stale temporary files. */
function trim(dir) {
  const keep = 8;
  const files = readdirSync(dir).map((name) => {
    try {
      return { name, mtime: statSync(join(dir, name)).mtimeMs };
    } catch {
      return { name, mtime: 0 };
    }
  });
  const old = Date.now() - 60_000;
  const stale = files.filter((f) => f.name.endsWith(".tmp") && f.mtime < old);
  const caches = files.filter((f) => f.name.endsWith(".bin")).sort((a, b) => b.mtime - a.mtime);
  for (const f of [...stale, ...caches.slice(keep)]) rmSync(join(dir, f.name), { force: true });
}

/**
 * load reads, compiles and runs a bundle, with the first code cache of kinds (fullest
 * first) that V8 accepts (none when dir is null), and returns its exports and saveCache;
 * its code cache, of the kind chosen then (the first of kinds when chosen is absent), is
 * written by saveCache or else when the process exits, when none was used or that kind is
 * fuller than the one used.
 * V8 takes a cache only under the flags it was made with: one written after v8Flags has
 * changed them is refused by the next run, so saveCache is called before they change.
 * null when it cannot be read or run (cannotStart has said why).
 */
function load(file, dir, kinds, chosen = () => kinds[0]) {
  let source;
  try {
    const bytes = readFileSync(file);
    // The bundle is ASCII (esbuild escapes the rest): decoded as Latin-1 it needs no UTF-8 decoding.
    source = isAscii?.(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch (e) {
    cannotStart(e?.code === "ENOENT" ? "this installation was never built (no dist/)" : String(e?.message ?? e));
    return null;
  }
  const id = /^\/\/ build ([0-9a-f]+)\n/.exec(source)?.[1];
  if (!id) dir = null;
  const name = (kind) => join(dir, `${id}-${process.version}-${process.arch}-${kind}.bin`);
  let used = null;
  let script;
  for (const kind of dir ? kinds : []) {
    const cachedData = readCache(name(kind));
    if (!cachedData) continue;
    script = compile(file, source, cachedData);
    if (!script.cachedDataRejected) {
      used = kind;
      break;
    }
  }
  const module = { exports: {} };
  try {
    if (!used) script = compile(file, source);
    script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  } catch (e) {
    cannotStart(String(e?.message ?? e).split("\n")[0]);
    return null;
  }
  let saved = !dir;
  const saveCache = () => {
    if (saved) return;
    saved = true;
    const kind = chosen(module.exports);
    if (used !== null && kinds.indexOf(used) <= kinds.indexOf(kind)) return;
    try {
      writeCache(name(kind), script.createCachedData());
    } catch {
      // no code cache this time
    }
  };
  if (dir) process.once("exit", saveCache);
  return { exports: module.exports, saveCache };
}

function compile(file, source, cachedData) {
  // The bundle as the body of a CommonJS module's function, as Node's loader wraps it.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`;
  return new vm.Script(wrapped, { filename: file, cachedData });
}

/**
 * v8Flags sets V8 flags for the rest of the run (flags V8 reads as it goes; those read when
 * the heap is made cannot be set here). node:v8 is loaded only then.
 */
function v8Flags(flags) {
  try {
    require("node:v8").setFlagsFromString(flags);
  } catch {
    // V8's defaults
  }
}

/**
 * youngGeneration keeps V8's young generation at its first size for the command line's
 * run. V8 doubles it (to 16 MiB a semi-space, three of them in all) whenever many of its
 * objects survive a scavenge, as they do while a tidy run builds its graph, and that
 * committed memory was most of a run's peak RSS beyond what it holds (138 MB against 98 MB
 * for k8s.io/client-go without its own caches, in the same time). The semi-space sizes are
 * fixed when the heap is made (--max-semi-space-size at run time changes nothing, and a
 * flag on the shebang line is not portable), but the growth factor is read when V8 grows
 * the space. A V8 that refuses a factor under 2 keeps its own.
 */
function youngGeneration() {
  v8Flags("--semi-space-growth-factor=1");
}

/**
 * oldGeneration lets V8's old generation grow by 30% of what a full collection left live
 * before the next one (and by at least V8's own step, 8 MiB), instead of the factor V8
 * picks from the collector's speed, up to four times what is live. A run's old
 * generation fills mostly with objects promoted early from the small young generation,
 * which die soon after, and with the buffers they hold (freed only by a full collection):
 * github.com/gohugoio/hugo, downloaded cold, peaked at about 150 MB with V8's factor and
 * at 122 MB with this one, in the same CPU time (full collections of a heap of 20-40 MB
 * take a few milliseconds, and V8 marks concurrently). It bounds nothing: the heap
 * grows as far as it must.
 */
function oldGeneration() {
  v8Flags("--heap-growing-percent=30");
}

/**
 * baselineWasm keeps the Go parser's WebAssembly (tree-sitter) on V8's baseline compiler,
 * Liftoff. By default V8 recompiles each function that gets hot with its optimizing
 * compiler on background threads, and a run parses too little for that work to pay: a
 * --check of github.com/gin-gonic/gin after an import was added took about a quarter less
 * CPU time without it, and even parsing the headers of 5,000 files of Go's own sources
 * took less CPU time on Liftoff alone. Each function is compiled when first called, not
 * all of the runtime's when it loads: a header read calls a fraction of them (about 5 ms
 * less CPU time on that gin run; src/scan/tree-sitter.ts validates both files whole
 * first, so a damaged one is still refused at load). The flags are read when a
 * WebAssembly module is compiled, so they are set before the command line loads the parser.
 */
function baselineWasm() {
  v8Flags("--liftoff-only");
  v8Flags("--wasm-lazy-compilation");
}

/**
 * laterTierUp lets a JavaScript function run four times as long (in V8's budget of
 * interpreted bytecode) before V8 queues it for its optimizing compiler, TurboFan. By
 * default much of a run's code is optimized on V8's threads although it has little left to
 * do by then. CPU time with it, against V8's default (median of alternating runs, each
 * build with a code cache of its own): a --check of github.com/gin-gonic/gin after an
 * import was added 233 ms against 215 ms; the first --check of github.com/gohugoio/hugo
 * with no cache of ours 2.41 s against 2.08 s; TurboFan off altogether cost the long run
 * a third more instead. A V8 without the flag keeps its own budget.
 */
function laterTierUp() {
  v8Flags("--interrupt-budget=270336");
}

/**
 * finish ends the process once the command line's run is over, when nothing but its
 * output streams is left open and their output is written: Node's own ending would then
 * take the environment and the heap apart piece by piece (about 13 ms after a --check of
 * k8s.io/client-go that loaded its module graph), which exiting leaves to the operating
 * system. Anything else still open (a child process, a socket, a timer, a file operation
 * under way) is waited for as Node waits for it, and the 'exit' handlers run either way.
 */
function finish() {
  if (process.getActiveResourcesInfo().some((r) => r !== "PipeWrap" && r !== "TTYWrap")) return;
  if (process.stdout.writableLength > 0 || process.stderr.writableLength > 0) return;
  process.exit();
}

async function start() {
  const argv = process.argv.slice(2);
  const dir = cacheDir();
  // A --check may be answered by the quick entry alone: true when it was; a miss is told
  // to the command line, which then does not look it up again.
  let quick;
  if (argv.some((a) => a === "--check" || a === "-check")) {
    // The quick entry's run is over in tens of milliseconds, while optimizing its hot loops
    // (the walk over the module's files) costs that much again on V8's threads: it runs
    // on the interpreter and the baseline compiler alone (k8s.io/client-go: 117 ms of CPU
    // with the optimizing compiler, 89 ms without), and the command line gets it back.
    v8Flags("--no-turbofan");
    const entry = load(quickBundle, dir, ["quick"]);
    if (!entry) return;
    quick = await entry.exports.run(argv);
    if (quick === true) return;
    entry.saveCache();
    v8Flags("--turbofan");
  }
  youngGeneration();
  oldGeneration();
  baselineWasm();
  laterTierUp();
  // A run that tidied (and so compiled the loading and tidying code) keeps a "full" cache
  // when it exited 0, else a "partial" one (see the top of this file).
  const tidyKind = () => ((process.exitCode ?? 0) === 0 ? "full" : "partial");
  const cli = load(bundle, dir, ["full", "partial", "light"], (exports) => (exports.tidied() ? tidyKind() : "light"));
  if (!cli) return;
  await cli.exports.run(argv, quick || undefined);
  finish();
}

start();
