// Replacing a file so that a reader, a crash or a kill sees either the old bytes or the
// new ones, never a mixture and never a truncated file.
//
// The new bytes go to a temporary file in the same directory as the file they replace
// (a rename is atomic only within one file system), named
//
//   <name>.gotidy-<pid>-<random>.tmp
//
// The name starts with the file's own name and ends in ".tmp", the pattern the go command
// uses for its own temporary files (and removes from the module cache), and it names the
// process that wrote it, so that a later run can tell a file left by a killed writer from
// one that a live writer is still filling. The temporary file is created exclusively
// (never opened if it exists), written whole, flushed to the disk, given the old file's
// permission bits, and renamed over the file; then the directory itself is flushed so
// that the rename survives a power loss.
//
// A symbolic link is written through, as the go command does when it rewrites go.mod and
// go.sum in place: the link stays a link and its target gets the new bytes.

import { closeSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { randomInt } from "node:crypto";
import { basename, dirname, join, resolve } from "node:path";

export interface AtomicWriteOptions {
  /**
   * The permission bits of a file that does not exist yet, before the umask (default
   * 0o666, as for any new file). An existing file keeps its own bits unless keepMode is
   * false.
   */
  mode?: number;
  /** Keep an existing file's permission bits (default true). */
  keepMode?: boolean;
  /** Write to the target of a symbolic link instead of replacing the link (default true). */
  followSymlinks?: boolean;
  /**
   * Flush the file's bytes before the rename and the directory after it (default true).
   * Without it a kill still never leaves a partial file, but a power loss may.
   */
  sync?: boolean;
  /** Create the file's directory (and its parents) when missing (default false). */
  makeDirs?: boolean;
  /**
   * Called at each step of the write, synchronously: "written" when the temporary file
   * (temp) holds all the new bytes, flushed, and the file still its old ones; "renamed"
   * when the file holds the new bytes. A kill test pauses here to stop a writer at
   * exactly these points.
   */
  onStep?: (step: AtomicWriteStep, temp: string) => void;
}

/** The points of writeFileAtomic that AtomicWriteOptions.onStep is told about. */
export type AtomicWriteStep = "written" | "renamed";

const maxLinks = 40; // as Linux's limit on symbolic links followed in one lookup

/** tempMarker is the part of a temporary file's name after the file's own name. */
const tempMarker = /\.gotidy-(\d+)-\d+\.tmp$/;

/**
 * tempPath returns a fresh temporary file name for file, in file's directory, in the
 * form "<name>.gotidy-<pid>-<random>.tmp" that isStaleTemp and removeStaleTemps recognise.
 */
export function tempPath(file: string): string {
  return join(dirname(file), `${basename(file)}.gotidy-${process.pid}-${randomInt(1_000_000_000)}.tmp`);
}

/**
 * resolveLinks follows symbolic links at file (a chain of them, relative or absolute)
 * to the path they end at, which need not exist yet (a dangling link is written
 * through, creating its target). Directory components are left as they are. It throws
 * ELOOP after 40 links, as the system would.
 */
export function resolveLinks(file: string): string {
  let path = resolve(file);
  for (let i = 0; ; i++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(path).isSymbolicLink();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return path;
      throw err;
    }
    if (!isLink) return path;
    if (i >= maxLinks) throw Object.assign(new Error(`ELOOP: too many symbolic links, open '${file}'`), { code: "ELOOP", path: file });
    path = resolve(dirname(path), readlinkSync(path));
  }
}

/** existingMode is the permission bits of file, or null when it does not exist. */
function existingMode(file: string): number | null {
  try {
    return statSync(file).mode & 0o7777;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

/**
 * createTemp opens a new temporary file for file exclusively, choosing another name on a
 * clash; with makeDirs, a missing directory is made (then, not before: it is there for
 * almost every write, and finding that out first costs a system call or two each time).
 */
function createTemp(file: string, mode: number, makeDirs: boolean): { path: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const path = tempPath(file);
    try {
      return { path, fd: openSync(path, "wx", mode) };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" && makeDirs) {
        mkdirSync(dirname(file), { recursive: true });
        makeDirs = false;
        continue;
      }
      if (code !== "EEXIST" || attempt >= 10) throw err;
    }
  }
}

