// Locks shared with the go command. The go command locks module cache files with
// flock(2) (cmd/go/internal/lockedfile). Node cannot call flock, so one long-lived bash
// holds the locks for the whole process: for each lock it opens the lock file on a
// descriptor of its own and runs flock(1) on that descriptor. A flock belongs to the open
// file description, so the lock stays held by bash's descriptor after flock(1) exits,
// until bash closes it (the unlock). A lock that is free costs one short-lived flock(1)
// that bash starts; one that is held is waited for in the background, so that other
// locks are taken and released meanwhile. Within this process, a lock is also a mutex.
//
// If bash dies, its descriptors close and every lock it held is released: from then on
// every lock fails and nothing more is committed to the cache (see assertLocksHeld),
// rather than work going on unlocked.
// Where bash or flock(1) is missing, only the in-process mutex applies (the cache's atomic
// renames still keep every file whole).

import { ChildProcessByStdio, spawn, spawnSync } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import { FetchError } from "./errors.js";

let flockAvailable: boolean | null = null;

/** hasFlock reports whether bash and the flock(1) utility can hold locks for us. */
export function hasFlock(): boolean {
  if (flockAvailable === null) {
    const r = spawnSync("bash", ["-c", "flock --version"], { stdio: "ignore" });
    flockAvailable = r.status === 0;
  }
  return flockAvailable;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The first descriptor the helper uses for locks (0-9 are the shell's own). */
const firstFd = 10;

/** LockHelper is the bash process holding this process's flocks. */
class LockHelper {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  private readonly free: number[] = [];
  private nextFd = firstFd;
  private readonly pings: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private out = "";
  dead: FetchError | null = null;

  constructor() {
    this.child = spawn("bash", ["--norc", "--noprofile", "-s"], { stdio: ["pipe", "pipe", "ignore"] });
    this.child.stdout.setEncoding("utf8");
    this.child.stdout.on("data", (chunk: string) => this.answer(chunk));
    this.child.on("error", (err) => this.died(err.message));
    this.child.on("exit", (code, signal) => this.died(signal ? `killed by ${signal}` : `exit status ${code}`));
    this.child.stdout.on("close", () => setImmediate(() => this.died("its output closed")));
    this.child.stdin.on("error", () => undefined); // the exit event says why
    this.child.unref();
    this.idle();
  }

  /** idle lets the process end while no lock is being waited for. */
  private idle(): void {
    if (this.waiting.size > 0 || this.pings.length > 0) (this.child.stdout as unknown as { ref(): void }).ref();
    else (this.child.stdout as unknown as { unref(): void }).unref();
  }

  private answer(chunk: string): void {
    this.out += chunk;
    let nl: number;
    while ((nl = this.out.indexOf("\n")) >= 0) {
      const [word, n] = this.out.slice(0, nl).split(" ");
      this.out = this.out.slice(nl + 1);
      if (word === "P") {
        this.pings.shift()?.resolve();
        continue;
      }
      const w = this.waiting.get(Number(n));
      if (!w) continue;
      this.waiting.delete(Number(n));
      if (word === "L") w.resolve();
      else {
        void this.release(Number(n));
        w.reject(new FetchError("cannot lock the module cache: flock failed", "invalid"));
      }
    }
    this.idle();
  }

  private died(why: string): void {
    if (this.dead) return;
    this.dead = new FetchError(`module cache locks lost: the bash process holding them ended (${why})`, "invalid", {
      hint: "gotidy-ts stopped rather than write to the module cache unlocked; run it again",
    });
    for (const w of [...this.waiting.values(), ...this.pings]) w.reject(this.dead);
    this.waiting.clear();
    this.pings.length = 0;
    this.idle();
  }

  /** lock takes the flock of path (which must exist) and returns the descriptor holding it. */
  lock(path: string): Promise<number> {
    if (this.dead) return Promise.reject(this.dead);
    const fd = this.free.pop() ?? this.nextFd++;
    const p = new Promise<number>((resolve, reject) => this.waiting.set(fd, { resolve: () => resolve(fd), reject }));
    this.idle();
    this.child.stdin.write(`if command exec ${fd}<>${quote(path)}; then if flock -n ${fd}; then echo "L ${fd}"; ` +
      `else (flock ${fd} && echo "L ${fd}" || echo "E ${fd}") & fi; else echo "E ${fd}"; fi\n`);
    return p;
  }

  /** ping resolves once the helper answers: its descriptors, so every lock taken, are still held. */
  ping(): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    const p = new Promise<void>((resolve, reject) => this.pings.push({ resolve, reject }));
    this.idle();
    this.child.stdin.write("echo P\n");
    return p;
  }

  /** release closes the descriptor, which releases its lock; it resolves once bash has closed it. */
  async release(fd: number): Promise<void> {
    if (!this.dead) this.child.stdin.write(`exec ${fd}>&-\n`);
    this.free.push(fd);
    await this.ping().catch(() => undefined); // a dead helper released everything
  }
}

let helper: LockHelper | null = null;

/** assertLocksHeld throws once this process knows that the locks it took were lost. */
export function assertLocksHeld(): void {
  if (helper?.dead) throw helper.dead;
}

/**
 * confirmLocks resolves once the locks this process holds are known to be held now (the
 * helper answered), and rejects when they were lost: called just before committing
 * something to the cache, so that a helper that died is noticed before the commit, not
 * only when the operating system tells of its exit.
 */
export async function confirmLocks(): Promise<void> {
  assertLocksHeld();
  if (helper) await helper.ping();
}

const held = new Map<string, Promise<void>>();

/** withLock runs fn while holding the lock file at path (created if missing). */
export async function withLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  // In-process: wait for any holder of the same path.
  while (held.has(path)) await held.get(path);
  let release!: () => void;
  held.set(path, new Promise<void>((r) => (release = r)));
  let fd: number | null = null;
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, "a", 0o666));
    if (hasFlock()) {
      helper ??= new LockHelper();
      fd = await helper.lock(path);
    }
    const result = await fn();
    assertLocksHeld();
    return result;
  } finally {
    if (fd !== null) await helper!.release(fd);
    held.delete(path);
    release();
  }
}

/** killLockHelperForTest kills the helper, as a crash would: its locks are released, and later locks fail. */
export function killLockHelperForTest(): void {
  helper?.["child"].kill("SIGKILL");
}
