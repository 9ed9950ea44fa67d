// The architecture of gotidy-ts, checked on every test run rather than described in prose
// that code drifts away from. The sources are read with the TypeScript parser
// (source-facts.ts), so a comment or a string that mentions process.env or node:http counts
// for nothing. Places that break a rule today are listed, each with its reason, in
// known-violations.ts; that list may only shrink.
//
// Only src/fetch/ opens network connections (node:net, node:tls, node:http, node:https,
// node:http2, node:dns, node:dgram, undici, the global fetch). Everything between reading
// go.mod and writing it is then deterministic given a module source, and is tested with an
// in-memory one; proxies, credentials, certificates, timeouts and retries have one home.
//
// Only the atomic writer (src/io/) and the module cache (src/fetch/cache.ts, with its lock
// and zip extraction, and the clones of direct mode in cache/vcs: src/fetch/vcs/workdir.ts)
// write to the file system (writeFile, rename, mkdir, rm, unlink, chmod,
// createWriteStream, open with flags other than reading, ...). A write elsewhere is a write
// that is neither atomic nor in the cache's layout, and a library user cannot rely on what
// was written when it fails half way.
//
// Only src/cli/ touches the process: process.argv, env, cwd, exit codes, stdout, stderr,
// signal handlers, and os.homedir(). Everything else is given its settings, directory and
// output streams, so that the CLI and a library caller get the same answers, settings are
// read once, and tests run in one process without changing its globals. The library's
// entry points (src/library.ts) are the one other place: there a library caller's omitted
// env, cwd or home is filled in from the process, when the call is made. Facts about the
// process that no setting or output depends on (process.pid, platform, hrtime, kill(pid, 0)
// to ask whether a process runs, ...) may be read anywhere: see processFacts.
//
// No import cycles between files: a cycle makes the load order decide which module sees the
// other half-initialised, and means two files that cannot be understood or changed apart.
// Type-only imports count too, since they tie the files as tightly for a reader.
//
// A function has at most 100 lines and a file at most 400: past that, a function is a
// set of phases that want names of their own, and a file has more than one reason to
// change. Faithful ports of Go files may be as long as their Go originals (goPorts below).

import { describe, expect, it } from "vitest";
import { knownViolations, type KnownViolation, type Rule } from "./known-violations.js";
import { importCycles } from "./import-cycles.js";
import { readSources, type SourceFacts } from "./source-facts.js";
import { root } from "../support/paths.js";

/** Violation is one break of a rule; detail says where and what, for the failure message. */
interface Violation {
  rule: Rule;
  file: string;
  function?: string;
  detail: string;
}

const functionBudget = 100;
const fileBudget = 400;

/**
 * goPorts are the files that follow a Go original closely enough that keeping them in step
 * with it matters more than the size budget: each may be as long as its original (line
 * counts of golang.org/x/mod as vendored by Go 1.26), and so may the functions listed.
 */
const goPorts: readonly { file: string; original: string; lines: number; functions?: Record<string, number> }[] = [
  { file: "src/modfile/read.ts", original: "golang.org/x/mod/modfile/read.go", lines: 964 },
  { file: "src/modfile/rules.ts", original: "golang.org/x/mod/modfile/rule.go", lines: 1904 },
  {
    file: "src/modfile/edit.ts",
    original: "golang.org/x/mod/modfile/rule.go",
    lines: 1904,
    // (*File).SetRequireSeparateIndirect
    functions: { setRequireSeparateIndirect: 197 },
  },
];

/** under tells whether file lies in one of the folders, or is one of the files, named. */
function under(file: string, places: readonly string[]): boolean {
  return places.some((p) => (p.endsWith("/") ? file.startsWith(p) : file === p));
}

const allowed: Record<"network" | "file-write" | "process", readonly string[]> = {
  network: ["src/fetch/"],
  "file-write": ["src/io/", "src/fetch/cache.ts", "src/fetch/lock.ts", "src/fetch/zipfile.ts", "src/fetch/vcs/workdir.ts"],
  process: ["src/cli/", "src/library.ts"],
};

/** processFacts are the members of process that any file may use: they neither read a
 * setting nor write output. Any other member, and process itself as a value, count. */
