#!/usr/bin/env node
// Records go mod tidy for each testdata/scenarios/NAME.txtar: a main module (go.mod,
// optional go.sum, sources), optional "flags" (one a line, e.g. -diff or -v), and modules
// served by the fake proxy on 127.0.0.1 from "proxy/<module>@<version>/<file>". Recorded: "want/go.mod", "want/go.sum" (absent file:
// empty section plus "want/no-go.sum"), "want/stderr", "want/status".
// With --check, compares instead of writing.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTxtar, parseTxtar } from "../support/txtar.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = join(root, "testdata", "scenarios");
const check = process.argv.includes("--check");
let drift = 0;

// The go command downloads and queries concurrently, so the order of its progress lines
// varies from run to run: --check compares them as a set (as npm test does).
function normalize(text) {
  const a = parseTxtar(text);
  for (const f of a.files) {
    if (f.name !== "want/stderr") continue;
    const lines = f.data.split("\n");
    const progress = lines.filter((l) => /^go: (downloading|finding module|found) /.test(l)).sort();
    f.data = [...progress, "--", ...lines.filter((l) => !/^go: (downloading|finding module|found) /.test(l))].join("\n");
  }
  return formatTxtar(a);
}

// Optional arguments: scenario names (without .txtar) to record, instead of all.
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const name of readdirSync(dir).filter((n) => n.endsWith(".txtar") && (only.length === 0 || only.includes(n.slice(0, -6)))).sort()) {
  const path = join(dir, name);
  const archive = parseTxtar(readFileSync(path, "utf8"));
  const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
  const proxy = await startFakeProxy(buildProxyFiles(inputs.filter((f) => f.name.startsWith("proxy/")).map((f) => ({ name: f.name.slice(6), data: f.data }))));
  const work = mkdtempSync(join(tmpdir(), "gotidy-record-scenario-"));
  let outputs;
  try {
    const mod = join(work, "m");
    for (const f of inputs.filter((f) => !f.name.startsWith("proxy/") && f.name !== "flags")) {
      mkdirSync(dirname(join(mod, f.name)), { recursive: true });
      writeFileSync(join(mod, f.name), f.data);
    }
    const env = {
      PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw",
      GOSUMDB: "off", GOPROXY: proxy.url, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOWORK: "off",
      GOMODCACHE: join(work, "modcache"), GOPATH: join(work, "gopath"),
    };
    const r = await new Promise((resolve) => {
      const flags = (inputs.find((f) => f.name === "flags")?.data ?? "").split("\n").filter(Boolean);
      const p = spawn("go", ["mod", "tidy", ...flags], { cwd: mod, env });
      let stderr = "";
      let stdout = "";
      p.stdout.on("data", (c) => (stdout += c));
      p.stderr.on("data", (c) => (stderr += c));
      p.on("close", (status) => resolve({ status, stderr, stdout }));
    });
    const norm = (s) => s.split(proxy.url).join("$PROXY").split(work).join("$WORK");
    const sumFile = join(mod, "go.sum");
    outputs = [
      { name: "want/go.mod", data: readFileSync(join(mod, "go.mod"), "utf8") },
      { name: "want/go.sum", data: existsSync(sumFile) ? readFileSync(sumFile, "utf8") : "" },
      ...(existsSync(sumFile) ? [] : [{ name: "want/no-go.sum", data: "" }]),
      { name: "want/stdout", data: norm(r.stdout) },
      { name: "want/stderr", data: norm(r.stderr) },
      { name: "want/status", data: `${r.status}\n` },
    ];
  } finally {
    await proxy.close();
    rmSync(work, { recursive: true, force: true });
  }
  const text = formatTxtar({ comment: archive.comment, files: [...inputs, ...outputs] });
  if (check) {
    if (normalize(readFileSync(path, "utf8")) !== normalize(text)) {
      drift++;
      console.log(`DRIFT testdata/scenarios/${name}`);
    }
  } else {
    writeFileSync(path, text);
  }
}
console.log(check ? (drift ? `scenario recordings: ${drift} drifted` : "scenario recordings: no drift") : "recorded scenarios");
process.exit(drift ? 1 : 0);
