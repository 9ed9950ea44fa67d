// The files behind a module's import key (src/cache/key-files.ts): the key recorded for a
// walk is given back for a walk of the same files, or of files changed after their cut
// point only, and for nothing else. Each test takes the stats as the stat key's walk
// does (StatList) and moves the clock instead of waiting out the racy window.

import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { StatList } from "../../src/cache/file-stats.js";
import { keyFromFiles, recordKeyFiles } from "../../src/cache/key-files.js";
import { prefixSum } from "../../src/cache/local-scan.js";
import { CacheStore } from "../../src/cache/store.js";
import { headerPrefix } from "../../src/scan/header.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-key-files-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const sources: Record<string, string> = {
  "a.go": 'package m\n\nimport "fmt"\n\nfunc A() { fmt.Println() }\n',
  "b.go": "package m\n\nfunc B() int { return 1 }\n",
  // no declaration line: its header needs the whole file
  "c.go": "package m\n",
};

let n = 0;
/** module writes the sources into a directory of their own and returns it. */
function module(): string {
  const dir = join(scratch, `m${++n}`);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(sources)) writeFileSync(join(dir, f), text);
  return dir;
}

/** walk takes the stats of dir's .go files, in name order, as the stat key's walk does. */
function walk(dir: string): StatList {
  const list = new StatList();
  for (const f of ["a.go", "b.go", "c.go", "d.go"]) {
    const st = statSync(join(dir, f), { throwIfNoEntry: false });
    if (st) list.add(join(dir, f), st);
  }
  return list;
}

/** sumOf is the sum of a file's text before its cut point, as the scanner reports it (null: none). */
function sumOf(path: string): string | null {
  const prefix = headerPrefix(readFileSync(path, "utf8"));
  return prefix === null ? null : prefixSum(prefix);
}

const later = () => Date.now() + 10_000; // past the racy window of every file written here
const store = () => new CacheStore(join(scratch, `cache${++n}`), { toolVersion: "1" });

