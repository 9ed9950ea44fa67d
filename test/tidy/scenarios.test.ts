// go mod tidy scenarios (testdata/scenarios, recorded by test/scripts/record-scenarios.mjs
// from the real go command against the fake proxy): go.mod, go.sum and the "go: downloading"
// lines must be the go command's. Scenarios whose go run had to find modules for missing
// imports need the query machinery, which this version does not have: for those the test
// requires the explicit NotSupportedError, so it fails once queries exist and must then
// compare them too.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { NotSupportedError, tidy } from "../../src/tidy/tidy.js";
import { buildProxyFiles, startFakeProxy } from "../support/fake-proxy.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "scenarios");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-scenario-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

describe("go mod tidy scenarios", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThanOrEqual(10));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const proxy = await startFakeProxy(buildProxyFiles(archive.files.filter((f) => f.name.startsWith("proxy/")).map((f) => ({ name: f.name.slice(6), data: f.data }))));
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      const mod = join(work, "m");
      for (const f of archive.files.filter((f) => !f.name.startsWith("proxy/") && !f.name.startsWith("want/"))) {
        mkdirSync(dirname(join(mod, f.name)), { recursive: true });
        writeFileSync(join(mod, f.name), f.data);
      }
      const log: string[] = [];
      const goSumText = txtarFile(archive, "go.sum");
      const verifier = new Verifier(goSumText ? parseGoSum(goSumText) : null, { GOSUMDB: "off", GONOSUMDB: "" });
      const fetcher = new Fetcher({
        cache: new ModuleCache(join(work, "modcache")), http: new HttpClient({ retries: 0 }), verifier,
        settings: { GOPROXY: proxy.url, GONOPROXY: "" }, log: (l) => log.push(l),
      });
      const stderr = txtarFile(archive, "want/stderr") ?? "";
      try {
        const needsQueries = stderr.includes("go: finding module for package");
        if (needsQueries) {
          await expect(tidy({ root: mod, fetch: { fetcher, verifier }, log: (l) => log.push(l), cwd: mod }))
            .rejects.toBeInstanceOf(NotSupportedError);
          return;
        }
        const r = await tidy({ root: mod, fetch: { fetcher, verifier }, log: (l) => log.push(l), cwd: mod });
        expect(r.newGoMod).toBe(txtarFile(archive, "want/go.mod"));
        expect(r.newGoSum).toBe(txtarFile(archive, "want/go.sum"));
        const downloads = (s: string[]) => s.filter((l) => l.startsWith("go: downloading ")).sort();
        expect(downloads(log)).toEqual(downloads(stderr.split("\n")));
      } finally {
        await proxy.close();
      }
    });
  }
});
