#!/usr/bin/env node
// Records the module graph the go command builds: for each testdata/graph/NAME.txtar (a
// main module, and modules served by the fake proxy from "proxy/<module>@<version>/..."),
// `go list -m all` runs offline against the fake proxy. Recorded: "want/list" (its
// stdout), "want/stderr", "want/status". With --check, compares instead of writing.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeTxtarFiles } from "../support/txtar.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { recordArchives, runCommand } from "../support/recorder.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

await recordArchives({
  root,
  dir: join(root, "testdata", "graph"),
  label: "graph recordings",
  recorded: "recorded module graphs",
  async record(archive, inputs) {
    const proxy = await startArchiveProxy(inputs);
    const work = mkdtempSync(join(tmpdir(), "gotidy-record-graph-"));
    try {
      writeTxtarFiles(work, inputs.filter((f) => !f.name.startsWith("proxy/")));
      const env = {
        PATH: process.env.PATH, HOME: process.env.HOME, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-mod=mod -modcacherw",
        GOSUMDB: "off", GOPROXY: proxy.url, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOWORK: "off",
        GOMODCACHE: join(work, ".modcache"), GOPATH: join(work, ".gopath"),
      };
      const r = await runCommand("go", ["list", "-m", "all"], { cwd: work, env });
      const norm = (s) => s.split(proxy.url).join("$PROXY").split(work).join("$WORK");
      return [
        { name: "want/list", data: norm(r.stdout) },
        { name: "want/stderr", data: norm(r.stderr) },
        { name: "want/status", data: `${r.status}\n` },
      ];
    } finally {
      await proxy.close();
      rmSync(work, { recursive: true, force: true });
    }
  },
});
