// Builds and runs the scan oracle: the go command's own import scanner, answering for
// each directory what go mod tidy reads there (imports.ScanDir with "any tags").
// Needs the installed go and its source (GOROOT/src), nothing from the network.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function goEnv() {
  return { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod", GOWORK: "off", GOPROXY: "off" };
}

/** buildOracle compiles the oracle and returns a function that scans a list of directories. */
export function buildOracle() {
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
  const dir = mkdtempSync(join(tmpdir(), "gotidy-scan-oracle-"));
  const src = join(goroot, "src");
  const rewrite = (text) => text
    .replaceAll('"cmd/go/internal/cfg"', '"example.com/scanoracle/cfg"')
    .replaceAll('"cmd/go/internal/fsys"', '"example.com/scanoracle/fsys"')
    .replaceAll('"internal/syslist"', '"example.com/scanoracle/syslist"');
  for (const sub of ["imports", "syslist", "cfg", "fsys"]) mkdirSync(join(dir, sub));
  for (const f of readdirSync(join(src, "cmd/go/internal/imports")).filter((f) => f.endsWith(".go") && !f.endsWith("_test.go"))) {
    writeFileSync(join(dir, "imports", f), rewrite(readFileSync(join(src, "cmd/go/internal/imports", f), "utf8")));
  }
  copyFileSync(join(src, "internal/syslist/syslist.go"), join(dir, "syslist", "syslist.go"));
  writeFileSync(join(dir, "cfg", "cfg.go"), 'package cfg\n\nimport "go/build"\n\nvar BuildContext = build.Default\n');
  writeFileSync(join(dir, "fsys", "fsys.go"), 'package fsys\n\nimport (\n\t"io/fs"\n\t"os"\n)\n\n' +
    "func ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }\n" +
    "func Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }\n" +
    "func Open(name string) (*os.File, error) { return os.Open(name) }\n");
  copyFileSync(join(here, "scan-oracle.go.txt"), join(dir, "main.go"));
  writeFileSync(join(dir, "go.mod"), "module example.com/scanoracle\n\ngo 1.24\n");
  const b = spawnSync("go", ["build", "-o", "oracle", "."], { cwd: dir, env: goEnv(), encoding: "utf8" });
  if (b.status !== 0) throw new Error(`building the scan oracle failed:\n${b.stderr}`);
  return {
    scan(dirs) {
      const r = spawnSync(join(dir, "oracle"), [], { input: dirs.join("\n") + "\n", encoding: "utf8", maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(`scan oracle failed:\n${r.stderr}`);
      return r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
