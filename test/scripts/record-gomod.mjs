#!/usr/bin/env node
// Records the go command's answers for the go.mod/go.sum engine's golden tests.
//
//   node --import tsx test/scripts/record-gomod.mjs          rewrite the recorded outputs
//   node --import tsx test/scripts/record-gomod.mjs --check  compare them with the installed go; exit 1 on drift
//
// testdata/gomod/fmt/NAME.in       -> NAME.golden (go mod edit -fmt output) or NAME.err (its stderr)
// testdata/gomod/edit/NAME.txtar   "args" (go mod edit flags, one a line) and "go.mod"
//                                  -> "want" (the edited go.mod) or "error" (stderr)
// testdata/gomod/layout/NAME.txtar a module whose requirements are replaced by local
//                                  directories, tidied offline -> "want/go.mod"
// testdata/gosum/malformed-*.sum   go.sum files go refuses -> NAME.err (go list -m all's stderr)
// testdata/cli/NAME.txtar          a module (and optional "cwd") where go mod tidy fails before
//                                  loading -> "want/stderr", "want/status"
// testdata/fetch/settings/NAME.txtar "env" (variables) and go env files -> "want/env.json" (go env -json)
// testdata/scan/imports/NAME.txtar a package importing odd paths -> "want/stderr" (tidy -e's errors)
// testdata/scan/walk/NAME.txtar    a module whose packages each import a missing package;
//                                  go mod tidy -e -x offline names every import it loaded
//                                  -> "want/missing" (one a line), "want/ignored" (directories)

import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatTxtar, parseTxtar } from "../support/txtar.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const settingNames = ["GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOPATH", "GOMODCACHE", "GOFLAGS", "GOAUTH", "GOENV", "GO111MODULE", "GOVCS", "GOCACHE"];
const data = join(root, "testdata", "gomod");
const check = process.argv.includes("--check");
let drift = 0;
let recorded = 0;

function goEnv(dir) {
  return {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GOSUMDB: "off",
    GOWORK: "off",
    GOMODCACHE: join(dir, ".modcache"),
    GOPATH: join(dir, ".gopath"),
    GOENV: "off",
  };
}

function runGo(dir, args) {
  const r = spawnSync("go", args, { cwd: dir, env: goEnv(dir), encoding: "buffer" });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8").split(dir + "/").join("") };
}

// Directories that could not be removed yet: a go command run with HOME in a scratch
// directory may leave its telemetry child process writing there after it exits. They are
// tried again at exit; one left behind changes no recording.
const leftovers = [];
process.on("exit", () => {
  for (const dir of leftovers) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // still in use: a scratch directory under the system's temporary directory
    }
  }
});

function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), "gotidy-record-"));
  try {
    return fn(dir);
  } finally {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    } catch {
      leftovers.push(dir);
    }
  }
}

function put(path, content) {
  const old = existsSync(path) ? readFileSync(path) : null;
  const same = old !== null && Buffer.compare(old, Buffer.from(content)) === 0;
  if (check) {
    if (!same) {
      drift++;
      console.log(`DRIFT ${path.slice(root.length + 1)}`);
    }
    return;
  }
  if (!same) writeFileSync(path, content);
  recorded++;
}

function remove(path) {
  if (!existsSync(path)) return;
  if (check) {
    drift++;
    console.log(`DRIFT ${path.slice(root.length + 1)} (should not exist)`);
  } else {
    rmSync(path);
  }
}

function recordFmt() {
  const dir = join(data, "fmt");
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".in")).sort()) {
    const base = join(dir, name.slice(0, -3));
    const input = readFileSync(join(dir, name));
    withTempDir((tmp) => {
      writeFileSync(join(tmp, "go.mod"), input);
      const r = runGo(tmp, ["mod", "edit", "-fmt", "-print", "go.mod"]);
      if (r.status === 0) {
        put(base + ".golden", r.stdout);
        remove(base + ".err");
      } else {
        put(base + ".err", r.stderr);
        remove(base + ".golden");
      }
    });
  }
}

function recordArchive(kind, run) {
  const dir = join(data, kind);
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort()) {
    const path = join(dir, name);
    const archive = parseTxtar(readFileSync(path, "utf8"));
    const inputs = archive.files.filter((f) => !f.name.startsWith("want") && f.name !== "error");
    const outputs = withTempDir((tmp) => {
      for (const f of inputs) {
        mkdirSync(dirname(join(tmp, f.name)), { recursive: true });
        // NAME.symlink stands for a symbolic link NAME to the path the file holds.
        if (f.name.endsWith(".symlink")) symlinkSync(f.data.trim(), join(tmp, f.name.slice(0, -".symlink".length)));
        else writeFileSync(join(tmp, f.name), f.data);
      }
      return run(tmp, archive);
    });
    put(path, formatTxtar({ comment: archive.comment, files: [...inputs, ...outputs] }));
  }
}

