// The module cache, laid out as the go command lays it out under GOMODCACHE, so that
// each uses what the other downloaded:
//
//   cache/download/<escaped path>/@v/list             versions with a .mod here
//   cache/download/<escaped path>/@v/<v>.info|.mod    metadata and go.mod
//   cache/download/<escaped path>/@v/<v>.zip|.ziphash the zip and its h1: checksum
//   cache/download/<escaped path>/@v/<v>.lock         held while downloading/extracting
//   <escaped path>@<v>/                               the extracted module, read-only
//
// Every file is written to a temporary "<name>.gotidy-<pid>-<random>.tmp" beside it and
// renamed into place (src/io/atomic.ts); the go command's own temporary files are
// "<name><random>.tmp", and either program removes both kinds. An extracted
// directory is complete when it exists, its <v>.partial marker does not, and <v>.ziphash
// does.

import { chmodSync, closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join, sep } from "node:path";
import type { ZipDestination } from "./repo.js";
import { assertLocksHeld } from "./lock.js";
import { isStaleTemp, removeStaleTemps, tempPath, writeFileAtomic } from "../io/atomic.js";
import { escapePath, escapeVersion } from "../module/escape.js";
import { canonicalVersion } from "../module/path.js";
import { sortVersions } from "../module/semver.js";

export class ModuleCache {
  /** downloadDir's answers, by module path (a run asks for each module's files many times). */
  private readonly downloadDirs = new Map<string, string>();

  constructor(readonly root: string, readonly options: { writable?: boolean } = {}) {}

  /** downloadDir is cache/download/<escaped path>/@v. */
  downloadDir(path: string): string {
    let dir = this.downloadDirs.get(path);
    if (dir === undefined) {
      dir = join(this.root, "cache", "download", escapePath(path), "@v");
      this.downloadDirs.set(path, dir);
    }
    return dir;
  }

  /** file is the cache file of path@version with the given suffix ("info", "mod", "zip", "ziphash", "lock", "partial"). */
  file(path: string, version: string, suffix: string): string {
    const name = `${escapeVersion(version)}.${suffix}`;
    // join's answer, without normalizing again the directory join made: a name with no
    // separator that is not "." or ".." is appended as it is.
    const plain = !name.includes("/") && !name.includes(sep) && name !== "." && name !== "..";
    return plain ? this.downloadDir(path) + sep + name : join(this.downloadDir(path), name);
  }

  /** moduleDir is where path@version is extracted. */
  moduleDir(path: string, version: string): string {
    return join(this.root, `${escapePath(path)}@${escapeVersion(version)}`);
  }

  read(path: string, version: string, suffix: string): Buffer | null {
    try {
      return readFileSync(this.file(path, version, suffix));
    } catch {
      return null;
    }
  }

  has(path: string, version: string, suffix: string): boolean {
    return existsSync(this.file(path, version, suffix));
  }

  /** zipHash returns the cached zip's h1: checksum when both .zip and .ziphash exist. */
  zipHash(path: string, version: string): string | null {
    if (!this.has(path, version, "zip")) return null;
    const h = this.read(path, version, "ziphash");
    return h ? h.toString("utf8").trim() : null;
  }

  /** isExtracted reports whether the module directory is complete. */
  isExtracted(path: string, version: string): boolean {
    const dir = this.moduleDir(path, version);
    try {
      if (!statSync(dir).isDirectory()) return false;
    } catch {
      return false;
    }
    return !this.has(path, version, "partial") && this.has(path, version, "ziphash");
  }

  /**
   * writeAtomic writes a file through an exclusively created temporary file in the same
   * directory, creating the directory when missing. The file gets mode 0o666 (less the
   * umask) whatever it had, and a symbolic link in its place is replaced, as the go
   * command writes its cache; nor is it flushed to the disk (go does not either: a cache
   * file is checked against go.sum or downloaded again).
   */
  writeAtomic(file: string, data: Buffer | string): void {
    writeFileAtomic(file, data, { mode: 0o666, keepMode: false, followSymlinks: false, sync: false, makeDirs: true });
  }

