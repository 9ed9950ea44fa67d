#!/usr/bin/env node
// Benchmark: gotidy-ts against go mod tidy on the same real modules, in the same run.
//
//   npm run bench -- [MODULE@VERSION ...] [--runs N]
//
// For each module (default below), its source comes from the module proxy; both tools
// tidy a copy of it:
//   warm:  each tool with its own module cache already filled by a previous run;
//   cold:  each tool with an empty module cache, modules served from 127.0.0.1 (a static
//          server over a module cache filled beforehand, which has the proxy's layout).
// Printed: median wall time of each tool, the ratio gotidy-ts/go, and peak memory (RSS).
// GOSUMDB=off for both (the modules' go.sum files verify what they list).
// Starts the built bin/gotidy-ts.js: run `npm run build` first.

import { spawn, spawnSync } from "node:child_process";
import { cpSync, createReadStream, existsSync, mkdtempSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { ModuleCache } from "../../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
let modules = args.filter((a, i) => !a.startsWith("--") && (runsAt < 0 || i !== runsAt + 1));
if (modules.length === 0) modules = ["github.com/gin-gonic/gin@v1.10.0", "google.golang.org/grpc@v1.65.0", "github.com/spf13/viper@v1.19.0"];

const work = mkdtempSync(join(tmpdir(), "gotidy-bench-"));
const env = (extra) => ({ ...process.env, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", GOWORK: "off", GOSUMDB: "off", GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", ...extra });

/** timed runs a command under /usr/bin/time: wall seconds and peak RSS in MB. */
function timed(cmd, argv, cwd, e) {
  return new Promise((resolve) => {
    const p = spawn("/usr/bin/time", ["-f", "@@TIME %e %M", cmd, ...argv], { cwd, env: e });
    let stderr = "";
    p.stderr.on("data", (c) => (stderr += c));
    p.on("close", (status) => {
      const m = /@@TIME ([\d.]+) (\d+)/.exec(stderr);
      resolve({ status, seconds: m ? Number(m[1]) : NaN, mb: m ? Number(m[2]) / 1024 : NaN, stderr });
    });
  });
}

function serveDir(dir) {
  const server = createServer((req, res) => {
    const rel = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    const file = join(dir, rel);
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200);
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }) })));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
try {
  for (const [i, m] of modules.entries()) {
    const info = JSON.parse(spawnSync("go", ["mod", "download", "-json", m], { env: env({ GOMODCACHE: join(work, "src") }), encoding: "utf8" }).stdout || "{}");
    if (!info.Dir) {
      console.log(`skip ${m}`);
      continue;
    }
    // A module cache holding everything tidy needs, to serve from 127.0.0.1.
    const seed = join(work, `${i}-seed`);
    cpSync(info.Dir, seed, { recursive: true });
    spawnSync("chmod", ["-R", "u+w", seed]);
    const seedCache = join(work, `${i}-seed-cache`);
    spawnSync("go", ["mod", "tidy"], { cwd: seed, env: env({ GOMODCACHE: seedCache, GOPROXY: "https://proxy.golang.org" }) });
    const server = await serveDir(join(seedCache, "cache", "download"));
    const result = { module: m, go: { warm: [], cold: [], mb: 0 }, ours: { warm: [], cold: [], mb: 0 } };
    try {
      for (const [name, cmd, argv] of [["go", "go", ["mod", "tidy"]], ["ours", process.execPath, [bin]]]) {
        for (let r = 0; r < runs; r++) {
          // cold: a fresh copy and an empty cache
          const dir = join(work, `${i}-${name}-${r}`);
          cpSync(info.Dir, dir, { recursive: true });
          spawnSync("chmod", ["-R", "u+w", dir]);
          const cache = join(work, `${i}-${name}-cache-${r}`);
          const e = env({ GOMODCACHE: cache, GOPATH: join(work, `${i}-${name}-path-${r}`), GOPROXY: server.url });
          const cold = await timed(cmd, argv, dir, e);
          if (cold.status !== 0) throw new Error(`${name} failed on ${m}: ${cold.stderr.slice(0, 500)}`);
          // warm: the same copy again, with the cache it just filled
          cpSync(info.Dir, dir, { recursive: true, force: true });
          const warm = await timed(cmd, argv, dir, e);
          result[name].cold.push(cold.seconds);
          result[name].warm.push(warm.seconds);
          result[name].mb = Math.max(result[name].mb, cold.mb, warm.mb);
        }
      }
    } finally {
      await server.close();
    }
    rows.push(result);
    const g = result.go;
    const o = result.ours;
    console.log(`${m}:`);
    console.log(`  warm cache: go ${median(g.warm).toFixed(2)}s, gotidy-ts ${median(o.warm).toFixed(2)}s, ratio ${(median(o.warm) / median(g.warm)).toFixed(2)}`);
    console.log(`  empty cache (127.0.0.1): go ${median(g.cold).toFixed(2)}s, gotidy-ts ${median(o.cold).toFixed(2)}s, ratio ${(median(o.cold) / median(g.cold)).toFixed(2)}`);
    console.log(`  peak RSS: go ${g.mb.toFixed(0)} MB, gotidy-ts ${o.mb.toFixed(0)} MB`);
  }
} finally {
  new ModuleCache(work).removeTree(work);
}