recordFmt();

recordArchive("edit", (tmp, archive) => {
  const args = (archive.files.find((f) => f.name === "args")?.data ?? "").split("\n").filter(Boolean);
  const r = runGo(tmp, ["mod", "edit", ...args, "-print", "go.mod"]);
  if (r.status === 0) return [{ name: "want", data: r.stdout.toString("utf8") }];
  return [{ name: "error", data: r.stderr }];
});

recordArchive("layout", (tmp) => {
  const r = runGo(tmp, ["mod", "tidy"]);
  if (r.status !== 0) throw new Error(`go mod tidy failed in layout scenario:\n${r.stderr}`);
  return [{ name: "want/go.mod", data: readFileSync(join(tmp, "go.mod"), "utf8") }];
});

function recordMalformedGoSum() {
  const dir = join(root, "testdata", "gosum");
  for (const name of readdirSync(dir).filter((n) => n.startsWith("malformed-") && n.endsWith(".sum")).sort()) {
    withTempDir((tmp) => {
      // go reads go.sum when it checks a go.mod it found in the module cache.
      const cached = join(tmp, ".modcache", "cache", "download", "example.com", "a", "@v");
      mkdirSync(cached, { recursive: true });
      writeFileSync(join(cached, "v1.0.0.mod"), "module example.com/a\n");
      writeFileSync(join(tmp, "go.mod"), "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n");
      writeFileSync(join(tmp, "go.sum"), readFileSync(join(dir, name)));
      const r = runGo(tmp, ["list", "-m", "all"]);
      if (r.status === 0) throw new Error(`go accepted ${name}`);
      put(join(dir, name.slice(0, -4) + ".err"), r.stderr);
    });
  }
}

recordMalformedGoSum();

recordArchive("../scan/walk", (tmp) => {
  const r = runGo(tmp, ["mod", "tidy", "-e", "-x"]);
  const missing = new Set();
  const ignored = new Set();
  for (const line of r.stderr.split("\n")) {
    const m = /cannot find module providing package (missing\.example\/\S+?):/.exec(line);
    if (m) missing.add(m[1]);
    const ig = /^# ignoring directory (.*)$/.exec(line);
    if (ig) ignored.add(ig[1]);
  }
  const lines = (set) => [...set].sort().map((x) => x + "\n").join("");
  return [{ name: "want/missing", data: lines(missing) }, { name: "want/ignored", data: lines(ignored) }];
});

recordArchive("../scan/imports", (tmp) => {
  // go mod tidy -e offline: the errors for every import it could not use.
  const r = runGo(tmp, ["mod", "tidy", "-e"]);
  const errors = r.stderr.split("\n").filter((l) => l && !l.startsWith("go: finding module")).join("\n") + "\n";
  return [{ name: "want/stderr", data: errors }];
});

recordArchive("../fetch/settings", (tmp, archive) => {
  // go env in a clean environment whose HOME is the scenario directory; "goenv" is the
  // user's go env file at its default place, other files sit in HOME.
  const goenv = archive.files.find((f) => f.name === "goenv");
  if (goenv) {
    mkdirSync(join(tmp, ".config", "go"), { recursive: true });
    writeFileSync(join(tmp, ".config", "go", "env"), goenv.data);
  }
  const env = { PATH: dirname(spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim()) + "/go/bin", HOME: tmp };
  for (const line of (archive.files.find((f) => f.name === "env")?.data ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).replaceAll("$HOME", tmp);
  }
  const r = spawnSync("go", ["env", "-json", ...settingNames], { cwd: tmp, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`go env failed: ${r.stderr}`);
  return [{ name: "want/env.json", data: r.stdout.split(tmp).join("$HOME") }];
});

recordArchive("../cli", (tmp, archive) => {
  const cwd = (archive.files.find((f) => f.name === "cwd")?.data ?? "").trim();
  const flags = (archive.files.find((f) => f.name === "flags")?.data ?? "").split("\n").filter(Boolean);
  const r = runGo(join(tmp, cwd), ["mod", "tidy", ...flags]);
  return [{ name: "want/stderr", data: r.stderr.split(tmp + "/").join("") }, { name: "want/status", data: `${r.status}\n` }];
});

if (check) {
  console.log(drift === 0 ? "gomod recordings: no drift" : `gomod recordings: ${drift} drifted`);
  process.exit(drift === 0 ? 0 : 1);
}
console.log(`recorded ${recorded} outputs`);
