// Locks shared with the go command. The go command locks module cache files with
// flock(2) (cmd/go/internal/lockedfile). Node cannot call flock, so the lock is held by
// the flock(1) utility on our behalf: it takes the lock, says so on stdout, and keeps
// it until we close its stdin. Within this process, a lock is also a mutex.
// Where flock(1) is missing, only the in-process mutex applies (the cache's atomic
// renames still keep every file whole).

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

let flockAvailable: boolean | null = null;

/** hasFlock reports whether the flock(1) utility can hold locks for us. */
export function hasFlock(): boolean {
  if (flockAvailable === null) {
    const r = spawnSync("flock", ["--version"], { stdio: "ignore" });
    flockAvailable = r.status === 0;
  }
  return flockAvailable;
}

const held = new Map<string, Promise<void>>();

async function flockHold(path: string): Promise<() => Promise<void>> {
  const child = spawn("flock", ["-x", path, "sh", "-c", "echo locked; exec cat >/dev/null"], {
    stdio: ["pipe", "pipe", "ignore"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString();
      if (out.includes("locked")) resolve();
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`flock ${path} exited with status ${code}`)));
  });
  return () => new Promise<void>((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.stdin.end();
  });
}

/** withLock runs fn while holding the lock file at path (created if missing). */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  // In-process: wait for any holder of the same path.
  while (held.has(path)) await held.get(path);
  let release!: () => void;
  held.set(path, new Promise<void>((r) => (release = r)));
  let unlock: (() => Promise<void>) | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    if (hasFlock()) unlock = await flockHold(path);
    return await fn();
  } finally {
    if (unlock) await unlock();
    held.delete(path);
    release();
  }
}
