#!/usr/bin/env node
// Records what the go command makes of go.work files, for test/workspace/recorded.test.ts.
//
//   node test/scripts/record-gowork.mjs          rewrite the recorded outputs
//   node test/scripts/record-gowork.mjs --check  compare them with the installed go; exit 1 on drift
//   node test/scripts/record-gowork.mjs NAME...  only these archives
//
// testdata/workspace/NAME.txtar holds a go.work file and module directories, and
// optionally "cwd", the subdirectory to run go in. A file NAME.symlink stands for a
// symbolic link NAME to the path it holds, a file NAME.noeol for NAME without its final
// newline, and "$WORK" in any file for the scenario's directory (for absolute paths).
// go list -m -f {{.Dir}} runs in cwd (finding the go.work file above it), offline:
//   success -> "want/modules" (the module directories, sorted, "$WORK/..."), and
//              "want/json" (go work edit -json: the go.work file as go parsed it)
//   failure -> "want/stderr" (the go command's messages, "$WORK" for the directory)

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordArchives } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function goEnv(dir, cwd) {
  const env = {
    ...process.env,
    GOTOOLCHAIN: "local",
    GOFLAGS: "",
    GOPROXY: "off",
    GOSUMDB: "off",
    GOENV: "off",
    GOMODCACHE: join(dir, ".modcache"),
    GOPATH: join(dir, ".gopath"),
    GO111MODULE: "",
    PWD: cwd,
  };
  delete env.GOWORK; // the go.work file is found from the working directory
  return env;
}

function runGo(dir, cwd, args) {
  const r = spawnSync("go", args, { cwd, env: goEnv(dir, cwd), encoding: "utf8" });
  if (r.error) throw r.error;
  const work = (s) => s.split(dir).join("$WORK");
  return { status: r.status, stdout: work(r.stdout), stderr: work(r.stderr) };
}

/** byteOrder sorts as Go compares strings (UTF-8 bytes), which is what the tests sort by. */
const byteOrder = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

await recordArchives({
  root,
  dir: join(root, "testdata", "workspace"),
  label: "go.work recordings",
  recorded: "recorded go.work outputs",
  record: async (archive, inputs) => {
    const tmp = realpathSync(mkdtempSync(join(tmpdir(), "gotidy-gowork-")));
    try {
      for (const f of inputs) {
        if (f.name === "cwd") continue;
        const path = join(tmp, f.name);
        mkdirSync(dirname(path), { recursive: true });
        const data = f.data.split("$WORK").join(tmp);
        if (f.name.endsWith(".symlink")) symlinkSync(data.trim(), path.slice(0, -".symlink".length));
        else if (f.name.endsWith(".noeol")) writeFileSync(path.slice(0, -".noeol".length), data.replace(/\n$/, ""));
        else writeFileSync(path, data);
      }
      const cwd = join(tmp, (inputs.find((f) => f.name === "cwd")?.data ?? "").trim());
      const list = runGo(tmp, cwd, ["list", "-m", "-f", "{{.Dir}}"]);
      if (list.status !== 0) return [{ name: "want/stderr", data: list.stderr }];
      const dirs = list.stdout.split("\n").filter(Boolean).sort(byteOrder);
      const json = runGo(tmp, cwd, ["work", "edit", "-json"]);
      if (json.status !== 0) throw new Error(`go work edit -json failed where go list -m did not:\n${json.stderr}`);
      return [
        { name: "want/modules", data: dirs.map((d) => d + "\n").join("") },
        { name: "want/json", data: json.stdout },
      ];
    } finally {
      rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  },
});
