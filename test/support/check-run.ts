// How the result-cache tests run the command: in a child process (not spawnSync: the test
// worker must stay responsive while it runs), with an environment of its own below a home
// directory (the module cache and gotidy-ts's cache there), and its output collected.

import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Run is what one run printed and its exit status. */
export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** checkEnv is the environment of a run below home: no go env file, no GOFLAGS, GOPROXY as given, no checksum database. */
export function checkEnv(home: string, goproxy: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH, HOME: home, GOENV: "off", GOFLAGS: "", GOPROXY: goproxy, GOSUMDB: "off", GOTOOLCHAIN: "local",
    GOMODCACHE: join(home, "modcache"), GOTIDYCACHE: join(home, "cache"), NO_COLOR: "1", ...extra,
  };
}

/** runNode runs node with args in cwd and env; done settles when it has exited. */
export function runNode(args: string[], cwd: string, env: NodeJS.ProcessEnv): { done: Promise<Run> } {
  const child = spawn(process.execPath, args, { cwd, env });
  const out: Run = { status: null, stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out.stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (out.stderr += d));
  return { done: new Promise((done) => child.on("close", (code) => done({ ...out, status: code }))) };
}

/**
 * replacedModuleFiles is the module the result-cache tests check: one package importing a
 * package of a directory replacement, and a standard package; tail is appended to its m.go.
 */
export function replacedModuleFiles(tail = ""): Record<string, string> {
  return {
    "go.mod": "module example.com/m\n\ngo 1.21\n\nrequire example.com/r v0.0.0\n\nreplace example.com/r => ./r\n",
    "m.go": 'package m\n\nimport (\n\t_ "example.com/r/p"\n\t_ "fmt"\n)\n' + tail,
    "r/go.mod": "module example.com/r\n\ngo 1.21\n",
    "r/p/p.go": 'package p\n\nimport _ "strings"\n',
  };
}

/**
 * writeCopies writes files into scratch/NAME/m for each name, sets the m.go of the copy
 * named "size-mtime" (if any) a minute back, and waits past the racy window (2 s), so that
 * the caches trust the files.
 */
export async function writeCopies(scratch: string, names: readonly string[], files: Record<string, string>): Promise<void> {
  for (const n of names) {
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(join(scratch, n, "m", dirname(f)), { recursive: true });
      writeFileSync(join(scratch, n, "m", f), text);
    }
  }
  if (names.includes("size-mtime")) {
    const second = Math.floor(Date.now() / 1000) - 60; // whole seconds, which utimes sets back exactly
    utimesSync(join(scratch, "size-mtime", "m", "m.go"), second, second);
  }
  await new Promise((r) => setTimeout(r, 2100));
}

/**
 * editKeepingStat turns the import of the replacement's package in the m.go of
 * replacedModuleFiles into a comment of the same length (r is unused then), keeping the
 * file's size and modification time; it throws if either changed.
 */
export function editKeepingStat(file: string): void {
  const before = statSync(file);
  const text = readFileSync(file, "utf8").replace('_ "example.com/r/p"', '// "example.com/r/"');
  if (Buffer.byteLength(text) !== before.size) throw new Error(`the edit of ${file} changed its size`);
  writeFileSync(file, text);
  utimesSync(file, before.atimeMs / 1000, before.mtimeMs / 1000);
  if (statSync(file).mtimeMs !== before.mtimeMs) throw new Error(`the edit of ${file} changed its modification time`);
}
