#!/usr/bin/env node
// Records go mod tidy in direct mode for each testdata/direct/NAME.txtar: git
// repositories built from the archive ("repos" and "repo/..." files, see
// test/support/git-server.js) served on 127.0.0.1 through a proxy every host is routed
// to, a main module (go.mod, sources), optional "env" lines (GOPROXY, GOPRIVATE, GOVCS, ...;
// $PROXY is a fake module proxy serving "proxy/<module>@<version>/<file>"). Recorded:
// want/go.mod, want/go.sum, want/stderr, want/status, want/cache (the module cache's
// files with their hashes; $CAFILE is the test CA's file) and want/log/NAME (each home/NAME.log the run wrote). No traffic leaves loopback: GOSUMDB=off unless the env says otherwise, every host goes to
// the test proxy; a scenario's env may set GOSUMDB=$SUMDB, a fake checksum database on
// 127.0.0.1 holding its "sumdb" lines (test/support/scenario-sumdb.ts). With --check, compares instead of writing.

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTxtarFiles } from "../support/txtar.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { startGitServer } from "../support/git-server.js";
import { directEnv } from "../support/direct-env.js";
import { testCAFile } from "../support/https-git-server.js";
import { cacheListing, homeLogs } from "../support/direct-cache.js";
import { startScenarioSumDB } from "../support/scenario-sumdb.js";
import { progressLinesAsSet as normalize, recordArchives, runCommand } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");


const isInput = (f) => !f.name.startsWith("want/");
const isModuleFile = (f) => !f.name.startsWith("repo/") && !f.name.startsWith("proxy/") && !f.name.startsWith("home/") && !["repos", "env", "sumdb"].includes(f.name);

await recordArchives({
  root,
  dir: join(root, "testdata", "direct"),
  label: "direct-mode recordings",
  recorded: "recorded direct-mode scenarios",
  normalize,
  async record(_archive, inputs) {
    const proxy = await startArchiveProxy(inputs);
    const server = await startGitServer(inputs.filter(isInput), { proxyURL: proxy.url });
    const sumdb = await startScenarioSumDB(inputs);
    const work = mkdtempSync(join(tmpdir(), "gotidy-record-direct-"));
    try {
      const mod = join(work, "m");
      writeTxtarFiles(mod, inputs.filter(isModuleFile));
      writeTxtarFiles(work, inputs.filter((f) => f.name.startsWith("home/")));
      const env = directEnv(work, server.url, inputs.find((f) => f.name === "env")?.data ?? "", proxy.url, server.root, sumdb.gosumdb);
      const r = await runCommand("go", ["mod", "tidy"], { cwd: mod, env });
      const norm = (s) => s.split(sumdb.url).join("$SUMDB").split(proxy.url).join("$PROXY").split(work).join("$WORK").split(testCAFile).join("$CAFILE");
      const sumFile = join(mod, "go.sum");
      return [
        { name: "want/go.mod", data: readFileSync(join(mod, "go.mod"), "utf8") },
        { name: "want/go.sum", data: existsSync(sumFile) ? readFileSync(sumFile, "utf8") : "" },
        { name: "want/stderr", data: norm(r.stderr) },
        { name: "want/status", data: `${r.status}\n` },
        { name: "want/cache", data: cacheListing(join(work, "modcache")) },
        ...homeLogs(join(work, "home")),
      ];
    } finally {
      await server.close();
      await proxy.close();
      await sumdb.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
});
