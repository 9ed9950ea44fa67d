// How the result-cache tests run the command: in a child process (not spawnSync: the test
// worker must stay responsive while it runs), with an environment of its own below a home
// directory (the module cache and gotidy-ts's cache there), and its output collected.

import { spawn } from "node:child_process";
import { join } from "node:path";

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
