#!/usr/bin/env node
// End-to-end test of .pre-commit-hooks.yaml with the real pre-commit framework.
//
//   node test/scripts/pre-commit-e2e.mjs [--limit=SECONDS] [--keep]
//
// Needs node, git and pre-commit (apt-get install pre-commit, or pip install pre-commit;
// PRE_COMMIT=/path/to/pre-commit picks another one), and the npm registry: pre-commit
// installs the hook with npm, as it would for a user.
//
// What it tests is the COMMITTED state of this repository: it clones HEAD (git clone of
// the repository root) and points pre-commit at that clone, so uncommitted changes to
// the hooks file, package.json or src/ are not seen. To try uncommitted changes, commit
// them in a throwaway clone and run the copy of this script inside that clone.
//
// In a scratch directory under the system temp directory it makes:
//   hooks-repo/       the clone of this repository (pre-commit's `repo:`, at its HEAD sha)
//   project/          a git repository holding a Go module that needs no network: its
//                     requirement on example.com/gone (replaced by ./gone) is unused, so
//                     `go mod tidy` removes it
//   pre-commit-home/  PRE_COMMIT_HOME, so the user's pre-commit cache is left alone
// then installs the hooks with `pre-commit install`, builds the hook's environment with
// `pre-commit install-hooks` (npm installs and builds the package; timed against
// --limit=SECONDS, default 60) and makes real `git commit`s:
//   gotidy-ts-check: the untidy commit is refused and says why (the removed requirement)
//                    and how to fix it from the user's shell, go.mod is left as it was;
//                    once go.mod is tidy the commit passes;
//   gotidy-ts:       an untidy commit fails, go.mod is rewritten tidy, and committing
//                    again (with the rewritten go.mod staged) passes.
// Each step prints PASS, FAIL or SKIP; the last line is the count. Exit status 0 when
// every step passed, 1 otherwise. --keep keeps the scratch directory (its path is printed).
//
// pre-commit 3 installs a node hook with `npm install` (devDependencies included) and
// `npm pack` in the clone, then `npm install -g` of the tarball; the build (the prepare
// script) takes seconds, so most of the install is npm's.

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const keep = process.argv.includes("--keep");
const limit = Number(process.argv.find((a) => a.startsWith("--limit="))?.slice(8) ?? 60);
const preCommit = process.env.PRE_COMMIT || "pre-commit";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-pre-commit-"));
const hooksRepo = join(scratch, "hooks-repo");
const project = join(scratch, "project");
const home = join(scratch, "pre-commit-home");

const gitconfig = join(scratch, "gitconfig");
writeFileSync(gitconfig, "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n");

const env = {
  ...process.env,
  // the module needs no network, and nothing from the user's Go settings
  GOFLAGS: "-mod=mod",
  GOPROXY: "off",
  GOSUMDB: "off",
  GOTOOLCHAIN: "local",
  GOENV: "off",
  GOWORK: "off",
  GOMODCACHE: join(scratch, "gomodcache"),
  PRE_COMMIT_HOME: home,
  // git: no user or system settings (hooksPath, signing, templates), a fixed identity
  GIT_CONFIG_GLOBAL: gitconfig,
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_AUTHOR_NAME: "pre-commit e2e",
  GIT_AUTHOR_EMAIL: "e2e@example.com",
  GIT_COMMITTER_NAME: "pre-commit e2e",
  GIT_COMMITTER_EMAIL: "e2e@example.com",
};
delete env.GIT_DIR;
delete env.GIT_WORK_TREE;
delete env.GIT_INDEX_FILE;

const untidyGoMod = "module example.com/m\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n\nreplace example.com/gone => ./gone\n";
const tidyGoMod = "module example.com/m\n\ngo 1.21\n\nreplace example.com/gone => ./gone\n";

