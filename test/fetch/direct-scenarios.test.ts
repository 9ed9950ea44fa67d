// Direct-mode scenarios (testdata/direct, recorded by test/scripts/record-direct.mjs
// from the real go command): git repositories served on 127.0.0.1 by git http-backend
// behind a proxy every host name is routed to. gotidy-ts, fetching with the user's git,
// must produce go's go.mod, go.sum, exit status, error lines, progress lines (as a set)
// and module cache files (.info and .mod hashes, the zips' h1: hashes).

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { createFetcher, tidy } from "../../src/library.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { GoModErrorList } from "../../src/modfile/index.js";
import { BuildListError } from "../../src/mvs/mvs.js";
import { FetchError } from "../../src/fetch/errors.js";
import { TidyErrors } from "../../src/tidy/tidy.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { startGitServer } from "../support/git-server.js";
import { directEnv } from "../support/direct-env.js";
import { testCAFile } from "../support/https-git-server.js";
import { cacheListing, homeLogs } from "../support/direct-cache.js";
import { startScenarioSumDB } from "../support/scenario-sumdb.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "direct");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-direct-test-"));
// Removing every run's module cache (read-only trees) takes a while on a loaded machine.
afterAll(() => new ModuleCache(scratch).removeTree(scratch), 120_000);

const progressRE = /^go: (downloading|finding module|found) /;
const isModuleFile = (name: string) => !name.startsWith("repo/") && !name.startsWith("proxy/") && !name.startsWith("want/") && !name.startsWith("home/") && !["repos", "env", "sumdb"].includes(name);

describe("direct mode (git) scenarios", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThanOrEqual(1));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
      const proxy = await startArchiveProxy(inputs);
      const server = await startGitServer(inputs, { proxyURL: proxy.url });
      const sumdb = await startScenarioSumDB(inputs);
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      try {
        const mod = join(work, "m");
        writeTxtarFiles(mod, inputs.filter((f) => isModuleFile(f.name)));
        writeTxtarFiles(work, inputs.filter((f) => f.name.startsWith("home/")));
        const env = directEnv(work, server.url, txtarFile(archive, "env") ?? "", proxy.url, server.root, sumdb.gosumdb);
        const log: string[] = [];
        const goSumText = txtarFile(archive, "go.sum");
        const { fetcher, verifier } = createFetcher({ env, goSum: goSumText ? parseGoSum(goSumText) : null, log: (l) => log.push(l), http: { retries: 0 } });
        let errorLines: string[] | null = null;
        let result: Awaited<ReturnType<typeof tidy>> | null = null;
        try {
          result = await tidy({ root: mod, fetch: { fetcher, verifier }, log: (l) => log.push(l), cwd: mod, env, home: env.HOME });
        } catch (e) {
          // go.mod errors are printed by the command under a heading, as go prints them.
          if (e instanceof GoModErrorList) errorLines = [`go: errors parsing go.mod:\n${e.message}`];
          else if (e instanceof TidyErrors) errorLines = e.lines;
          else if (e instanceof BuildListError || e instanceof FetchError) errorLines = [`go: ${e.message}`]; // as the CLI prints them
          else throw e;
        }
        const stderr = txtarFile(archive, "want/stderr") ?? "";
        const norm = (s: string) => s.split(sumdb.url).join("$SUMDB").split(proxy.url).join("$PROXY").split(work).join("$WORK").split(testCAFile).join("$CAFILE");
        expect(`${result ? 0 : 1}\n`, (errorLines ?? []).join("\n")).toBe(txtarFile(archive, "want/status"));
        if (result) {
          expect(result.newGoMod).toBe(txtarFile(archive, "want/go.mod"));
          expect(result.newGoSum).toBe(txtarFile(archive, "want/go.sum"));
        } else {
          const want = stderr.split(/\n(?=go: )/).filter((l) => l.startsWith("go: ") && !progressRE.test(l));
          expect(norm(errorLines!.join("\n")).trim()).toBe(want.join("\n").trim());
        }
        const progress = (lines: string[]) => lines.filter((l) => progressRE.test(l)).sort();
        expect(progress(log)).toEqual(progress(stderr.split("\n")));
        expect(cacheListing(join(work, "modcache"))).toBe(txtarFile(archive, "want/cache") ?? "");
        // What a credential helper was asked (get, store, erase), when the scenario logs it.
        expect(homeLogs(env.HOME)).toEqual(archive.files.filter((f) => f.name.startsWith("want/log/")).map((f) => ({ name: f.name, data: f.data })));
      } finally {
        await server.close();
        await proxy.close();
        await sumdb.close();
      }
    }, 60_000);
  }
});

describe("direct mode -x", () => {
  it("shows the git commands run, as go's -x does", async () => {
    const archive = parseTxtar(readFileSync(join(dir, "tags-latest.txtar"), "utf8"));
    const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
    const server = await startGitServer(inputs);
    const work = mkdtempSync(join(scratch, "trace-"));
    try {
      const env = directEnv(work, server.url, "");
      const trace: string[] = [];
      const { fetcher } = createFetcher({ env, trace: (l) => trace.push(l), http: { retries: 0 } });
      expect(await fetcher.versions("git.corp.example/team/lib")).toEqual(["v1.0.0", "v1.1.0"]);
      expect((await fetcher.latest("git.corp.example/team/lib")).Version).toBe("v1.1.1-0.20240304050607-26932727647b");
      expect((await fetcher.stat("git.corp.example/team/lib", "v1.1.0")).Version).toBe("v1.1.0");
      await fetcher.downloadZip("git.corp.example/team/lib", "v1.1.0");
      const lines = trace;
      const ran = lines.filter((l) => / git /.test(l) && !/^\d+\.\d{3}s # /.test(l)).map((l) => l.replace(/^cd \S+; /, ""));
      expect(ran).toContain("git ls-remote -q --end-of-options http://git.corp.example/team/lib");
      expect(ran).toContain("git init --bare --object-format=sha1");
      expect(ran).toContain("git remote add origin -- http://git.corp.example/team/lib");
      expect(ran).toContain("git -c protocol.version=2 fetch -f --depth=1 --end-of-options origin refs/tags/v1.1.0:refs/tags/v1.1.0");
      expect(ran.some((l) => l.startsWith("git -c core.autocrlf=input -c core.eol=lf archive "))).toBe(true);
      expect(lines.some((l) => /^\d+\.\d{3}s # cd \S+; git ls-remote /.test(l))).toBe(true);
    } finally {
      await server.close();
    }
  }, 60_000);
});
