#!/usr/bin/env node
// Real modules, tidied by go and by gotidy-ts (needs go and the network; not in npm test).
//
//   npm run conformance:real -- [MODULE@VERSION ...]
//
// For each module (default: testdata/conformance/real-modules.txt): its source from the
// module proxy is copied twice; `go mod tidy` runs in one copy and `gotidy-ts` in the other,
// each with its own empty module cache, against the real module proxy and checksum
// database. go.mod, go.sum and the exit status are compared.
// Starts the built bin/gotidy-ts.js: run `npm run build` first.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ModuleCache } from "../../src/index.js";
import { runCommand } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
let modules = process.argv.slice(2);
if (modules.length === 0) {
  modules = readFileSync(join(root, "testdata", "conformance", "real-modules.txt"), "utf8")
    .split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}
const work = mkdtempSync(join(tmpdir(), "gotidy-conformance-real-"));
const baseEnv = {
  ...process.env, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", GOWORK: "off",
  GOPROXY: "https://proxy.golang.org,direct", GOSUMDB: "sum.golang.org", GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "",
};

const read = (f) => (existsSync(f) ? readFileSync(f, "utf8") : null);
let identical = 0;
const rows = [];
try {
  for (const [i, m] of modules.entries()) {
    const dl = spawnSync("go", ["mod", "download", "-json", m], { env: { ...baseEnv, GOMODCACHE: join(work, "src-cache") }, encoding: "utf8" });
    const info = JSON.parse(dl.stdout || "{}");
    if (!info.Dir) {
      rows.push(`SKIP ${m}: ${info.Error ?? dl.stderr.trim()}`);
      console.log(rows[rows.length - 1]);
      continue;
    }
    const a = join(work, `${i}-go`);
    const b = join(work, `${i}-ours`);
    cpSync(info.Dir, a, { recursive: true });
    cpSync(info.Dir, b, { recursive: true });
    spawnSync("chmod", ["-R", "u+w", a, b]);
    const goRun = await runCommand("go", ["mod", "tidy"], { cwd: a, env: { ...baseEnv, GOMODCACHE: join(work, `${i}-go-cache`), GOPATH: join(work, `${i}-go-path`) } });
    const ourRun = await runCommand(process.execPath, [bin], { cwd: b, env: { ...baseEnv, GOMODCACHE: join(work, `${i}-our-cache`), GOPATH: join(work, `${i}-our-path`) } });
    const same = goRun.status === ourRun.status && read(join(a, "go.mod")) === read(join(b, "go.mod")) && read(join(a, "go.sum")) === read(join(b, "go.sum"));
    if (same) identical++;
    const what = same ? "identical" : `DIFFERENT (go exit ${goRun.status}, ours ${ourRun.status}${ourRun.status !== 0 ? ": " + ourRun.stderr.trim().split("\n").slice(-2).join(" | ") : ""}${read(join(a, "go.mod")) !== read(join(b, "go.mod")) ? "; go.mod differs" : ""}${read(join(a, "go.sum")) !== read(join(b, "go.sum")) ? "; go.sum differs" : ""})`;
    rows.push(`${m}: ${what}; go ${(goRun.ms / 1000).toFixed(1)}s, gotidy-ts ${(ourRun.ms / 1000).toFixed(1)}s`);
    console.log(rows[rows.length - 1]);
  }
} finally {
  new ModuleCache(work).removeTree(work);
}
console.log(`\n${identical}/${modules.length} modules identical`);
process.exit(identical === modules.length ? 0 : 1);