describe("the files behind an import key", () => {
  it("gives the key back for the same files, and after an edit of a function body", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBe("K");
    writeFileSync(join(dir, "a.go"), sources["a.go"].replace("fmt.Println()", 'fmt.Println("edited")'));
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBe("K");
    // from another store (another process): the same
    expect(keyFromFiles(new CacheStore(s.dir, { toolVersion: "1" }), dir, "common", walk(dir), later())).toBe("K");
  });

  it("gives nothing for other common parts, another module root or another version", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
    expect(keyFromFiles(s, dir, "other", walk(dir), later())).toBeNull();
    const copy = module();
    expect(keyFromFiles(s, copy, "common", walk(copy), later())).toBeNull();
    expect(keyFromFiles(new CacheStore(s.dir, { toolVersion: "2" }), dir, "common", walk(dir), later())).toBeNull();
  });

  it("gives nothing after an edit before the cut point: an import, a comment, the package clause", () => {
    for (const edit of [
      (t: string) => t.replace('import "fmt"', 'import "os"'),
      (t: string) => t.replace("package m", "// a comment\npackage m"),
      (t: string) => t.replace("package m", "package n"),
      // a declaration moved before the imports: the cut point is elsewhere
      (t: string) => t.replace("package m\n", "package m\n\nvar x = 1\n"),
    ]) {
      const s = store();
      const dir = module();
      recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
      writeFileSync(join(dir, "a.go"), edit(sources["a.go"]));
      let edited = 0;
      expect(keyFromFiles(s, dir, "common", walk(dir), later(), () => edited++)).toBeNull();
      // told: the scan cache alone cannot give the key either
      expect(edited).toBe(1);
    }
  });

  it("tells of no edited header when the answer is null for another reason", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", (p) => (p.endsWith("b.go") ? undefined : sumOf(p)));
    let edited = 0;
    const tell = () => edited++;
    expect(keyFromFiles(s, dir, "other", walk(dir), later(), tell)).toBeNull();
    writeFileSync(join(dir, "d.go"), sources["b.go"]);
    expect(keyFromFiles(s, dir, "common", walk(dir), later(), tell)).toBeNull();
    rmSync(join(dir, "d.go"));
    // b.go's header was not read when the key was taken
    writeFileSync(join(dir, "b.go"), sources["b.go"].replace("return 1", "return 2"));
    expect(keyFromFiles(s, dir, "common", walk(dir), later(), tell)).toBeNull();
    expect(edited).toBe(0);
  });

  it("gives nothing when a file is added, removed or renamed", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
    writeFileSync(join(dir, "d.go"), sources["b.go"]);
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBeNull();
    rmSync(join(dir, "d.go"));
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBe("K");
    renameSync(join(dir, "b.go"), join(dir, "d.go"));
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBeNull();
  });

  it("gives nothing when a changed file's header needed the whole file, or was not read", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", (p) => (p.endsWith("b.go") ? undefined : sumOf(p)));
    writeFileSync(join(dir, "c.go"), "package m\n\n// more\n");
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBeNull();
    writeFileSync(join(dir, "c.go"), sources["c.go"]);
    writeFileSync(join(dir, "b.go"), sources["b.go"].replace("return 1", "return 2"));
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBeNull();
  });

  it("reads again a file whose stat was taken within the racy window, however its stat looks", () => {
    const s = store();
    const dir = module();
    rmSync(join(dir, "c.go")); // (read again, it would never answer: its header needs the whole file)
    const list = walk(dir);
    recordKeyFiles(s, dir, "common", list, Date.now(), "K", sumOf); // every file just written
    // The imports change and the stats are taken as they were (as when an edit keeps the
    // file's size and times within the clock's granularity): the text is read.
    writeFileSync(join(dir, "a.go"), sources["a.go"].replace('"fmt"', '"os" '));
    expect(keyFromFiles(s, dir, "common", list, later())).toBeNull();
    writeFileSync(join(dir, "a.go"), sources["a.go"]);
    expect(keyFromFiles(s, dir, "common", list, later())).toBe("K");
  });

  it("writes back the stats of files found unchanged before their cut point, once past the racy window", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
    const file = s.pathOf("check", `files ${dir}`);
    const written = readFileSync(file, "utf8");
    writeFileSync(join(dir, "b.go"), sources["b.go"].replace("return 1", "return 2"));
    // within the racy window: answered, nothing written
    expect(keyFromFiles(s, dir, "common", walk(dir), Date.now())).toBe("K");
    expect(readFileSync(file, "utf8")).toBe(written);
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBe("K");
    expect(readFileSync(file, "utf8")).not.toBe(written);
    // b.go's new stat is the one held now: a change of its package clause is seen
    writeFileSync(join(dir, "b.go"), sources["b.go"].replace("package m", "package n"));
    expect(keyFromFiles(s, dir, "common", walk(dir), later())).toBeNull();
  });

  it("gives nothing for a damaged entry, or a file that cannot be read", () => {
    const s = store();
    const dir = module();
    recordKeyFiles(s, dir, "common", walk(dir), later(), "K", sumOf);
    const file = s.pathOf("check", `files ${dir}`);
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.slice(0, -10));
    expect(keyFromFiles(new CacheStore(s.dir, { toolVersion: "1" }), dir, "common", walk(dir), later())).toBeNull();
    writeFileSync(file, text);
    const list = walk(dir);
    rmSync(join(dir, "a.go"));
    expect(keyFromFiles(new CacheStore(s.dir, { toolVersion: "1" }), dir, "common", list, later())).toBe("K"); // stats as recorded
    const changed = new StatList();
    for (const [i, p] of list.paths.entries()) changed.add(p, { ...list.statAt(i), size: list.statAt(i).size + 1 });
    expect(keyFromFiles(new CacheStore(s.dir, { toolVersion: "1" }), dir, "common", changed, later())).toBeNull();
  });
});