  /**
   * writeTemp creates a temporary file beside file (tempName) and lets fill write it
   * through write and truncate calls; it returns the temporary file's name once fill has finished, and
   * removes the file when fill or a write fails. Each write is made before it resolves, on
   * this thread: the bytes given are released at once, never held (a download's chunk
   * each) while a write waits its turn in the thread pool, where a few downloads at once
   * would keep many of them alive long enough to reach the garbage collector's old
   * generation, which frees them only much later.
   */
  async writeTemp(file: string, fill: (dst: ZipDestination) => Promise<void>): Promise<string> {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = this.tempName(file);
    const fd = openSync(tmp, "wx", 0o666);
    let position = 0;
    try {
      try {
        await fill({
          write: async (data) => {
            for (let done = 0; done < data.length;) {
              const n = writeSync(fd, data, done, data.length - done, position);
              done += n;
              position += n;
            }
          },
          truncate: async () => {
            ftruncateSync(fd, 0);
            position = 0;
          },
        });
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    }
    return tmp;
  }

  /**
   * commitTemp moves a temporary file that writeTemp made, or a directory (which the
   * caller has verified), into place as file, in one rename; never once the locks of
   * this process may have been lost.
   */
  commitTemp(tmp: string, file: string): void {
    assertLocksHeld();
    renameSync(tmp, file);
  }

  /** tempName is a fresh temporary name beside file, one that removeStaleTemps removes. */
  tempName(file: string): string {
    return tempPath(file);
  }

  /** write stores .info or .mod data; writing a .mod updates the list file. */
  write(path: string, version: string, suffix: "info" | "mod", data: Buffer | string): void {
    const file = this.file(path, version, suffix);
    this.writeAtomic(file, data);
    if (suffix === "mod") this.rewriteList(dirname(file));
  }

  /** rewriteList lists the canonical versions that have a .mod file, as the go command does. */
  rewriteList(dir: string): void {
    const versions = readdirSync(dir).filter((n) => n.endsWith(".mod")).map((n) => n.slice(0, -4))
      .filter((v) => v !== "" && canonicalVersion(v) === v);
    const text = sortVersions(versions).map((v) => v + "\n").join("");
    const list = join(dir, "list");
    if (existsSync(list) && readFileSync(list, "utf8") === text) return;
    this.writeAtomic(list, text);
  }

  /**
   * removeStaleTemps removes leftovers of interrupted writes of file ("<file>*.tmp",
   * the go command's and ours), whoever wrote them: call it only while holding file's
   * lock.
   */
  removeStaleTemps(file: string): void {
    removeStaleTemps(file, { anyWriter: true, followSymlinks: false });
  }

  /**
   * removeStaleTempTrees removes the temporary directories that interrupted extractions
   * of dir left beside it (tempName's, of processes no longer running).
   */
  removeStaleTempTrees(dir: string): void {
    let names: string[];
    try {
      names = readdirSync(dirname(dir));
    } catch {
      return;
    }
    for (const name of names) if (isStaleTemp(basename(dir), name)) this.removeTree(join(dirname(dir), name));
  }

  /** makeReadOnly removes write permission from the directories of an extracted module. */
  makeReadOnly(dir: string): void {
    if (this.options.writable) return;
    const dirs: string[] = [];
    const walk = (d: string) => {
      dirs.push(d);
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    };
    walk(dir);
    for (const d of dirs.reverse()) {
      const mode = statSync(d).mode & 0o777;
      chmodSync(d, mode & ~0o222);
    }
  }

  /** removeTree deletes a file, or a directory tree (making read-only directories writable first). */
  removeTree(dir: string): void {
    if (!existsSync(dir)) return;
    if (!statSync(dir).isDirectory()) {
      rmSync(dir, { force: true });
      return;
    }
    const walk = (d: string) => {
      try {
        chmodSync(d, 0o755);
      } catch {
        return;
      }
      for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory()) walk(join(d, e.name));
    };
    walk(dir);
    rmSync(dir, { recursive: true, force: true });
  }
}