/** run runs a command to completion: { status, out } with stdout and stderr together. */
function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20, timeout: 20 * 60 * 1000 });
  if (r.error) return { status: -1, out: `${cmd}: ${r.error.message}\n` };
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/** must runs a command that has to succeed (setup, not a checked step). */
function must(cmd, args, cwd) {
  const r = run(cmd, args, cwd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${r.out}`);
  return r.out;
}

const write = (rel, text) => {
  const file = join(project, rel);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
const read = (rel) => readFileSync(join(project, rel), "utf8");
const hasHead = () => run("git", ["rev-parse", "--verify", "-q", "HEAD"], project).status === 0;
const commitCount = () => (hasHead() ? Number(must("git", ["rev-list", "--count", "HEAD"], project).trim()) : 0);

function config(hookId, rev) {
  return `repos:\n  - repo: ${JSON.stringify(hooksRepo)}\n    rev: ${rev}\n    hooks:\n      - id: ${hookId}\n`;
}

/** indent prints a command's output under a step, its last 60 lines at most. */
const indent = (text) => {
  const lines = text.trimEnd().split("\n");
  const cut = lines.length > 60 ? [`(${lines.length - 60} lines before these)`, ...lines.slice(-60)] : lines;
  return cut.map((l) => `    | ${l}`).join("\n");
};

/** hint explains the known ways pre-commit's install of a node hook fails. */
function hint(out) {
  if (/tarball data for file:.*> gotidy-ts@/.test(out)) {
    return "hint: pre-commit before 4.6.1 takes all of `npm pack`'s output as the tarball's name, and npm prints the prepare script's banner there unless the repository's .npmrc says foreground-scripts=false";
  }
  if (/git dep preparation failed|Executable `gotidy-ts` not found/.test(out)) {
    return "hint: pre-commit 4.6.1 and later install with `npm install -g git+file://...`; npm 11 runs that install's inner `npm install` as global too (npm/cli#8440) and can leave gotidy-ts linked to a deleted temporary clone";
  }
  return "";
}

