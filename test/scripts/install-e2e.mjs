#!/usr/bin/env node
// End-to-end test of installing gotidy-ts as a user would, where there is no compiler.
//
//   node test/scripts/install-e2e.mjs [--npm=SPEC,...] [--limit=SECONDS] [--no-git] [--keep]
//
// Needs node, npm, git and the npm registry (the dependencies are downloaded into a fresh
// cache). It packs THIS working tree (`npm pack`, which builds it), then for each npm
// (default: the one on PATH, and npm@12 from the registry, run by the same node):
//   - global: `npm install -g --ignore-scripts <tarball>` into a fresh prefix with a fresh
//     npm cache and CC=/bin/false CXX=/bin/false (no user .npmrc), timed against the limit
//     (default 30 s); then `gotidy-ts --version`, `--check` on a tidy scratch module (exit 0,
//     nothing printed) and on an untidy one (exit 1, the diff, the reason, the "To fix"
//     line), offline (GOPROXY=off: the modules need nothing from the network);
//   - library: `npm install --ignore-scripts <tarball>` into a scratch project (same cache),
//     then `import "gotidy-ts/gomod"` and `import "gotidy-ts"` (tidy() on the scratch
//     module), and the type declarations are there;
//   - no `.node` file (a native addon) anywhere in the installed trees;
//   - from git (unless --no-git; npm 12 and later only): `npm install -g` of a clone of
//     HEAD (git+file://), which npm 12 refuses by default (allow-git=none) and which runs the
//     prepare script only when allowed: with --allow-git=all --allow-scripts=gotidy-ts it
//     gives a working gotidy-ts, built on the spot with no compiler. (npm 11's global git
//     installs link the package to a temporary clone that npm then deletes: npm/cli#8440.)
// Each step prints PASS or FAIL with its time; the last line is the count. Exit status 0
// when every step passed. --keep keeps the scratch directory (its path is printed).

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const keep = process.argv.includes("--keep");
const withGit = !process.argv.includes("--no-git");
const limit = Number(arg("limit") ?? 30);
const npmSpecs = (arg("npm") ?? "system,npm@12").split(",");
const version = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version;

const scratch = mkdtempSync(join(tmpdir(), "gotidy-install-"));
const npmrc = join(scratch, "npmrc");
writeFileSync(npmrc, "");
const baseEnv = {
  ...process.env,
  CC: "/bin/false",
  CXX: "/bin/false",
  npm_config_userconfig: npmrc,
  npm_config_update_notifier: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
  // the Go side: no network, nothing from the user's settings
  GOPROXY: "off",
  GOFLAGS: "-mod=mod",
  GOSUMDB: "off",
  GOENV: "off",
  GOWORK: "off",
  GOTOOLCHAIN: "local",
  GOMODCACHE: join(scratch, "gomodcache"),
  NO_COLOR: "1",
};
for (const k of Object.keys(baseEnv)) if (/^npm_(config_(?!userconfig|update_notifier|audit|fund)|lifecycle|package|execpath|command)/.test(k)) delete baseEnv[k];

