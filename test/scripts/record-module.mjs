#!/usr/bin/env node
// Records what golang.org/x/mod's module and semver functions return for the inputs in
// testdata/module/inputs.txt, and the dirhash checksums of the files in testdata/hash,
// into testdata/module/recorded.json. Needs go and the module
// proxy (it downloads golang.org/x/mod once). With --check, compares instead of writing.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, "..", "..", "testdata", "module");
const check = process.argv.includes("--check");
const xmod = "golang.org/x/mod@v0.30.0";

const base = mkdtempSync(join(tmpdir(), "gotidy-record-module-"));
const dir = join(base, "recorder");
try {
  mkdirSync(dir);
  // The program reads the files to hash as ../testdata/hash/NAME.
  symlinkSync(join(here, "..", "..", "testdata"), join(base, "testdata"));
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOWORK: "off" };
  const go = (args, input) => {
    const r = spawnSync("go", args, { cwd: dir, env, input, encoding: "utf8", maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`go ${args.join(" ")} failed:\n${r.stderr}`);
    return r.stdout;
  };
  copyFileSync(join(here, "record-module.go.txt"), join(dir, "main.go"));
  go(["mod", "init", "example.com/recorder"]);
  go(["get", xmod]);
  const hashFiles = readdirSync(join(data, "..", "hash")).sort();
  const input = readFileSync(join(data, "inputs.txt"), "utf8") + "# hashes\n" + hashFiles.join("\n") + "\n";
  const out = go(["run", "."], input);
  const target = join(data, "recorded.json");
  if (check) {
    const same = readFileSync(target, "utf8") === out;
    console.log(same ? "module recordings: no drift" : "module recordings: DRIFT in testdata/module/recorded.json");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, out);
  console.log(`recorded ${target}`);
} finally {
  rmSync(base, { recursive: true, force: true });
}