const processFacts = new Set([
  "process.pid", "process.ppid", "process.platform", "process.arch", "process.version", "process.versions",
  "process.release", "process.features", "process.hrtime", "process.nextTick", "process.memoryUsage",
  "process.resourceUsage", "process.cpuUsage", "process.uptime", "process.kill",
]);

/** useViolations finds the network, write and process uses outside the places allowed them. */
function useViolations(facts: readonly SourceFacts[]): Violation[] {
  const out: Violation[] = [];
  for (const f of facts) {
    for (const u of f.uses) {
      if (processFacts.has(u.what)) continue;
      const rule = u.kind === "write" ? "file-write" : u.kind;
      if (!under(f.file, allowed[rule])) out.push({ rule, file: f.file, detail: `${f.file}:${u.line}: ${u.what}` });
    }
  }
  return out;
}

/** sizeViolations finds the files and functions over budget, after the Go ports' allowance. */
function sizeViolations(facts: readonly SourceFacts[]): Violation[] {
  const out: Violation[] = [];
  for (const f of facts) {
    const port = goPorts.find((p) => p.file === f.file);
    const fileLimit = port ? port.lines : fileBudget;
    if (f.lines > fileLimit) out.push({ rule: "file-size", file: f.file, detail: `${f.file}: ${f.lines} lines (budget ${fileLimit})` });
    for (const fn of f.functions) {
      const limit = port?.functions?.[fn.name] ?? functionBudget;
      if (fn.lines > limit) {
        out.push({ rule: "function-size", file: f.file, function: fn.name, detail: `${f.file}:${fn.line}: ${fn.name} has ${fn.lines} lines (budget ${limit})` });
      }
    }
  }
  return out;
}

/** cycleViolations reports each import cycle under its first file. */
function cycleViolations(facts: readonly SourceFacts[]): Violation[] {
  return importCycles(facts).map((c) => ({ rule: "import-cycle", file: c[0], detail: c.join(" -> ") }));
}

const matches = (k: KnownViolation, v: Violation) => k.rule === v.rule && k.file === v.file && k.function === v.function;

describe("architecture", () => {
  const facts = readSources(root);
  const violations = [...useViolations(facts), ...sizeViolations(facts), ...cycleViolations(facts)];
  const unexpected = (rule: Rule) => violations.filter((v) => v.rule === rule && !knownViolations.some((k) => matches(k, v))).map((v) => v.detail);

  it("reads the whole of src/", () => {
    const files = facts.map((f) => f.file);
    expect(files).toContain("src/index.ts");
    expect(files).toContain("src/cli/main.ts");
    expect(files.every((f) => f.startsWith("src/") && f.endsWith(".ts"))).toBe(true);
    expect(facts.reduce((n, f) => n + f.imports.length, 0)).toBeGreaterThan(100);
  });

  it("only src/fetch/ opens network connections", () => {
    expect(unexpected("network"), "network used outside src/fetch/").toEqual([]);
  });

  it("only src/io/ and the module cache write files", () => {
    expect(unexpected("file-write"), "files written outside src/io/ and the module cache").toEqual([]);
  });

  it("only src/cli/ and the library entry points touch the process (argv, env, cwd, exit, stdout, stderr, homedir)", () => {
    expect(unexpected("process"), "the process touched outside src/cli/ and src/library.ts").toEqual([]);
  });

  it("has no import cycles between files", () => {
    expect(unexpected("import-cycle"), "import cycles").toEqual([]);
  });

  it(`keeps functions within ${functionBudget} lines and files within ${fileBudget}, Go ports within their originals`, () => {
    expect([...unexpected("file-size"), ...unexpected("function-size")], "over the size budget").toEqual([]);
  });

  it("lists only known violations that still happen (fixed ones are deleted from known-violations.ts)", () => {
    const stale = knownViolations
      .filter((k) => !violations.some((v) => matches(k, v)))
      .map((k) => `${k.rule} ${k.file}${k.function ? " " + k.function : ""}`);
    expect(stale, "fixed: delete these entries from known-violations.ts").toEqual([]);
  });

  it("lists each known violation once, and each Go port once", () => {
    const keys = knownViolations.map((k) => `${k.rule} ${k.file} ${k.function ?? ""}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    const ports = goPorts.map((p) => p.file);
    expect(ports.filter((p, i) => ports.indexOf(p) !== i)).toEqual([]);
  });
});
