// go mod tidy scenarios (testdata/scenarios, recorded by test/scripts/record-scenarios.mjs
// from the real go command against the fake proxy): go.mod, go.sum, the exit status and
// the stderr lines must be the go command's (progress lines compared as a set: the go
// command runs queries and downloads concurrently, so their order varies). A scenario's
// "goenv" (the user's go env file) and "env" are applied as the recorder applies them,
// and the run goes through the library's tidy(), which applies GO111MODULE and GOFLAGS.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { GoModErrorList } from "../../src/modfile/index.js";
import { TidyErrors } from "../../src/tidy/tidy.js";
import { tidy } from "../../src/library.js";
import { GoSettingError } from "../../src/settings/errors.js";
import { fatalError } from "../../src/fetch/errors.js";
import { BuildListError } from "../../src/mvs/mvs.js";
import { tidyDiffOutput } from "../../src/tidy/diff.js";
import { tidyFileChanges } from "../../src/tidy/write.js";
import { CacheStore } from "../../src/cache/store.js";
import { cachingScanner } from "../../src/cache/scanner.js";
import { createScanner } from "../../src/scan/source-scanner.js";
import { modRequests, startArchiveProxy, startSecondArchiveProxy } from "../support/fake-proxy.js";
import { writeModuleCacheFiles } from "../support/modcache-files.js";
import { changeKeys, expectedChangeKeys, withoutAddedGoLine } from "../support/changes.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";
import { keyValues, scenarioEnv } from "../support/scenario-env.js";

const dir = join(__dirname, "..", "..", "testdata", "scenarios");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-scenario-test-"));
// Removing every run's module cache (read-only trees) takes a while on a loaded machine.
afterAll(() => new ModuleCache(scratch).removeTree(scratch), 120_000);

/**
 * effectiveFlags: the command line's flags after those of GOFLAGS (from the scenario's
 * env or go env file), for choosing what to compare. (Quotes are simply dropped: the
 * scenarios quote whole words only.)
 */
function effectiveFlags(archive: ReturnType<typeof parseTxtar>, flags: string[], work: string): string[] {
  const env = scenarioEnv(archive, work);
  const fromGoEnv = keyValues(txtarFile(archive, "goenv")).find(([k]) => k === "GOFLAGS")?.[1];
  const goflags = (env.GOFLAGS ?? fromGoEnv ?? "").split(/\s+/).filter(Boolean).map((w) => w.replace(/^['"]|['"]$/g, "").replace(/^--/, "-"));
  const name = (f: string) => f.split("=")[0];
  const out = goflags.filter((g) => !flags.some((f) => name(f) === name(g)));
  return [...out, ...flags].filter((f) => !f.endsWith("=false"));
}

/** flagValue: a bool flag of the scenario's command line (undefined when not given). */
function boolFlag(flags: string[], name: string): boolean | undefined {
  if (flags.includes(`-${name}`)) return true;
  if (flags.includes(`-${name}=false`)) return false;
  return undefined;
}

/** A run's answer: the result, or the error lines, or the setting refused before any work. */
interface ScenarioRun {
  result: Awaited<ReturnType<typeof tidy>> | null;
  errorLines: string[];
  settingError: GoSettingError | null;
}

/**
 * runScenario tidies the scenario's module once, through the library, with a fetcher of
 * its own over the scenario's module cache and a scanner over gotidy-ts's cache in store
 * (with parse false, over that cache alone: a file it does not hold fails the run).
 */
async function runScenario(
  archive: ReturnType<typeof parseTxtar>, mod: string, work: string, proxyUrl: string, proxy2Url: string | undefined, goSumText: string | undefined,
  commandLine: string[], log: string[], store: CacheStore, parse: boolean,
): Promise<ScenarioRun> {
  const verifier = new Verifier(goSumText ? parseGoSum(goSumText) : null, { GOSUMDB: "off", GONOSUMDB: "" });
  const fetcher = new Fetcher({
    cache: new ModuleCache(join(work, "modcache")), http: new HttpClient({ retries: 0 }), verifier,
    // The scenario's own GOPROXY (its env file: GOPROXY=off) replaces the proxy, as in the recording.
    settings: { GOPROXY: scenarioEnv(archive, work, { proxy: proxyUrl, proxy2: proxy2Url }).GOPROXY ?? proxyUrl, GONOPROXY: "" }, log: (l) => log.push(l),
  });
  // The runs as if a minute after the files were written: outside the racy window (src/cache/local-scan.ts).
  const later = () => Date.now() + 60_000;
  const scanner = cachingScanner(parse ? await createScanner() : null, { store, moduleCache: join(work, "modcache"), now: later });
  const out: ScenarioRun = { result: null, errorLines: [], settingError: null };
  try {
    // Only the command line's flags are passed: the library takes GOFLAGS's itself.
    const value = (name: string) => commandLine.find((f) => f.startsWith(`-${name}=`))?.slice(name.length + 2);
    out.result = await tidy({
      root: mod, fetch: { fetcher, verifier }, log: (l) => log.push(l), cwd: mod, allowErrors: boolFlag(commandLine, "e"),
      env: scenarioEnv(archive, work, { proxy: proxyUrl, proxy2: proxy2Url }), home: "", // as recorded
      goVersion: value("go"), compatVersion: value("compat"), modFile: value("modfile"), verbose: boolFlag(commandLine, "v"), scanner,
      onUnused: (paths) => log.push(...paths.map((u) => `unused ${u}`)),
    });
  } catch (e) {
    // go.mod errors are printed by the command under a heading, as go prints them.
    if (e instanceof GoModErrorList) out.errorLines = [`go: errors parsing ${e.errors[0]?.fileName || "go.mod"}:\n${e.message}`];
    else if (e instanceof TidyErrors) out.errorLines = e.lines;
    // A failure the go command ends on at once, printed as it is (without "go: ").
    else if (fatalError(e)) out.errorLines = [fatalError(e)!.message];
    // A module graph that cannot be read, printed by the command as go prints it.
    else if (e instanceof BuildListError) out.errorLines = [`go: ${e.message}`];
    else if (e instanceof GoSettingError) out.settingError = e;
    else throw e;
  } finally {
    scanner.close();
  }
  return out;
}

/** extractedModules lists the module directories below a module cache (module@version, outside cache/). */
function extractedModules(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory() || (rel === "" && e.name === "cache")) continue;
      const name = rel ? `${rel}/${e.name}` : e.name;
      if (e.name.includes("@")) out.push(name);
      else walk(join(dir, e.name), name);
    }
  };
  if (existsSync(root)) walk(root, "");
  return out.sort();
}

