#!/usr/bin/env node
// Records which HTTP proxy the go command's HTTP client (net/http's ProxyFromEnvironment)
// picks for a URL: each line of testdata/fetch/proxy-choice/inputs.txt is "VAR=value ...
// URL" (HTTPS_PROXY, HTTP_PROXY, NO_PROXY), and a small Go program prints the proxy
// chosen ("" for none) into testdata/fetch/proxy-choice/recorded.json. With --check,
// compares instead of writing.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "..", "..", "testdata", "fetch", "proxy-choice");
const dir = mkdtempSync(join(tmpdir(), "gotidy-record-proxy-choice-"));
const cases = [];
try {
  copyFileSync(join(here, "record-proxy-choice.go.txt"), join(dir, "main.go"));
  writeFileSync(join(dir, "go.mod"), "module example.com/proxychoice\n\ngo 1.22\n");
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, GOTOOLCHAIN: "local", GOFLAGS: "", GOWORK: "off", GOPROXY: "off", GOCACHE: join(dir, "gocache") };
  const built = spawnSync("go", ["build", "-o", "choice", "."], { cwd: dir, env, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`go build failed:\n${built.stderr}`);
  for (const line of readFileSync(join(data, "inputs.txt"), "utf8").split("\n")) {
    if (line.trim() === "" || line.startsWith("#")) continue;
    const words = line.trim().split(/\s+/);
    const url = words.pop();
    const vars = Object.fromEntries(words.map((w) => [w.slice(0, w.indexOf("=")), w.slice(w.indexOf("=") + 1)]));
    const r = spawnSync(join(dir, "choice"), [url], { env: { PATH: process.env.PATH, ...vars }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`choice ${line} failed:\n${r.stderr}`);
    cases.push({ env: vars, url, proxy: r.stdout });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const text = JSON.stringify(cases, null, 1) + "\n";
const out = join(data, "recorded.json");
if (process.argv.includes("--check")) {
  if (readFileSync(out, "utf8") !== text) {
    console.error("proxy choice recordings differ from the go command's");
    process.exit(1);
  }
  console.log("proxy choice recordings match");
} else {
  writeFileSync(out, text);
  console.log(`recorded ${cases.length} proxy choices`);
}