const results = [];
let failed = false;
/** step runs one check: fn returns what to show under PASS (or nothing), or throws (why). */
function step(name, fn) {
  if (failed) {
    results.push("skip");
    console.log(`SKIP ${name} (an earlier step failed)`);
    return;
  }
  const start = Date.now();
  try {
    const shown = fn();
    results.push("pass");
    console.log(`PASS ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
    if (shown) console.log(indent(shown));
  } catch (e) {
    failed = true;
    results.push("fail");
    console.log(`FAIL ${name} (${((Date.now() - start) / 1000).toFixed(1)}s): ${e.message.trimEnd()}`);
  }
}
const fail = (why, out) => {
  if (out === undefined) throw new Error(why);
  const h = hint(out);
  throw new Error(`${why}\n${indent(out)}${h ? `\n${h}` : ""}`);
};

let rev = "";
let versions = "";
try {
  step("setup: clone the committed HEAD and make the scratch Go module", () => {
    const v = run(preCommit, ["--version"], scratch);
    if (v.status !== 0) fail(`cannot run ${preCommit} (install pre-commit, or set PRE_COMMIT)`, v.out);
    const npm = run("npm", ["--version"], scratch);
    versions = `${v.out.trim()}, node ${process.version}, ${npm.status === 0 ? `npm ${npm.out.trim()}` : "no npm"}, git ${must("git", ["--version"], scratch).replace(/^git version /, "").trim()}`;
    must("git", ["clone", "--quiet", root, hooksRepo], scratch);
    rev = must("git", ["rev-parse", "HEAD"], hooksRepo).trim();
    if (!existsSync(join(hooksRepo, ".pre-commit-hooks.yaml"))) fail(`the committed HEAD (${rev}) has no .pre-commit-hooks.yaml`);
    must("git", ["init", "--quiet", project], scratch);
    write("go.mod", untidyGoMod);
    write("m.go", "package m\n");
    write("gone/go.mod", "module example.com/gone\n\ngo 1.21\n");
    write("gone/gone.go", "package gone\n");
    write("README", "scratch module for the gotidy-ts pre-commit test\n");
    write(".pre-commit-config.yaml", config("gotidy-ts-check", rev));
    must("git", ["add", "README", ".pre-commit-config.yaml"], project);
    must("git", ["commit", "--quiet", "--no-verify", "-m", "start"], project);
    return `${versions}\nhooks: ${rev}`;
  });

  step("pre-commit install", () => {
    const r = run(preCommit, ["install"], project);
    if (r.status !== 0) fail(`exit ${r.status}`, r.out);
  });

  step(`pre-commit install-hooks: the hook environment within ${limit}s`, () => {
    const start = Date.now();
    const r = run(preCommit, ["install-hooks"], project);
    const seconds = (Date.now() - start) / 1000;
    if (r.status !== 0) fail(`exit ${r.status}`, r.out);
    if (seconds > limit) fail(`took ${seconds.toFixed(1)}s, over the ${limit}s limit`, r.out);
    return `hook environment installed in ${seconds.toFixed(1)}s`;
  });

  step("gotidy-ts-check: commit of an untidy go.mod is refused and says why", () => {
    must("git", ["add", "-A"], project);
    const r = run("git", ["commit", "-m", "untidy"], project);
    if (r.status === 0) fail("the commit was accepted", r.out);
    if (!r.out.includes("hook id: gotidy-ts-check")) fail("the commit was refused, but not by the hook (could pre-commit install it?)", r.out);
    // the diff, and a reason line (not a diff line) naming the removed requirement
    if (!/^-require example\.com\/gone /m.test(r.out)) fail("the output has no diff removing the requirement on example.com/gone", r.out);
    if (!r.out.split("\n").some((l) => l.includes("example.com/gone") && !/^[-+ @]/.test(l))) {
      fail("the output has no line explaining the change to example.com/gone", r.out);
    }
    // gotidy-ts is not on the user's PATH: the fix names what is
    if (!/^To fix: run go mod tidy in \., or pre-commit run gotidy-ts --all-files/m.test(r.out)) fail("the output does not say how to fix it from the user's shell", r.out);
    if (commitCount() !== 1) fail("a commit was made");
    if (read("go.mod") !== untidyGoMod) fail("go.mod was changed by a check");
    return r.out;
  });

  step("gotidy-ts-check: commit of the tidy go.mod passes", () => {
    write("go.mod", tidyGoMod);
    must("git", ["add", "-A"], project);
    const r = run("git", ["commit", "-m", "tidy"], project);
    if (r.status !== 0) fail(`the commit was refused (exit ${r.status})`, r.out);
    if (!/Passed/.test(r.out) || /Failed/.test(r.out)) fail("the hook did not report Passed", r.out);
    if (commitCount() !== 2) fail("no commit was made", r.out);
  });

  step("gotidy-ts: an untidy commit fails and go.mod is rewritten tidy", () => {
    write(".pre-commit-config.yaml", config("gotidy-ts", rev));
    write("go.mod", untidyGoMod);
    write("n.go", "package m\n\nfunc N() {}\n");
    must("git", ["add", "-A"], project);
    const r = run("git", ["commit", "-m", "untidy again"], project);
    if (r.status === 0) fail("the commit was accepted", r.out);
    if (!/files were modified by this hook/.test(r.out)) fail("pre-commit did not report the rewritten files", r.out);
    if (commitCount() !== 2) fail("a commit was made");
    const now = read("go.mod");
    if (now !== tidyGoMod) fail("go.mod is not the tidy one", now);
  });

  step("gotidy-ts: committing again with the rewritten go.mod passes", () => {
    must("git", ["add", "-A"], project);
    const r = run("git", ["commit", "-m", "tidied by the hook"], project);
    if (r.status !== 0) fail(`the commit was refused (exit ${r.status})`, r.out);
    if (commitCount() !== 3) fail("no commit was made", r.out);
    const committed = must("git", ["show", "HEAD:go.mod"], project);
    if (committed !== tidyGoMod) fail("the committed go.mod is not the tidy one", committed);
  });
} finally {
  if (keep) console.log(`kept ${scratch}`);
  else remove(scratch);
}

/** remove deletes a directory tree, read-only directories (a Go module cache's) too. */
function remove(dir) {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    const writable = (d) => {
      chmodSync(d, 0o755);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) writable(join(d, e.name));
    };
    writable(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}

const count = (k) => results.filter((r) => r === k).length;
console.log(`pre-commit-e2e: ${count("pass")} passed, ${count("fail")} failed, ${count("skip")} skipped`);
process.exit(failed ? 1 : 0);