describe("go mod tidy scenarios", () => {
  // The sumdb-* scenarios set the checksum database, which this replay turns off (its
  // verifier is injected), and the modroot-* ones are about where the command finds the
  // main module (the library is given it): test/cli/goenv.test.ts runs them through the
  // executable.
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar") && !/^(sumdb|modroot)-/.test(n)).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThanOrEqual(10));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const proxy = await startArchiveProxy(archive.files);
      // A second proxy ($PROXY2 in a GOPROXY list) where the scenario has proxy2/ entries.
      const proxy2 = await startSecondArchiveProxy(archive.files);
      const norm = (l: string) => (proxy2 ? l.split(proxy2.url).join("$PROXY2") : l).split(proxy.url).join("$PROXY").split(work).join("$WORK");
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      const mod = join(work, "m");
      const commandLine = (txtarFile(archive, "flags") ?? "").split("\n").filter(Boolean);
      writeTxtarFiles(mod, archive.files.filter((f) => !/^(proxy2?|want|modcache)\//.test(f.name) && !["flags", "goenv", "env"].includes(f.name)));
      // A module cache that already holds some modules (as the recorder writes it).
      writeModuleCacheFiles(join(work, "modcache"), archive.files);
      const flags = effectiveFlags(archive, commandLine, work);
      // With -modfile (from GOFLAGS or the command line), go reads that file and its .sum instead.
      const modFile = flags.find((f) => f.startsWith("-modfile="))?.slice("-modfile=".length) || "go.mod";
      const goModText = txtarFile(archive, modFile);
      const goSumText = modFile.endsWith(".mod") ? txtarFile(archive, modFile.replace(/\.mod$/, ".sum")) : undefined;
      const stderr = txtarFile(archive, "want/stderr") ?? "";
      const progress = (lines: string[]) => lines.filter((l) => /^go: (downloading|finding module|found) /.test(l)).sort();
      const store = new CacheStore(join(work, "gotidy-cache"), { toolVersion: "test" });
      const replay = (log: string[], parse: boolean) => runScenario(archive, mod, work, proxy.url, proxy2?.url, goSumText, commandLine, log, store, parse);
      try {
        const extracted = () => extractedModules(join(work, "modcache"));
        const before = extracted();
        const log: string[] = [];
        const { result, errorLines, settingError } = await replay(log, true);
        // The modules downloaded are read from their zips: none is extracted.
        expect(extracted()).toEqual(before);
        // Where recorded, the go.mod files go asked the proxy for, and no others.
        const wantRequests = txtarFile(archive, "want/mod-requests");
        if (wantRequests !== undefined) expect(modRequests(proxy.requests).map((l) => l + "\n").join("")).toBe(wantRequests);
        // Again on the module cache as that run left it (zips the go command would extract),
        // without gotidy-ts's cache: the same answer.
        const uncachedLog: string[] = [];
        const uncached = await runScenario(archive, mod, work, proxy.url, proxy2?.url, goSumText, commandLine, uncachedLog, new CacheStore(join(work, "no-cache"), { toolVersion: "test" }), true);
        expect(uncached.result).toEqual(result);
        expect(uncached.errorLines).toEqual(errorLines);
        expect(uncached.settingError?.message).toBe(settingError?.message);
        // The same scenario again with the cache warm (module index, scan cache): the same
        // answer, without parsing a single Go file (a scanner with no parser below it).
        const warmLog: string[] = [];
        const warm = await replay(warmLog, false);
        expect(warm.result).toEqual(result);
        expect(warm.errorLines).toEqual(errorLines);
        expect(warm.settingError?.message).toBe(settingError?.message);
        const notDownloads = (lines: string[]) => lines.filter((l) => !l.startsWith("go: downloading "));
        expect(notDownloads(warmLog)).toEqual(notDownloads(log));
        expect(notDownloads(uncachedLog)).toEqual(notDownloads(log));
        if (settingError) {
          // Refused before any work: go's first line (the command adds the usage text) and status.
          expect(`go: ${settingError.message}`).toBe(stderr.split("\n")[0]);
          expect(`${settingError.exitCode}\n`).toBe(txtarFile(archive, "want/status"));
          expect(settingError.showUsage).toBe(stderr.includes("\nusage: go mod tidy"));
          expect(txtarFile(archive, "want/go.mod")).toBe(goModText);
          expect(log).toEqual([]);
          return;
        }
        if (result && flags.includes("-diff")) {
          // -diff writes nothing: what would change goes to stdout, exit 1 when anything would.
          const out = tidyDiffOutput(result);
          expect(out).toBe(txtarFile(archive, "want/stdout"));
          expect(`${out ? 1 : 0}\n`).toBe(txtarFile(archive, "want/status"));
          expect(txtarFile(archive, "want/go.mod")).toBe(goModText);
        } else {
          expect(`${result ? 0 : 1}\n`).toBe(txtarFile(archive, "want/status"));
        }
        if (result && flags.includes("-e")) {
          // -e: the errors are printed, and tidy goes on (with -v, the unused lines where go prints them).
          const verbose = flags.includes("-v");
          const errs = (lines: string[]) => lines.filter((l) => (l.startsWith("go: ") || (verbose && l.startsWith("unused "))) && !/^go: (downloading|finding module|found) /.test(l));
          const want = stderr.split(/\n(?=go: |unused )/).map((l) => l.replace(/\n$/, ""));
          expect(errs(log).map(norm)).toEqual(errs(want));
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
          // Where there was no go.sum, whether one is written (an empty one too).
          if (result.oldGoSum === null) expect(tidyFileChanges(result).goSum).toBe(txtarFile(archive, "want/no-go.sum") === undefined);
          // Every change between the input and go's output is explained, once, with a reason.
          // (The input as tidy read it, versions resolved, without the go line it added.)
          const before = withoutAddedGoLine(goModText!, result.currentGoMod);
          const want = expectedChangeKeys(before, txtarFile(archive, "want/go.mod")!, goSumText ?? "", txtarFile(archive, "want/go.sum") ?? "");
          const changes = [...result.goModChanges, ...result.goSumChanges];
          expect(changeKeys(changes)).toEqual(want);
          for (const c of changes) expect(c.reason).toMatch(/\S/);
        } else if (!result) {
          // go's "-> unzip ..." lines are the log's (printed as it goes), the rest the errors'.
          const arrows = (lines: string[]) => lines.filter((l) => l.startsWith("-> "));
          expect(arrows(log).map((l) => l.split(work).join("$WORK"))).toEqual(arrows(stderr.split("\n")));
          const errorText = stderr.split("\n").filter((l) => !l.startsWith("-> ")).join("\n");
          const want = errorText.split(/\n(?=go: )/).filter((l) => !/^go: (downloading|finding module|found) /.test(l));
          expect(errorLines.map(norm).join("\n").trim()).toBe(want.join("\n").trim());
        }
        expect(progress(log)).toEqual(progress(stderr.split("\n")));
      } finally {
        await proxy.close();
        await proxy2?.close();
      }
    });
  }
});
