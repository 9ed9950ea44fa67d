#!/usr/bin/env node
// A static file server for the benchmark's cold cases: serves a directory (a module
// cache's cache/download, which has a module proxy's layout) on 127.0.0.1 from several
// worker processes sharing one port, so that concurrent requests are never served one
// after another by a single thread.
//
//   node test/scripts/bench-server.mjs DIR [--workers N] [--tls KEY CERT]
//
// Prints "listening http://127.0.0.1:PORT" (https:// with --tls, which serves HTTPS with
// that key and certificate) on stdout once every worker listens; stops on SIGTERM or when
// stdin closes.

import cluster from "node:cluster";
import { createReadStream, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createTLSServer } from "node:https";
import { availableParallelism } from "node:os";
import { join, normalize, sep } from "node:path";

const args = process.argv.slice(2);
const dir = args[0];
const at = args.indexOf("--workers");
const workers = at >= 0 ? Number(args[at + 1]) : Math.max(2, availableParallelism() * 2);
const tlsAt = args.indexOf("--tls");
const tls = tlsAt >= 0 ? { key: readFileSync(args[tlsAt + 1]), cert: readFileSync(args[tlsAt + 2]) } : null;

/** fileFor maps a request path into dir, or null when it leaves dir or names no file. */
function fileFor(url) {
  const rel = normalize(decodeURIComponent(new URL(url, "http://x").pathname));
  const file = join(dir, rel);
  if (file !== dir && !file.startsWith(dir + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

function serve() {
  const handler = (req, res) => {
    const file = fileFor(req.url);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { "content-length": statSync(file).size });
    createReadStream(file).pipe(res);
  };
  (tls ? createTLSServer(tls, handler) : createServer(handler)).listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => process.send?.("up"));
}

if (cluster.isPrimary) {
  // A free port, chosen once, that every worker listens on (the primary shares it).
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const port = probe.address().port;
    probe.close(() => {
      let up = 0;
      for (let i = 0; i < workers; i++) {
        cluster.fork({ BENCH_PORT: String(port) }).on("message", () => {
          if (++up === workers) process.stdout.write(`listening ${tls ? "https" : "http"}://127.0.0.1:${port}\n`);
        });
      }
    });
  });
  const stop = () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill();
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop).resume();
} else {
  serve();
}
