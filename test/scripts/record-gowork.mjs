#!/usr/bin/env node
// Records what the go command makes of go.work files, for test/workspace/recorded.test.ts.
//
//   node --import tsx test/scripts/record-gowork.mjs          rewrite the recorded outputs
//   node --import tsx test/scripts/record-gowork.mjs --check  compare them with the installed go; exit 1 on drift
//   node --import tsx test/scripts/record-gowork.mjs NAME...  only these archives
//
// testdata/workspace/NAME.txtar holds a go.work file and module directories, and
// optionally "cwd", the subdirectory to run go in, and "goenv", the user's go env file
// (as `go env -w` writes it; go reads it through GOENV, and the recorder's own settings
// for the variables it sets are left out of the environment), and "env", KEY=VALUE lines
// set in the environment over both ("$WORK" for the scenario's directory). A file NAME.symlink stands for a
// symbolic link NAME to the path it holds, a file NAME.noeol for NAME without its final
// newline, and "$WORK" in any file for the scenario's directory (for absolute paths).
// go list -m -f {{.Dir}} runs in cwd (finding the go.work file above it), offline:
//   success -> "want/modules" (the module directories, sorted, "$WORK/..."), and
//              "want/json" (go work edit -json: the go.work file as go parsed it; absent
//              when a go env file's GOWORK=off leaves go with no go.work file to edit)
//   failure -> "want/stderr" (the go command's messages, "$WORK" for the directory)

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordArchives } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function goEnv(dir, cwd, goenv, extra) {
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
  if (goenv) {
    env.GOENV = join(dir, "goenv");
    for (const line of goenv.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) delete env[line.slice(0, eq)];
    }
  }
  for (const line of (extra ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).split("$WORK").join(dir);
  }
  return env;
}

function runGo(dir, cwd, args, goenv, extra) {
  const r = spawnSync("go", args, { cwd, env: goEnv(dir, cwd, goenv, extra), encoding: "utf8" });
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
        if (f.name === "cwd" || f.name === "env") continue;
        const path = join(tmp, f.name);
        mkdirSync(dirname(path), { recursive: true });
        const data = f.data.split("$WORK").join(tmp);
        if (f.name.endsWith(".symlink")) symlinkSync(data.trim(), path.slice(0, -".symlink".length));
        else if (f.name.endsWith(".noeol")) writeFileSync(path.slice(0, -".noeol".length), data.replace(/\n$/, ""));
        else writeFileSync(path, data);
      }
      const cwd = join(tmp, (inputs.find((f) => f.name === "cwd")?.data ?? "").trim());
      const goenv = inputs.find((f) => f.name === "goenv")?.data;
      const extra = inputs.find((f) => f.name === "env")?.data;
      const list = runGo(tmp, cwd, ["list", "-m", "-f", "{{.Dir}}"], goenv, extra);
      if (list.status !== 0) return [{ name: "want/stderr", data: list.stderr }];
      const dirs = list.stdout.split("\n").filter(Boolean).sort(byteOrder);
      const modules = { name: "want/modules", data: dirs.map((d) => d + "\n").join("") };
      const json = runGo(tmp, cwd, ["work", "edit", "-json"], goenv, extra);
      if (json.status !== 0 && goenv !== undefined && json.stderr.startsWith("go: no go.work file found")) return [modules];
      if (json.status !== 0) throw new Error(`go work edit -json failed where go list -m did not:\n${json.stderr}`);
      return [modules, { name: "want/json", data: json.stdout }];
    } finally {
      rmSync(tmp, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    }
  },
});
