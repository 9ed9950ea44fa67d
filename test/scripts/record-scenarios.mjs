#!/usr/bin/env node
// Records go mod tidy for each testdata/scenarios/NAME.txtar: a main module (go.mod,
// optional go.sum, sources), optional "flags" (one a line, e.g. -diff or -v), and modules
// served by the fake proxy on 127.0.0.1 from "proxy/<module>@<version>/<file>" (less the
// files "proxy/.missing" lists, such as "<module>@<version>.mod"). Recorded:
// "want/go.mod", "want/go.sum" (absent file: empty section plus "want/no-go.sum"),
// "want/stdout", "want/stderr", "want/status" (with -modfile, its file is want/go.mod, and
// its .sum want/go.sum; go.mod and go.sum are then want/plain-go.mod and want/plain-go.sum).
// Optional "goenv": the user's go env file (as `go env -w` writes it); go reads it through
// GOENV, and the recorder's own settings for the variables it sets are left out of the
// environment so that the file's apply. Optional "env": KEY=VALUE lines set in the
// environment over both ("$WORK" stands for the scenario's directory). Optional
// "modcache/<file>" entries are written into the module cache before the run (a cache
// that already holds some modules, possibly changed since: test/scripts/make-cache-tamper.mjs;
// a cached zip is named, not held: test/support/modcache-files.ts).
// A scenario holding "want/mod-requests" (created empty to ask for it) also records the
// go.mod files go asked the proxy for (one "<module>@<version>" a line, sorted, escaped as
// in the URL): what a lazily read module graph reads.
// With --check, compares instead of writing. Optional arguments: scenario names (without
// .txtar) to record, instead of all.

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTxtarFiles } from "../support/txtar.js";
import { writeModuleCacheFiles } from "../support/modcache-files.js";
import { modRequests, startArchiveProxy, startSecondArchiveProxy } from "../support/fake-proxy.js";
import { progressLinesAsSet as normalize, recordArchives, runCommand } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");


await recordArchives({
  root,
  dir: join(root, "testdata", "scenarios"),
  label: "scenario recordings",
  recorded: "recorded scenarios",
  normalize,
  async record(archive, inputs) {
    const proxy = await startArchiveProxy(inputs);
    const proxy2 = await startSecondArchiveProxy(inputs);
    const work = mkdtempSync(join(tmpdir(), "gotidy-record-scenario-"));
    try {
      const mod = join(work, "m");
      writeTxtarFiles(mod, inputs.filter((f) => !/^(proxy2?|modcache)\//.test(f.name) && !["flags", "goenv", "env"].includes(f.name)));
      writeModuleCacheFiles(join(work, "modcache"), inputs);
      const env = {
        PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw",
        GOSUMDB: "off", GOPROXY: proxy.url, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOWORK: "off",
        GOMODCACHE: join(work, "modcache"), GOPATH: join(work, "gopath"), GOCACHE: join(work, "gocache"),
      };
      const goenv = inputs.find((f) => f.name === "goenv");
      if (goenv) {
        writeFileSync(join(work, "goenv"), goenv.data);
        env.GOENV = join(work, "goenv");
        for (const line of goenv.data.split("\n")) {
          const eq = line.indexOf("=");
          if (eq > 0) delete env[line.slice(0, eq)];
        }
      }
      for (const line of (inputs.find((f) => f.name === "env")?.data ?? "").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).split("$WORK").join(work).split("$PROXY2").join(proxy2?.url ?? "$PROXY2").split("$PROXY").join(proxy.url);
      }
      const flags = (inputs.find((f) => f.name === "flags")?.data ?? "").split("\n").filter(Boolean);
      const r = await runCommand("go", ["mod", "tidy", ...flags], { cwd: mod, env });
      const norm = (s) => (proxy2 ? s.split(proxy2.url).join("$PROXY2") : s).split(proxy.url).join("$PROXY").split(work).join("$WORK");
      // With -modfile (in GOFLAGS or on the command line), go reads and writes that file
      // and its .sum instead: they are what is recorded.
      // A -modfile naming no file, or one without the .mod extension, is recorded as an
      // absent go.mod ("want/no-go.mod"); go.mod and go.sum themselves, which go leaves
      // alone then, are recorded as "want/plain-go.mod" and "want/plain-go.sum" (each when present).
      // (GOFLAGS from the environment, else from the go env file.)
      const goflags = env.GOFLAGS ?? goenv?.data.split("\n").find((l) => l.startsWith("GOFLAGS="))?.slice("GOFLAGS=".length) ?? "";
      const modFlag = [...goflags.split(/\s+/), ...flags].reverse().find((f) => /^--?modfile=/.test(f));
      const modValue = modFlag?.slice(modFlag.indexOf("=") + 1) || null;
      const modFile = modValue ? join(mod, modValue) : join(mod, "go.mod");
      const modOk = !modValue || (modValue.endsWith(".mod") && existsSync(modFile));
      const sumFile = modValue ? modFile.replace(/\.mod$/, ".sum") : join(mod, "go.sum");
      const sumOk = modOk && existsSync(sumFile);
      const plain = !modValue ? [] : [
        ...(existsSync(join(mod, "go.mod")) ? [{ name: "want/plain-go.mod", data: readFileSync(join(mod, "go.mod"), "utf8") }] : []),
        ...(existsSync(join(mod, "go.sum")) ? [{ name: "want/plain-go.sum", data: readFileSync(join(mod, "go.sum"), "utf8") }] : []),
      ];
      return [
        { name: "want/go.mod", data: modOk ? readFileSync(modFile, "utf8") : "" },
        ...(modOk ? [] : [{ name: "want/no-go.mod", data: "" }]),
        { name: "want/go.sum", data: sumOk ? readFileSync(sumFile, "utf8") : "" },
        ...(sumOk ? [] : [{ name: "want/no-go.sum", data: "" }]),
        ...plain,
        { name: "want/stdout", data: norm(r.stdout) },
        { name: "want/stderr", data: norm(r.stderr) },
        { name: "want/status", data: `${r.status}\n` },
        ...(archive.files.some((f) => f.name === "want/mod-requests")
          ? [{ name: "want/mod-requests", data: modRequests(proxy.requests).map((l) => l + "\n").join("") }] : []),
      ];
    } finally {
      await proxy.close();
      await proxy2?.close();
      spawnSync("chmod", ["-R", "u+w", work]); // a go env file's GOFLAGS may lack -modcacherw
      rmSync(work, { recursive: true, force: true });
    }
  },
});
