#!/usr/bin/env node
// Records the module graph the go command builds: for each testdata/graph/NAME.txtar (a
// main module, and modules served by the fake proxy from "proxy/<module>@<version>/..."),
// `go list -m all` runs offline against the fake proxy. Recorded: "want/list" (its
// stdout), "want/stderr", "want/status". With --check, compares instead of writing.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTxtar, parseTxtar } from "../support/txtar.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = join(root, "testdata", "graph");
const check = process.argv.includes("--check");
let drift = 0;

for (const name of readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort()) {
  const path = join(dir, name);
  const archive = parseTxtar(readFileSync(path, "utf8"));
  const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
  const proxy = await startFakeProxy(buildProxyFiles(inputs.filter((f) => f.name.startsWith("proxy/")).map((f) => ({ name: f.name.slice(6), data: f.data }))));
  const work = mkdtempSync(join(tmpdir(), "gotidy-record-graph-"));
  let outputs;
  try {
    for (const f of inputs.filter((f) => !f.name.startsWith("proxy/"))) {
      mkdirSync(dirname(join(work, f.name)), { recursive: true });
      writeFileSync(join(work, f.name), f.data);
    }
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod -modcacherw",
      GOSUMDB: "off", GOPROXY: proxy.url, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOWORK: "off",
      GOMODCACHE: join(work, ".modcache"), GOPATH: join(work, ".gopath"),
    };
    const r = await new Promise((resolve) => {
      const p = spawn("go", ["list", "-m", "all"], { cwd: work, env });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (c) => (stdout += c));
      p.stderr.on("data", (c) => (stderr += c));
      p.on("close", (status) => resolve({ status, stdout, stderr }));
    });
    const norm = (s) => s.split(proxy.url).join("$PROXY").split(work).join("$WORK");
    outputs = [
      { name: "want/list", data: norm(r.stdout) },
      { name: "want/stderr", data: norm(r.stderr) },
      { name: "want/status", data: `${r.status}\n` },
    ];
  } finally {
    await proxy.close();
    rmSync(work, { recursive: true, force: true });
  }
  const text = formatTxtar({ comment: archive.comment, files: [...inputs, ...outputs] });
  if (check) {
    if (readFileSync(path, "utf8") !== text) {
      drift++;
      console.log(`DRIFT testdata/graph/${name}`);
    }
  } else {
    writeFileSync(path, text);
  }
}
console.log(check ? (drift ? `graph recordings: ${drift} drifted` : "graph recordings: no drift") : "recorded module graphs");
process.exit(drift ? 1 : 0);
