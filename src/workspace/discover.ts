// Finding the modules of a tree, for tidying many modules at once: the modules a go.work
// file lists, or else every directory holding a go.mod file.
//
// With a go.work file, the modules are checked as the go command checks a workspace before
// loading it (go list -m, go work sync): the file parses, its go version is not newer than
// the one gotidy-ts follows, no directory is listed twice, and each listed directory holds
// a readable go.mod. Failures throw a WorkspaceError holding the go command's messages,
// with paths shortened against the working directory as the go command shortens them.
//
// Without one, the tree is walked: directories named vendor, testdata or node_modules, or
// starting with "." or "_", are skipped with everything below them, and symbolic links to
// directories are not followed (the starting directory itself may be one).

import * as fs from "node:fs";
import { Dirent } from "node:fs";
import { open, readFile, readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { GoModErrorList } from "../modfile/errors.js";
import { TooNewError } from "../load/summary.js";
import type { GoSettings } from "../settings/resolve.js";
import { compareGoVersions, localGoVersion } from "../module/gover.js";
import { compareBytes } from "../text/unicode.js";
import { GoWorkFile, parseGoWork } from "./gowork.js";
import { errnoText, shortPath } from "../text/paths.js";

export type ModuleSource = "go.work" | "walk";

export interface DiscoveredModules {
  /** Absolute module root directories, sorted (byte order), without duplicates. */
  modules: string[];
  /** Where they came from: the use directives of dir/go.work, or the walk of dir. */
  source: ModuleSource;
  /** With source "go.work": the go.work file's absolute path and its contents. */
  goWork?: { path: string; file: GoWorkFile };
}

export interface FindModulesOptions {
  /** The working directory: relative directories are taken, and paths in messages shortened, against it. */
  cwd: string;
  /** The go command's settings: GOWORK (off: no go.work is used) and GOTOOLCHAIN (for the too-new message). */
  settings: GoSettings;
  /** false: ignore dir/go.work and walk; true: use it even with GOWORK=off. Default: unless GOWORK=off. */
  useGoWork?: boolean;
  /** Filled by a walk with each directory it read and what it listed (for a later walk of the same tree). */
  listings?: Map<string, Dirent[]>;
}

/**
 * WorkspaceError: the workspace cannot be used; lines are the go command's messages
 * ("go: ..."), and the cause, when there is one, the error behind them.
 */
export class WorkspaceError extends Error {
  constructor(readonly lines: string[], cause?: unknown) {
    super(lines.join("\n"), cause === undefined ? undefined : { cause });
    this.name = "WorkspaceError";
  }
}

/** Directory names the walk never enters. */
const skippedNames = new Set(["vendor", "testdata", "node_modules"]);

/** skipDir reports whether the walk skips a directory with this name (and everything below it). */
export function skipDir(name: string): boolean {
  return skippedNames.has(name) || name.startsWith(".") || name.startsWith("_");
}

/** pathError formats a Node.js file system error as Go's *fs.PathError: "op path: text". */
function pathError(op: string, path: string, err: NodeJS.ErrnoException, cwd: string): string {
  return `${op} ${shortPath(path, cwd)}: ${errnoText(err)}`;
}

/**
 * checkGoMod opens dir/go.mod as the go command reads it (open, then read), returning
 * Go's error text, or null when the file can be read.
 */
async function checkGoMod(dir: string, cwd: string): Promise<string | null> {
  const file = join(dir, "go.mod");
  let fh;
  try {
    fh = await open(file, "r");
  } catch (e) {
    return pathError("open", file, e as NodeJS.ErrnoException, cwd);
  }
  try {
    await fh.read(Buffer.alloc(1), 0, 1, 0);
    return null;
  } catch (e) {
    return pathError("read", file, e as NodeJS.ErrnoException, cwd);
  } finally {
    await fh.close();
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * loadGoWork reads the go.work file at path (resolved against options.cwd) and returns
 * the module roots it lists, in the order listed and as the go command forms them (an
 * absolute use path as written, a relative one joined with the go.work directory), after
 * the go command's checks (see the file comment). Failures throw a WorkspaceError.
 */
export async function loadGoWork(path: string, options: FindModulesOptions): Promise<{ file: GoWorkFile; roots: string[] }> {
  const cwd = options.cwd;
  path = resolve(cwd, path);
  const short = shortPath(path, cwd);
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (e) {
    throw new WorkspaceError([`go: reading go.work: ${pathError("open", path, e as NodeJS.ErrnoException, cwd)}`], e);
  }
  let file: GoWorkFile;
  try {
    file = parseGoWork(data, short);
  } catch (e) {
    if (e instanceof GoModErrorList) throw new WorkspaceError([`go: errors parsing go.work:\n${e.message}`], e);
    throw e;
  }
  if (file.go !== undefined && compareGoVersions(file.go, localGoVersion) > 0) {
    const gotoolchain = options.settings.values.GOTOOLCHAIN;
    throw new WorkspaceError([`go: ${new TooNewError(short, file.go).text(gotoolchain)}`]);
  }
  const workDir = resolve(path, "..");
  const seen = new Set<string>();
  const roots: string[] = [];
  for (const u of file.use) {
    // As the go command: an absolute path is taken as written, a relative one is joined
    // (and cleaned) with the go.work file's directory.
    const root = isAbsolute(u.path) ? u.path : resolve(workDir, u.path);
    if (seen.has(root)) {
      throw new WorkspaceError([`go: error loading go.work:\n${short}:${u.line}: path ${root} appears multiple times in workspace`]);
    }
    seen.add(root);
    roots.push(root);
  }
  const problems = await Promise.all(roots.map((r) => checkGoMod(r, cwd)));
  const lines: string[] = [];
  roots.forEach((r, i) => {
    if (problems[i] !== null) lines.push(`go: cannot load module ${shortPath(resolve(r), cwd)} listed in go.work file: ${problems[i]}`);
  });
  if (lines.length > 0) throw new WorkspaceError(lines);
  return { file, roots };
}

/**
 * How many directory reads the walk keeps in flight. On a tree of 40k directories and
 * 340k files (30 copies of GOROOT/src, 2 CPUs), 16 to 64 did best: 0.4 s with a warm
 * cache (a synchronous walk: 0.25 s) and 1.3 s with a cold one (synchronous: 2.9 s).
 */
const walkLanes = 32;

/**
 * walkModules returns every directory at or below dir that holds a go.mod file (a regular
 * file, or a symbolic link to one), as absolute paths sorted in byte order. Directories
 * skipDir names are not entered, nor symbolic links to directories; subdirectories that
 * cannot be read are passed over. dir itself must be a readable directory.
 */
export async function walkModules(dir: string, options: { cwd: string; listings?: Map<string, Dirent[]> }): Promise<string[]> {
  const cwd = options.cwd;
  const root = resolve(cwd, dir);
  let top: Dirent[];
  try {
    top = await readdir(root, { withFileTypes: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const short = shortPath(root, cwd);
    if (err.code === "ENOENT") throw new WorkspaceError([`go: directory ${short} does not exist`]);
    if (err.code === "ENOTDIR") throw new WorkspaceError([`go: ${short} is not a directory`]);
    throw new WorkspaceError([`go: ${pathError("open", root, err, cwd)}`], err);
  }
  return walkTree(root, top, options.listings);
}

/** walkTree walks below root, whose entries are top (see walkModules). */
function walkTree(root: string, top: Dirent[], listings?: Map<string, Dirent[]>): Promise<string[]> {
  // Directories are read through a fixed number of lanes from a shared stack of those
  // listed but not yet read, which keeps the thread pool busy without queuing a read for
  // every directory of a large tree at once. (The callback API: fs/promises costs a
  // third more time on a warm cache.)
  return new Promise((done) => {
    const found: string[] = [];
    const stack: string[] = [];
    let active = 0;
    const take = (d: string, entries: Dirent[]) => {
      listings?.set(d, entries);
      let goMod: Dirent | undefined;
      for (const e of entries) {
        if (e.isDirectory()) {
          if (!skipDir(e.name)) stack.push(d + sep + e.name);
        } else if (e.name === "go.mod") {
          goMod = e;
        }
      }
      if (goMod?.isFile()) {
        found.push(d);
      } else if (goMod?.isSymbolicLink()) {
        active++;
        fs.stat(d + sep + "go.mod", (err, st) => {
          active--;
          if (!err && st.isFile()) found.push(d);
          pump();
        });
      }
    };
    const pump = () => {
      while (active < walkLanes && stack.length > 0) {
        const d = stack.pop()!;
        active++;
        fs.readdir(d, { withFileTypes: true }, (err, entries) => {
          active--;
          if (!err) take(d, entries); // else unreadable, or gone since it was listed
          pump();
        });
      }
      if (active === 0 && stack.length === 0) done(found.sort(compareBytes));
    };
    take(root, top);
    pump();
  });
}

/**
 * findModules finds the modules to work on below dir: if dir/go.work is a file (and
 * GOWORK is not off, from the environment or a go env file alike), the modules its use
 * directives list (checked as the go command checks a workspace; a WorkspaceError
 * otherwise); else every module directory the walk of dir finds. (Only GOWORK=off
 * matters: a GOWORK naming a file does not change which go.work is read.)
 */
export async function findModules(dir: string, options: FindModulesOptions): Promise<DiscoveredModules> {
  const cwd = options.cwd;
  const root = resolve(cwd, dir);
  const workPath = join(root, "go.work");
  const useGoWork = options.useGoWork ?? options.settings.values.GOWORK !== "off";
  if (useGoWork && (await isFile(workPath))) {
    const { file, roots } = await loadGoWork(workPath, options);
    const modules = [...new Set(roots.map((r) => resolve(r)))].sort(compareBytes);
    return { modules, source: "go.work", goWork: { path: workPath, file } };
  }
  return { modules: await walkModules(root, { cwd, listings: options.listings }), source: "walk" };
}
