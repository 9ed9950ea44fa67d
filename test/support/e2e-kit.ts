// What the kill and concurrency tests (test/scripts/kill-e2e.mjs, concurrent-e2e.mjs)
// share: the package built from the current sources, a slow module proxy on 127.0.0.1,
// a set of modules whose requirements overlap, and the checks made on a module cache
// afterwards (go mod verify, every extracted tree against its .ziphash).

import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHash } from "node:crypto";
import { hash1, hashZip } from "../../src/modfile/hash.js";
import { buildProxyFiles } from "./fake-proxy.js";
import { buildPackage } from "./global-setup.js";
import { rng } from "./mutate.js";
import { root } from "./paths.js";

/** buildScratchPackage builds the package from src/ into a scratch directory and returns its launcher. */
export async function buildScratchPackage(dir: string): Promise<string> {
  await buildPackage(dir);
  cpSync(join(root, "package.json"), join(dir, "package.json"));
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return join(dir, "bin", "gotidy-ts.js");
}

/** Text of n lines from a fixed seed: source that deflate cannot shrink to nothing. */
function filler(seed: number, n: number): string {
  const rand = rng(seed);
  const words = ["alpha", "beta", "gamma", "delta", "eps", "zeta", "eta", "theta", "iota", "kappa"];
  let out = "";
  for (let i = 0; i < n; i++) {
    out += "// " + Array.from({ length: 8 }, () => words[Math.floor(rand() * words.length)] + Math.floor(rand() * 1000)).join(" ") + "\n";
  }
  return out;
}

/**
 * moduleFiles are the proxy's modules ("<path>@<version>/<file>"): a (v1.0.0, v1.1.0)
 * imports b; c is large (many files), so that its download and extraction take a while;
 * d is required by the stale go.mod only; e and f are shared by the second main module.
 */
export function moduleFiles(): { name: string; data: string }[] {
  const files: { name: string; data: string }[] = [];
  const mod = (path: string, version: string, gomod: string, pkgs: Record<string, string>) => {
    files.push({ name: `${path}@${version}/go.mod`, data: gomod });
    for (const [name, data] of Object.entries(pkgs)) files.push({ name: `${path}@${version}/${name}`, data });
  };
  for (const v of ["v1.0.0", "v1.1.0"]) {
    mod("example.com/a", v, "module example.com/a\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n", {
      "a.go": `package a\n\nimport _ "example.com/b"\n\n${filler(1, 200)}`,
    });
  }
  mod("example.com/b", "v1.0.0", "module example.com/b\n\ngo 1.21\n", { "b.go": `package b\n\n${filler(2, 300)}` });
  const big: Record<string, string> = {};
  for (let i = 0; i < 120; i++) big[`p${i % 6}/f${i}.go`] = `package p${i % 6}\n\n${filler(100 + i, 40)}`;
  big["c.go"] = "package c\n";
  mod("example.com/c", "v1.0.0", "module example.com/c\n\ngo 1.21\n", big);
  mod("example.com/d", "v1.0.0", "module example.com/d\n\ngo 1.21\n", { "d.go": "package d\n" });
  mod("example.com/e", "v1.0.0", "module example.com/e\n\ngo 1.21\n\nrequire example.com/b v1.0.0\n", {
    "e.go": `package e\n\nimport _ "example.com/b"\n\n${filler(5, 100)}`,
  });
  mod("example.com/f", "v1.0.0", "module example.com/f\n\ngo 1.21\n", { "f.go": `package f\n\n${filler(6, 100)}` });
  return files;
}

/** A main module's starting files: an untidy go.mod and go.sum, and its sources. */
export interface MainModule {
  goMod: string;
  goSum: string | null;
  files: Record<string, string>;
}

/**
 * mainModules: "m1" imports a (its go.mod asks for the older a and for the unused d, its
 * go.sum holds d's lines: tidying adds, upgrades nothing, removes and drops lines), "m2"
 * imports a, c, e and f, with no go.sum. Their requirements overlap in a, b and c.
 */
export const mainModules: Record<string, MainModule> = {
  m1: {
    goMod: "module example.com/m1\n\ngo 1.21\n\nrequire (\n\texample.com/a v1.1.0\n\texample.com/d v1.0.0\n)\n",
    goSum: null, // filled by the caller from a first run (see sumsOf)
    files: { "m.go": 'package m\n\nimport (\n\t_ "example.com/a"\n\t_ "example.com/c/p1"\n)\n' },
  },
  m2: {
    goMod: "module example.com/m2\n\ngo 1.21\n",
    goSum: null,
    files: { "m.go": 'package m\n\nimport (\n\t_ "example.com/a"\n\t_ "example.com/c/p2"\n\t_ "example.com/e"\n\t_ "example.com/f"\n)\n' },
  },
};

