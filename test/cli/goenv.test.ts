// The gotidy-ts executable on the recorded scenarios whose settings come from a go env
// file (testdata/scenarios/goenv-*.txtar), set the checksum database
// (testdata/scenarios/sumdb-*.txtar) or -modfile (modfile-*.txtar), or a
// GOPATH or TMPDIR where go ignores a go.mod (modroot-*.txtar), recorded from go mod tidy by
// test/scripts/record-scenarios.mjs: stdout, stderr, the exit status, go.mod and go.sum
// must be the go command's byte for byte (GO111MODULE=off's refusal included).
// Runs bin/gotidy-ts.js of the package built from the current sources for this run.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand, type CommandResult } from "../support/recorder.js";
import { afterAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { startArchiveProxy } from "../support/fake-proxy.js";
import { bin } from "../support/cli.js";
import { keyValues, scenarioEnv } from "../support/scenario-env.js";
import { parseTxtar, txtarFile, writeTxtarFiles } from "../support/txtar.js";

const root = join(__dirname, "..", "..");
const dir = join(root, "testdata", "scenarios");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-goenv-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

/** run starts the CLI (built from the current source) in cwd and collects its output. */
function run(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return runCommand(process.execPath, [bin, ...args], { cwd, env });
}

describe("gotidy-ts with settings from a go env file or GOSUMDB, against go mod tidy", () => {
  const names = readdirSync(dir).filter((n) => /^(goenv|sumdb|modfile|modroot)-/.test(n) && n.endsWith(".txtar")).sort();
  it("has recorded scenarios", () => expect(names.length).toBeGreaterThanOrEqual(10));
  for (const n of names) {
    it(n.slice(0, -6), async () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const proxy = await startArchiveProxy(archive.files);
      const work = mkdtempSync(join(scratch, n.slice(0, -6) + "-"));
      const mod = join(work, "m");
      writeTxtarFiles(mod, archive.files.filter((f) => !f.name.startsWith("proxy/") && !f.name.startsWith("want/") && !["flags", "goenv", "env"].includes(f.name)));
      const env = {
        PATH: process.env.PATH, HOME: work, NO_COLOR: "1", GOPROXY: proxy.url, GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "",
        GOMODCACHE: join(work, "modcache"), GOPATH: join(work, "gopath"), ...scenarioEnv(archive, work),
      };
      const flags = (txtarFile(archive, "flags") ?? "").split("\n").filter(Boolean);
      /** expectFile: the file holds the recorded section, or is absent when that (or the absence marker) says so. */
      const expectFile = (file: string, section: string, absent?: string) => {
        const want = txtarFile(archive, section);
        if (want === undefined || (absent && txtarFile(archive, absent) !== undefined)) expect(existsSync(file)).toBe(false);
        else expect(readFileSync(file, "utf8")).toBe(want);
      };
      try {
        const r = await run(mod, flags, env);
        const norm = (s: string) => s.split(proxy.url).join("$PROXY").split(work).join("$WORK");
        // Progress lines are compared as a set (go downloads concurrently, so their order
        // varies), every other line in order.
        const progress = /^go: (downloading|finding module|found) /;
        const split = (s: string) => [s.split("\n").filter((l) => progress.test(l)).sort(), s.split("\n").filter((l) => !progress.test(l))];
        expect(split(norm(r.stderr))).toEqual(split(txtarFile(archive, "want/stderr")!));
        expect(norm(r.stdout)).toBe(txtarFile(archive, "want/stdout"));
        expect(`${r.status}\n`).toBe(txtarFile(archive, "want/status"));
        // With -modfile (GOFLAGS's, or the command line's over it), go writes that file and
        // its .sum instead of go.mod and go.sum, which it leaves as they were.
        const goflags = (env as Record<string, string | undefined>).GOFLAGS ?? keyValues(txtarFile(archive, "goenv")).find(([k]) => k === "GOFLAGS")?.[1] ?? "";
        const modFlag = [...goflags.split(/\s+/), ...flags].reverse().find((f) => /^--?modfile=/.test(f));
        const modFile = modFlag?.slice(modFlag.indexOf("=") + 1) || "go.mod";
        // (A file without the .mod extension is refused before it is read.)
        if (modFile.endsWith(".mod")) {
          expectFile(join(mod, modFile), "want/go.mod", "want/no-go.mod");
          expectFile(join(mod, modFile.replace(/\.mod$/, ".sum")), "want/go.sum", "want/no-go.sum");
        }
        if (modFile !== "go.mod") {
          expectFile(join(mod, "go.mod"), "want/plain-go.mod");
          expectFile(join(mod, "go.sum"), "want/plain-go.sum");
        }
      } finally {
        await proxy.close();
      }
    });
  }
});

describe("gotidy-ts -r with GOWORK from a go env file", () => {
  // testdata/workspace/goenv-gowork-off.txtar: a go.work listing a missing module, which
  // go does not read with GOWORK=off in the go env file (recorded by record-gowork.mjs).
  const archive = parseTxtar(readFileSync(join(root, "testdata", "workspace", "goenv-gowork-off.txtar"), "utf8"));
  const recordedError = txtarFile(parseTxtar(readFileSync(join(root, "testdata", "workspace", "goenv-gowork-off-env-wins.txtar"), "utf8")), "want/stderr");

  it("walks the tree instead of using go.work under GOWORK=off from the go env file, and uses it otherwise", async () => {
    const tree = mkdtempSync(join(scratch, "gowork-"));
    writeTxtarFiles(tree, archive.files.filter((f) => !f.name.startsWith("want/")));
    const env = { PATH: process.env.PATH, HOME: tree, NO_COLOR: "1", GOPROXY: "off", GOSUMDB: "off", GOTOOLCHAIN: "local" };
    const walked = await run(tree, ["-r", "--check"], { ...env, GOENV: join(tree, "goenv") });
    expect(walked.stderr).toBe("go: warning: \"all\" matched no packages\n"); // go's, for a module without packages
    expect(walked.stdout).toBe("== .\ngotidy-ts: 1 module, 1 tidy\n");
    expect(walked.status).toBe(0);
    const used = await run(tree, ["-r", "--check"], { ...env, GOENV: "off" });
    expect(used.stderr).toBe(recordedError);
    expect(used.status).toBe(2);
  });
});
