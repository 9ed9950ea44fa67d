// Fetching from a faulty proxy: each scenario in testdata/fetch/faults is served by the
// fake proxy on 127.0.0.1, and our Fetcher does what `go mod download -json M@V` does
// (.info, go.mod, zip, extraction). The error must be the one recorded from the go
// command (test/scripts/record-fetch.mjs), and the cache must hold nothing bad. Each
// scenario is run a second time reading the module from its zip (Fetcher.moduleFiles,
// as a tidy run that downloads it does), which must fail in the same words.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { createFetcher } from "../../src/fetch/index.js";
import { resolveSettings } from "../../src/settings/resolve.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { ModuleError } from "../../src/module/errors.js";
import { faultScenario } from "../support/fault-scenario.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "fetch", "faults");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-faults-test-"));
afterAll(() => {
  new ModuleCache(scratch).removeTree(scratch);
});

/**
 * Where gotidy-ts knowingly words an error differently from the go command, the test
 * compares the part before the difference. Each entry says why.
 */
const knownDifferences: Record<string, { prefix: string; why: string }> = {
  "info-malformed": {
    prefix: 'example.com/a@v1.0.0: invalid response from proxy "$PROXY": ',
    why: "the JSON parser's own wording follows (Go's encoding/json and JavaScript's JSON.parse word syntax errors differently)",
  },
};

function walkFiles(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walkFiles(join(d, e.name)) : [join(d, e.name)]));
}

describe("fetching from a faulty proxy, as go mod download does", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThan(25));
  for (const [n, fromZip] of names.flatMap((n) => [[n, false], [n, true]] as const)) {
    const name = n.slice(0, -6);
    it(fromZip ? `${name} (read from its zip)` : name, async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const scenario = await faultScenario(archive);
      const work = mkdtempSync(join(scratch, `${name}-`));
      const cache = new ModuleCache(join(work, "modcache"));
      const goSum = scenario.goSum === null ? null : parseGoSum(scenario.goSum);
      let error = "";
      try {
        // A scenario with a checksum database (GOSUMDB in its env) is fetched with the
        // settings as tidy resolves them, the database's client included.
        const fetcher = scenario.env.GOSUMDB
          ? createFetcher({
            settings: resolveSettings({ HOME: work, GOENV: "off", GOFLAGS: "", GOPRIVATE: "", GONOPROXY: "", GONOSUMDB: "", GOMODCACHE: join(work, "modcache"), ...scenario.env }, work),
            goSum, http: { retries: 1, backoffMs: 1, timeoutMs: scenario.timeoutMs },
          }).fetcher
          : new Fetcher({
            cache,
            http: new HttpClient({ retries: 1, backoffMs: 1, env: scenario.env, timeoutMs: scenario.timeoutMs }),
            verifier: new Verifier(goSum, { GOSUMDB: "off", GONOSUMDB: "" }),
            settings: { GOPROXY: scenario.env.GOPROXY ?? "", GONOPROXY: scenario.env.GONOPROXY ?? "" },
          });
        const [path, version] = scenario.target.split("@");
        // go mod download names the module version in a query's error that does not name
        // it already (modload's modinfoError): the answer of an entry that can only fail
        // (GOPROXY=off) comes without it.
        await fetcher.stat(path, version).catch((e: Error) => {
          throw e instanceof ModuleError ? e : new Error(`${path}@${version}: ${e.message}`);
        });
        await fetcher.goMod(path, version);
        if (fromZip) {
          const { files } = await fetcher.moduleFiles(path, version);
          expect(files).not.toBeNull();
          expect(existsSync(join(work, "modcache", "example.com", "a@v1.0.0"))).toBe(false);
        } else {
          await fetcher.downloadZip(path, version);
          await fetcher.download(path, version);
        }
      } catch (e) {
        error = (e as Error).message;
      } finally {
        await scenario.close();
      }
      const got = scenario.normalize(error.split(work).join("$WORK")).replace(/\n+$/, "");
      const want = (txtarFile(archive, "want/error") ?? "").replace(/\n+$/, "");
      const known = knownDifferences[name];
      if (known) expect(got.startsWith(known.prefix) && want.startsWith(known.prefix), known.why).toBe(true);
      else expect(got).toBe(want);
      expect(`${error ? 1 : 0}\n`).toBe(txtarFile(archive, "want/status"));
      // Nothing half-written or unverified stays in the cache.
      const files = walkFiles(join(work, "modcache"));
      expect(files.filter((f) => f.endsWith(".tmp") || f.endsWith(".partial"))).toEqual([]);
      if (error) {
        // A zip that failed to download or verify is never kept; one that was verified but
        // cannot be extracted stays, as with the go command, but no module tree appears.
        if (!error.startsWith("unzip ")) expect(files.filter((f) => f.endsWith(".zip") || f.endsWith(".ziphash"))).toEqual([]);
        expect(existsSync(join(work, "modcache", "example.com", "a@v1.0.0"))).toBe(false);
      }
    });
  }
});
