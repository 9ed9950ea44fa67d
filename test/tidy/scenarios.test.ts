// go mod tidy scenarios (testdata/scenarios, recorded by test/scripts/record-scenarios.mjs
// from the real go command against the fake proxy): go.mod, go.sum, the exit status and
// the stderr lines must be the go command's (progress lines compared as a set: the go
// command runs queries and downloads concurrently, so their order varies).

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { GoModErrorList } from "../../src/modfile/index.js";
import { TidyErrors, tidy } from "../../src/tidy/tidy.js";
import { tidyDiffOutput } from "../../src/tidy/diff.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { changeKeys, expectedChangeKeys, withoutAddedGoLine } from "../support/changes.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "scenarios");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-scenario-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

describe("go mod tidy scenarios", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThanOrEqual(10));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const proxy = await startArchiveProxy(archive.files);
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      const mod = join(work, "m");
      const flags = (txtarFile(archive, "flags") ?? "").split("\n").filter(Boolean);
      writeTxtarFiles(mod, archive.files.filter((f) => !f.name.startsWith("proxy/") && !f.name.startsWith("want/") && f.name !== "flags"));
      const log: string[] = [];
      const goSumText = txtarFile(archive, "go.sum");
      const verifier = new Verifier(goSumText ? parseGoSum(goSumText) : null, { GOSUMDB: "off", GONOSUMDB: "" });
      const fetcher = new Fetcher({
        cache: new ModuleCache(join(work, "modcache")), http: new HttpClient({ retries: 0 }), verifier,
        settings: { GOPROXY: proxy.url, GONOPROXY: "" }, log: (l) => log.push(l),
      });
      const stderr = txtarFile(archive, "want/stderr") ?? "";
      const progress = (lines: string[]) => lines.filter((l) => /^go: (downloading|finding module|found) /.test(l)).sort();
      try {
        let errorLines: string[] = [];
        let result: Awaited<ReturnType<typeof tidy>> | null = null;
        try {
          const value = (name: string) => flags.find((f) => f.startsWith(`-${name}=`))?.slice(name.length + 2);
          result = await tidy({
            root: mod, fetch: { fetcher, verifier }, log: (l) => log.push(l), cwd: mod, allowErrors: flags.includes("-e"),
            env: { GOTOOLCHAIN: "local", GOENV: "off" }, // as recorded
            goVersion: value("go"), compatVersion: value("compat"), verbose: flags.includes("-v"),
          });
        } catch (e) {
          // go.mod errors are printed by the command under a heading, as go prints them.
          if (e instanceof GoModErrorList) errorLines = [`go: errors parsing go.mod:\n${e.message}`];
          else if (e instanceof TidyErrors) errorLines = e.lines;
          else throw e;
        }
        if (result && flags.includes("-diff")) {
          // -diff writes nothing: what would change goes to stdout, exit 1 when anything would.
          const out = tidyDiffOutput(result);
          expect(out).toBe(txtarFile(archive, "want/stdout"));
          expect(`${out ? 1 : 0}\n`).toBe(txtarFile(archive, "want/status"));
          expect(txtarFile(archive, "want/go.mod")).toBe(txtarFile(archive, "go.mod"));
        } else {
          expect(`${result ? 0 : 1}\n`).toBe(txtarFile(archive, "want/status"));
        }
        if (result && flags.includes("-e")) {
          // -e: the errors are printed, and tidy goes on.
          const errs = (lines: string[]) => lines.filter((l) => l.startsWith("go: ") && !/^go: (downloading|finding module|found) /.test(l));
          const want = stderr.split(/\n(?=go: |unused )/).map((l) => l.replace(/\n$/, ""));
          expect(errs(log).map((l) => l.split(proxy.url).join("$PROXY").split(work).join("$WORK"))).toEqual(errs(want));
        }
        if (result && !flags.includes("-e")) {
          // Every other line (warnings) in order; the unused lines come from the command.
          const other = (lines: string[]) => lines.filter((l) => l !== "" && !/^go: (downloading|finding module|found) /.test(l) && !l.startsWith("unused "));
          expect(other(log)).toEqual(other(stderr.split("\n")));
        }
        if (result && flags.includes("-v")) {
          expect(result.unused.map((u) => `unused ${u}`)).toEqual(stderr.split("\n").filter((l) => l.startsWith("unused ")));
        }
        if (result && !flags.includes("-diff")) {
          expect(result.newGoMod).toBe(txtarFile(archive, "want/go.mod"));
          expect(result.newGoSum).toBe(txtarFile(archive, "want/go.sum"));
          // Every change between the input and go's output is explained, once, with a reason.
          // (The input as tidy read it, versions resolved, without the go line it added.)
          const before = withoutAddedGoLine(txtarFile(archive, "go.mod")!, result.currentGoMod);
          const want = expectedChangeKeys(before, txtarFile(archive, "want/go.mod")!, goSumText ?? "", txtarFile(archive, "want/go.sum") ?? "");
          const changes = [...result.goModChanges, ...result.goSumChanges];
          expect(changeKeys(changes)).toEqual(want);
          for (const c of changes) expect(c.reason).toMatch(/\S/);
        } else if (!result) {
          const want = stderr.split(/\n(?=go: )/).filter((l) => l.startsWith("go: ") && !/^go: (downloading|finding module|found) /.test(l));
          expect(errorLines.map((l) => l.split(proxy.url).join("$PROXY").split(work).join("$WORK")).join("\n").trim()).toBe(want.join("\n").trim());
        }
        expect(progress(log)).toEqual(progress(stderr.split("\n")));
      } finally {
        await proxy.close();
      }
    });
  }
});
