// The module graph against `go list -m all`, recorded by test/scripts/record-graph.mjs for
// each scenario in testdata/graph (modules served by the fake proxy on 127.0.0.1).

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { expandGraph } from "../../src/load/modgraph.js";
import { pruningFor, Replacements, SummaryReader } from "../../src/load/summary.js";
import { parseGoMod } from "../../src/index.js";
import type { ModuleVersion } from "../../src/module/version.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "graph");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-graph-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

describe("the module graph, as go list -m all shows it", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThan(10));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const proxy = await startArchiveProxy(archive.files);
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      writeTxtarFiles(work, archive.files.filter((f) => !f.name.startsWith("proxy/") && !f.name.startsWith("want/")));
      let list = "";
      let error = "";
      try {
        const main = parseGoMod(txtarFile(archive, "go.mod")!, "go.mod");
        const mainPath = main.module!.mod.path;
        const excluded = new Set(main.exclude.map((x) => `${x.mod.path}@${x.mod.version}`));
        const fetcher = new Fetcher({
          cache: new ModuleCache(join(work, ".modcache")), http: new HttpClient({ retries: 0 }),
          verifier: new Verifier(null, { GOSUMDB: "off", GONOSUMDB: "" }), settings: { GOPROXY: proxy.url, GONOPROXY: "" },
        });
        const replacements = new Replacements(main);
        const reader = new SummaryReader({ fetcher, replacements, excluded, mainDir: work, cwd: work });
        const goVersion = main.go?.version ?? "1.16";
        const roots: ModuleVersion[] = main.require.map((r) => r.mod)
          .filter((m) => m.path !== mainPath && !excluded.has(`${m.path}@${m.version}`));
        roots.push({ path: "go", version: goVersion });
        if (main.toolchain) roots.push({ path: "toolchain", version: main.toolchain.name });
        const { graph: g } = await expandGraph({ path: mainPath, version: "" }, roots, pruningFor(goVersion), reader);
        list = g.buildList().filter((m) => m.path !== "go" && m.path !== "toolchain").map((m) => {
          if (m.version === "") return m.path + "\n";
          const r = replacements.replacement(m);
          return `${m.path} ${m.version}${r ? ` => ${r.path}${r.version ? " " + r.version : ""}` : ""}\n`;
        }).join("");
      } catch (e) {
        error = (e as Error).message.split(proxy.url).join("$PROXY").split(work).join("$WORK");
      } finally {
        await proxy.close();
      }
      if (txtarFile(archive, "want/status") === "0\n") {
        expect(error).toBe("");
        expect(list).toBe(txtarFile(archive, "want/list"));
      } else {
        expect(error).not.toBe("");
        expect(txtarFile(archive, "want/stderr")).toContain(`go: ${error}\n`);
      }
    });
  }
});