/** writeMainModule writes a main module's starting files into dir (replacing what is there). */
export function writeMainModule(dir: string, m: MainModule): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), m.goMod);
  if (m.goSum !== null) writeFileSync(join(dir, "go.sum"), m.goSum);
  for (const [name, data] of Object.entries(m.files)) writeFileSync(join(dir, name), data);
}

/** SlowProxy is a running proxy that answers after a delay and sends bodies in small, spaced chunks. */
export interface SlowProxy {
  url: string;
  close(): Promise<void>;
}

/**
 * startSlowProxy serves the modules of moduleFiles() on 127.0.0.1: each answer waits
 * delayMs, then the body goes out chunk bytes at a time, chunkDelayMs apart, so that a
 * run spends its time inside downloads (and a kill lands in one).
 */
export function startSlowProxy(opts: { delayMs: number; chunk: number; chunkDelayMs: number }): Promise<SlowProxy> {
  const files = buildProxyFiles(moduleFiles());
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    const data = files.get(path);
    setTimeout(() => {
      if (!data) {
        res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
        res.end(`not found: ${path}\n`);
        return;
      }
      res.writeHead(200, { "content-length": String(data.length) });
      let at = 0;
      const next = () => {
        if (res.destroyed) return;
        const end = Math.min(at + opts.chunk, data.length);
        const last = end >= data.length;
        res.write(data.subarray(at, end));
        at = end;
        if (last) res.end();
        else setTimeout(next, opts.chunkDelayMs);
      };
      next();
    }, opts.delayMs);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}

/** goEnv is the environment of a go or gotidy-ts run against the proxy and the module cache. */
export function goEnv(proxy: string, modcache: string, home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: home, GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", GOPROXY: proxy,
    GOSUMDB: "off", GONOSUMDB: "", GOPRIVATE: "", GONOPROXY: "", GOMODCACHE: modcache, GOPATH: join(home, "gopath"),
    GOTELEMETRY: "off", CI: "1", NO_COLOR: "1",
  };
}

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * start runs a command; onErr sees stderr as it arrives (with the child, to kill it).
 * The promise resolves when the child is gone.
 */
export function start(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv,
  onErr?: (text: string, child: ReturnType<typeof spawn>) => void): { child: ReturnType<typeof spawn>; done: Promise<Run> } {
  const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (c) => (stdout += c));
  child.stderr!.on("data", (c) => {
    stderr += c;
    onErr?.(stderr, child);
  });
  const done = new Promise<Run>((resolve) => child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr })));
  return { child, done };
}

/** goModVerify runs `go mod verify` in the module against the cache (no network). */
export async function goModVerify(dir: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return start("go", ["mod", "verify"], dir, { ...env, GOPROXY: "off", GOFLAGS: "-mod=mod -modcacherw" }).done;
}

/** walk lists the files below dir (relative paths), or [] when it does not exist. */
export function walk(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" });
}

/** debris lists the files below dir that an interrupted write leaves: "*.tmp" and "*.partial". */
export function debris(dir: string): string[] {
  return walk(dir).filter((f) => f.endsWith(".tmp") || f.endsWith(".partial"));
}

/**
 * treesAgainstZiphash checks every zip of the cache, and every extracted module tree,
 * against the hash its .ziphash records (a tree: the hash of the zip it was extracted
 * from; a zip that a run read without extracting it is left for the go command to
 * extract); it returns those that differ, and how many zips and trees it checked.
 */
export async function treesAgainstZiphash(modcache: string): Promise<{ checked: number; bad: string[] }> {
  const download = join(modcache, "cache", "download");
  const bad: string[] = [];
  let checked = 0;
  for (const rel of walk(download).filter((f) => f.endsWith(".ziphash"))) {
    const at = rel.lastIndexOf("/@v/");
    const modEsc = rel.slice(0, at);
    const version = rel.slice(at + 4, -".ziphash".length);
    const tree = join(modcache, `${modEsc}@${version}`);
    const want = readFileSync(join(download, rel), "utf8").trim();
    const zip = join(download, rel.slice(0, -"hash".length));
    if (existsSync(zip)) {
      checked++;
      const got = await hashZip(zip);
      if (got !== want) bad.push(`${unescape(modEsc)}@${version}: zip ${got}, .ziphash ${want}`);
    }
    if (!existsSync(tree)) continue; // a zip not (yet) extracted
    checked++;
    const got = hashDir(tree, `${unescape(modEsc)}@${version}`);
    if (got !== want) bad.push(`${unescape(modEsc)}@${version}: tree ${got}, .ziphash ${want}`);
  }
  return { checked, bad };
}

/** hashDir is dirhash.HashDir: every file of the tree, named "<prefix>/<path>", in h1: form. */
function hashDir(dir: string, prefix: string): string {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const full = join(e.parentPath, e.name);
      return { name: `${prefix}/${full.slice(dir.length + 1)}`, sha256: createHash("sha256").update(readFileSync(full)).digest() };
    });
  return hash1(files);
}

function unescape(p: string): string {
  return p.replace(/!([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** scratchDir makes a fresh directory under the system temp directory. */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