/** run runs a command to completion: { status, out, stdout, seconds }. */
function run(cmd, args, cwd, env = baseEnv) {
  const start = Date.now();
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 << 20, timeout: 10 * 60 * 1000 });
  const seconds = (Date.now() - start) / 1000;
  if (r.error) return { status: -1, out: `${cmd}: ${r.error.message}\n`, stdout: "", seconds };
  return { status: r.status ?? -1, out: `${r.stdout}${r.stderr}`, stdout: r.stdout, seconds };
}
function must(cmd, args, cwd, env) {
  const r = run(cmd, args, cwd, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status}):\n${indent(r.out)}`);
  return r;
}
const indent = (text) => text.trimEnd().split("\n").slice(-40).map((l) => `    | ${l}`).join("\n");

const results = [];
/** step runs one check: fn returns what to show under PASS (or nothing), or throws (why). */
function step(name, fn) {
  const start = Date.now();
  try {
    const shown = fn();
    results.push("pass");
    console.log(`PASS ${name} (${((Date.now() - start) / 1000).toFixed(1)}s)`);
    if (shown) console.log(indent(shown));
    return true;
  } catch (e) {
    results.push("fail");
    console.log(`FAIL ${name} (${((Date.now() - start) / 1000).toFixed(1)}s): ${e.message.trimEnd()}`);
    return false;
  }
}
const check = (ok, why, out) => {
  if (!ok) throw new Error(out === undefined ? why : `${why}\n${indent(out)}`);
};

/** nativeFiles lists the .node files below dir. */
function nativeFiles(dir) {
  const found = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".node")) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** npmCommand is how to run the npm of spec: [executable, ...leading args]. */
function npmCommand(spec) {
  if (spec === "system") return ["npm"];
  const r = must("npm", ["exec", "--yes", `--package=${spec}`, "-c", "node -e \"console.log(require('fs').realpathSync(process.argv[1]))\" \"$(command -v npm)\""], scratch, { ...baseEnv, npm_config_userconfig: undefined });
  return [process.execPath, r.stdout.trim()];
}

// Two scratch Go modules: one tidy, one whose unused requirement (replaced by a local
// directory, so nothing is fetched) tidy removes.
const tidyMod = join(scratch, "tidy-module");
const untidyMod = join(scratch, "untidy-module");
const write = (file, text) => {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
};
write(join(tidyMod, "go.mod"), "module example.com/tidy\n\ngo 1.21\n");
write(join(tidyMod, "m.go"), "package m\n\nimport _ \"fmt\"\n");
write(join(untidyMod, "go.mod"), "module example.com/m\n\ngo 1.21\n\nrequire example.com/gone v1.0.0\n\nreplace example.com/gone => ./gone\n");
write(join(untidyMod, "m.go"), "package m\n");
write(join(untidyMod, "gone", "go.mod"), "module example.com/gone\n\ngo 1.21\n");
write(join(untidyMod, "gone", "gone.go"), "package gone\n");

const library = `
import { parseGoMod, formatGoMod } from "gotidy-ts/gomod";
import { tidy } from "gotidy-ts";
const f = parseGoMod("module example.com/x\\nrequire example.com/a v1.0.0\\n");
const r = await tidy({ root: process.argv[1], env: process.env });
console.log(JSON.stringify({ formatted: formatGoMod(f), tidied: r.newGoMod }));`;

let tarball = "";
try {
  const packed = step("npm pack (builds the package)", () => {
    const r = must("npm", ["pack", "--pack-destination", scratch], root, process.env);
    tarball = join(scratch, r.stdout.trim().split("\n").pop());
    return `${tarball.replace(scratch, "<scratch>")}, node ${process.version}`;
  });
  for (const spec of packed ? npmSpecs : []) {
    const dir = join(scratch, spec.replace(/[^a-z0-9.]+/gi, "-"));
    const prefix = join(dir, "prefix");
    const cache = join(dir, "cache");
    const project = join(dir, "project");
    let npm = [];
    if (!step(`${spec}: find it`, () => {
      npm = npmCommand(spec);
      return `npm ${must(npm[0], [...npm.slice(1), "--version"], scratch).stdout.trim()}`;
    })) continue;
    const npmRun = (args, cwd, extraEnv = {}) => run(npm[0], [...npm.slice(1), ...args], cwd, { ...baseEnv, npm_config_cache: cache, ...extraEnv });
    const bin = join(prefix, process.platform === "win32" ? "gotidy-ts.cmd" : join("bin", "gotidy-ts"));

    const installed = step(`${spec}: npm install -g --ignore-scripts <tarball>, fresh prefix and cache, CC=/bin/false (limit ${limit}s)`, () => {
      const r = npmRun(["install", "-g", "--ignore-scripts", tarball], scratch, { npm_config_prefix: prefix });
      check(r.status === 0, `exit ${r.status}`, r.out);
      check(r.seconds <= limit, `took ${r.seconds.toFixed(1)}s, over the ${limit}s limit`, r.out);
      return `installed in ${r.seconds.toFixed(1)}s`;
    });
    if (installed) {
      step(`${spec}: gotidy-ts --version`, () => {
        const r = run(bin, ["--version"], scratch);
        check(r.status === 0 && r.stdout === `${version}\n`, `exit ${r.status}, expected ${version}`, r.out);
      });
      step(`${spec}: gotidy-ts --check on a tidy module: exit 0, nothing printed`, () => {
        const r = run(bin, ["--check"], tidyMod);
        check(r.status === 0 && r.out === "", `exit ${r.status}`, r.out);
      });
      step(`${spec}: gotidy-ts --check on an untidy module: exit 1, the diff and why`, () => {
        const r = run(bin, ["--check"], untidyMod);
        check(r.status === 1, `exit ${r.status}`, r.out);
        check(/^-require example\.com\/gone v1\.0\.0$/m.test(r.out), "no diff line removing example.com/gone", r.out);
        check(/^\tremove example\.com\/gone v1\.0\.0: /m.test(r.out) && /^To fix: /m.test(r.out), "no reason or no To fix line", r.out);
        return r.out;
      });
    }
    step(`${spec}: library: npm install --ignore-scripts <tarball> in a project, import gotidy-ts/gomod and gotidy-ts`, () => {
      write(join(project, "package.json"), JSON.stringify({ name: "scratch-project", private: true, type: "module" }) + "\n");
      const r = npmRun(["install", "--ignore-scripts", tarball], project);
      check(r.status === 0, `npm install: exit ${r.status}`, r.out);
      const l = run(process.execPath, ["--input-type=module", "-e", library, untidyMod], project);
      check(l.status === 0, `exit ${l.status}`, l.out);
      const got = JSON.parse(l.stdout);
      check(got.formatted === "module example.com/x\n\nrequire example.com/a v1.0.0\n", "formatGoMod", got.formatted);
      check(!got.tidied.includes("example.com/gone v1.0.0"), "tidy kept the unused requirement", got.tidied);
      const pkgDir = join(project, "node_modules", "gotidy-ts");
      for (const f of ["dist/index.d.ts", "dist/gomod.d.ts"]) readFileSync(join(pkgDir, f));
      return `installed in ${r.seconds.toFixed(1)}s; declarations: dist/index.d.ts, dist/gomod.d.ts`;
    });
    step(`${spec}: no .node file in the installed trees`, () => {
      const found = [...nativeFiles(prefix), ...nativeFiles(join(project, "node_modules"))];
      check(found.length === 0, `native files: ${found.join(", ")}`);
    });
    const major = Number(must(npm[0], [...npm.slice(1), "--version"], scratch).stdout.split(".")[0]);
    if (withGit && major >= 12) {
      const clone = join(scratch, "clone");
      const gitPrefix = join(dir, "git-prefix");
      const gitBin = join(gitPrefix, "bin", "gotidy-ts");
      step(`${spec}: from git: refused by default (allow-git=none)`, () => {
        must("git", ["clone", "--quiet", root, clone], scratch);
        const r = npmRun(["install", "-g", `git+${pathToFileURL(clone).href}`], scratch, { npm_config_prefix: gitPrefix });
        check(r.status !== 0 && /EALLOWGIT/.test(r.out), `exit ${r.status}`, r.out);
      });
      step(`${spec}: from git with --allow-git=all --allow-scripts=gotidy-ts: built with no compiler, gotidy-ts works`, () => {
        const r = npmRun(["install", "-g", "--allow-git=all", "--allow-scripts=gotidy-ts", `git+${pathToFileURL(clone).href}`], scratch, { npm_config_prefix: gitPrefix });
        check(r.status === 0, `exit ${r.status}`, r.out);
        const v = run(gitBin, ["--version"], scratch);
        check(v.status === 0 && v.stdout === `${version}\n`, `--version: exit ${v.status}`, v.out);
        const c = run(gitBin, ["--check"], untidyMod);
        check(c.status === 1, `--check on the untidy module: exit ${c.status}`, c.out);
        const found = nativeFiles(gitPrefix);
        check(found.length === 0, `native files: ${found.join(", ")}`);
        return `installed in ${r.seconds.toFixed(1)}s (a clone of the committed HEAD)`;
      });
    }
  }
} finally {
  if (keep) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}

const count = (k) => results.filter((r) => r === k).length;
console.log(`install-e2e: ${count("pass")} passed, ${count("fail")} failed`);
process.exit(count("fail") > 0 ? 1 : 0);