/**
 * syncDir flushes a directory's entries (the rename) to the disk. Systems that cannot
 * open or flush a directory (Windows) report EISDIR, EPERM or EINVAL: there the rename
 * is as durable as the system makes it, and that is not an error.
 */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch (err) {
    if (["EISDIR", "EPERM", "EACCES"].includes((err as NodeJS.ErrnoException).code ?? "")) return;
    throw err;
  }
  try {
    fsyncSync(fd);
  } catch (err) {
    if (!["EINVAL", "ENOTSUP", "EPERM", "EISDIR"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
  } finally {
    closeSync(fd);
  }
}

/**
 * writeFileAtomic replaces file with data, so that the file always holds either its old
 * bytes or all of data. It returns the path written (a symbolic link's target when links
 * are followed). On failure the file is left as it was, the temporary file is removed,
 * and the system's error is thrown. The file's owner is the writer's afterwards (a rename
 * cannot keep another owner); its permission bits are kept (see AtomicWriteOptions).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): string {
  const target = options.followSymlinks === false ? resolve(file) : resolveLinks(file);
  const dir = dirname(target);
  const oldMode = options.keepMode === false ? null : existingMode(target);
  const sync = options.sync !== false;
  const temp = createTemp(target, options.mode ?? 0o666, options.makeDirs === true);
  let fdOpen = true;
  try {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    for (let off = 0; off < bytes.length; ) off += writeSync(temp.fd, bytes, off, bytes.length - off);
    if (oldMode !== null) fchmodSync(temp.fd, oldMode);
    if (sync) fsyncSync(temp.fd);
    fdOpen = false;
    closeSync(temp.fd);
    options.onStep?.("written", temp.path);
    renameSync(temp.path, target);
  } catch (err) {
    if (fdOpen) closeQuietly(temp.fd);
    removeQuietly(temp.path);
    throw err;
  }
  if (sync) syncDir(dir);
  options.onStep?.("renamed", temp.path);
  return target;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // the write already failed; that error is the one to report
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone, or never created
  }
}

/**
 * isStaleTemp reports whether name is a temporary file of base ("go.mod") written by
 * writeFileAtomic in a process that no longer runs. A file of a running process (this
 * one included) is not stale; nor is any other name.
 */
export function isStaleTemp(base: string, name: string, alive: (pid: number) => boolean = processAlive): boolean {
  if (!name.startsWith(base + ".")) return false;
  const m = tempMarker.exec(name);
  if (!m || m.index !== base.length) return false;
  return !alive(Number(m[1]));
}

/** processAlive reports whether a process with the id runs (on this machine). */
function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // it runs, as another user
  }
}

/**
 * removeStaleTemps removes the temporary files that writes of file left behind (a
 * killed writer leaves one), and returns their paths. By default only files whose
 * writer no longer runs go (see isStaleTemp), so that a concurrent writer's file is
 * never pulled from under it; with anyWriter, every "<name>*.tmp" goes, as the go
 * command cleans its module cache: only safe while holding a lock that keeps every other
 * writer of file out. Symbolic links at file are followed unless followSymlinks is
 * false. Removal is best effort: a file that cannot be removed is skipped.
 */
export function removeStaleTemps(file: string, options: { anyWriter?: boolean; followSymlinks?: boolean } = {}): string[] {
  let target: string;
  let names: string[];
  try {
    target = options.followSymlinks === false ? resolve(file) : resolveLinks(file);
    names = readdirSync(dirname(target));
  } catch {
    return [];
  }
  const dir = dirname(target);
  const base = basename(target);
  const removed: string[] = [];
  for (const name of names) {
    const match = options.anyWriter ? name.startsWith(base) && name.endsWith(".tmp") : isStaleTemp(base, name);
    if (!match) continue;
    try {
      unlinkSync(join(dir, name));
      removed.push(join(dir, name));
    } catch {
      // best effort, as the go command does
    }
  }
  return removed;
}
