#!/usr/bin/env node
// Starts the command line: dist/cli/gotidy-ts.cjs, the bundle bin/build.mjs writes (see
// bin/build-options.mjs), compiled through node:vm with a V8 code cache, so that a run
// compiles almost nothing. When it cannot be loaded (an install from git whose prepare
// script did not run has no dist/), one line and exit 2.
//
// The code cache: V8's compiled code for the bundle, written when a run ends, into
// $GOTIDYCACHE/v8 (`off`, a relative path or --no-cache: no code cache), else the user cache directory's gotidy-ts/v8
// ($XDG_CACHE_HOME or ~/.cache on Linux, ~/Library/Caches on macOS, %LOCALAPPDATA% on
// Windows). Its name holds the bundle's content hash (the build writes it on the bundle's
// first line), Node's version and the architecture, so that another build or another Node
// never reads it; V8 checks it again and a rejected, unreadable or truncated file is
// ignored (the bundle is then compiled from its source) and rewritten. A run that tidied
// (and so compiled the loading and tidying code) writes a "full" cache, any other run a
// "light" one when there is none: --version does not leave a cache that a tidy run would
// have to outgrow. Files are written to a temporary name and renamed, so a reader never
// sees part of one; a directory that cannot be written leaves runs without a cache.

import buffer from "node:buffer";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import zlib from "node:zlib";

const bundle = fileURLToPath(new URL("../dist/cli/gotidy-ts.cjs", import.meta.url));

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

// A cache file: its payload's CRC-32 (4 bytes, big-endian), then V8's data.
// Node 20.15 and later (isAscii: 20.11); without them, no code cache (or a UTF-8 decoding).
const crc32 = zlib.crc32;
const isAscii = buffer.isAscii;

function readCache(file) {
  try {
    const bytes = readFileSync(file);
    const data = bytes.subarray(4);
    return bytes.length > 4 && bytes.readUInt32BE(0) === crc32(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const head = Buffer.alloc(4);
    head.writeUInt32BE(crc32(data));
    writeFileSync(tmp, Buffer.concat([head, data]));
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

function start() {
  let source;
  try {
    const bytes = readFileSync(bundle);
    // The bundle is ASCII (esbuild escapes the rest): decoded as Latin-1 it needs no UTF-8 decoding.
    source = isAscii?.(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
  } catch (e) {
    return cannotStart(e?.code === "ENOENT" ? "this installation was never built (no dist/)" : String(e?.message ?? e));
  }
  const id = /^\/\/ build ([0-9a-f]+)\n/.exec(source)?.[1];
  const dir = id && typeof crc32 === "function" ? cacheDir() : null;
  const name = (kind) => join(dir, `${id}-${process.version}-${process.arch}-${kind}.bin`);
  let used = null;
  let script;
  for (const kind of dir ? ["full", "light"] : []) {
    const cachedData = readCache(name(kind));
    if (!cachedData) continue;
    script = compile(source, cachedData);
    if (!script.cachedDataRejected) {
      used = kind;
      break;
    }
  }
  const module = { exports: {} };
  try {
    if (!used) script = compile(source);
    script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  } catch (e) {
    return cannotStart(String(e?.message ?? e).split("\n")[0]);
  }
  const cli = module.exports;
  if (dir) {
    process.once("exit", () => {
      const kind = cli.tidied() ? "full" : "light";
      if (used === "full" || used === kind) return;
      try {
        writeCache(name(kind), script.createCachedData());
      } catch {
        // no code cache this time
      }
    });
  }
  cli.run(process.argv.slice(2));
}

function compile(source, cachedData) {
  // The bundle as the body of a CommonJS module's function, as Node's loader wraps it.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {"use strict";${source}\n})`;
  return new vm.Script(wrapped, { filename: bundle, cachedData });
}

start();
