#!/usr/bin/env node
// Records what the go command says when fetching from a faulty module proxy: each
// testdata/fetch/faults/NAME.txtar is served by the fake proxy (test/support/fake-proxy.ts)
// on 127.0.0.1, and `go mod download -json MODULE@VERSION` runs against it in a fresh
// module cache. Recorded: "want/status" and "want/error" (the JSON Error, or stderr).
// With --check, compares instead of writing.
//
// Scenario files: "command" (download M@V), "env" (GOPROXY=... with $PROXY for the fake
// proxy's URL), "faults.json", "go.sum", "proxy/<module>@<version>/<file>" (module files),
// "zip-entries.json" (replaces the zip of the first module with these entries),
// "zip.base64" (the zip of the first module, byte for byte: the tamper-* scenarios, made
// by test/scripts/make-tamper-faults.mjs), "tls" (the certificate the proxy presents),
// "http-proxy" (an HTTP proxy refusing with that status: $HTTPPROXY), "sumdb" (a checksum
// database: $SUMDB, $SUMDB_OTHERKEY), "full-backlog" (a port that never completes a
// connection: $BACKLOG; go gives up after its 30 s dial timeout), "timeout" (gotidy-ts's
// request timeout in the replays). See test/support/fault-scenario.ts.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { faultScenario } from "../support/fault-scenario.js";
import { recordArchives, runCommand } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

await recordArchives({
  root,
  dir: join(root, "testdata", "fetch", "faults"),
  label: "fetch recordings",
  recorded: "recorded fetch faults",
  async record(archive) {
    const scenario = await faultScenario(archive);
    const work = mkdtempSync(join(tmpdir(), "gotidy-record-fetch-"));
    try {
      const env = {
        PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod -modcacherw", GOSUMDB: "off",
        GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOMODCACHE: join(work, "modcache"), GOPATH: join(work, "gopath"),
        ...scenario.env,
      };
      mkdirSync(join(work, "m"));
      writeFileSync(join(work, "m", "go.mod"), "module example.com/main\n\ngo 1.21\n");
      if (scenario.goSum !== null) writeFileSync(join(work, "m", "go.sum"), scenario.goSum);
      const r = await runCommand("go", ["mod", "download", "-json", scenario.target], { cwd: join(work, "m"), env });
      let error = "";
      try {
        error = JSON.parse(r.stdout).Error ?? "";
      } catch {
        error = r.stderr;
      }
      if (!error && r.status !== 0) error = r.stderr;
      const norm = (s) => scenario.normalize(s.split(work).join("$WORK"));
      return [{ name: "want/status", data: `${r.status}\n` }, { name: "want/error", data: norm(error) + (error.endsWith("\n") || !error ? "" : "\n") }];
    } finally {
      await scenario.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
});
