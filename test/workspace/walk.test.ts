// The module walk behind --recursive: which directories count as modules, which are
// skipped, and when a go.work file is used instead.

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { skipDir, walkModules as walkModulesIn, WorkspaceError } from "../../src/workspace/discover.js";
import { findModules } from "../../src/library.js";

/** walkModules with the working directory the tests run in, unless given. */
const walkModules = (dir: string, options = { cwd: process.cwd() }) => walkModulesIn(dir, options);

const scratch = realpathSync(mkdtempSync(join(tmpdir(), "gotidy-discover-test-")));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let trees = 0;

/**
 * tree builds a directory tree: "path" -> file contents; "path/" -> an empty directory;
 * "path@" -> a symbolic link to the value.
 */
function tree(files: Record<string, string>): string {
  const root = join(scratch, `t${++trees}`);
  mkdirSync(root);
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith("@")) {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      symlinkSync(data, join(root, name.slice(0, -1)));
    } else if (name.endsWith("/")) {
      mkdirSync(join(root, name), { recursive: true });
    } else {
      mkdirSync(dirname(join(root, name)), { recursive: true });
      writeFileSync(join(root, name), data);
    }
  }
  return root;
}

const mod = (path: string) => `module ${path}\n`;

/** rel lists found directories relative to root ("." for root). */
const rel = (root: string, dirs: string[]) => dirs.map((d) => relative(root, d) || ".");

async function rejection(p: Promise<unknown>): Promise<WorkspaceError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkspaceError);
  return err as WorkspaceError;
}

describe("skipDir", () => {
  it("skips vendor, testdata, node_modules and names starting with . or _", () => {
    for (const n of ["vendor", "testdata", "node_modules", ".git", ".", "..", "_old", "_"]) expect(skipDir(n)).toBe(true);
    for (const n of ["Vendor", "vendors", "test", "testdata2", "node", "a.b", "a_b", "src"]) expect(skipDir(n)).toBe(false);
  });
});

describe("walkModules", () => {
  it("finds the root and nested modules, sorted", async () => {
    const root = tree({
      "go.mod": mod("example.com/root"),
      "b/go.mod": mod("example.com/b"),
      "a/go.mod": mod("example.com/a"),
      "a/inner/deeper/go.mod": mod("example.com/a/inner/deeper"),
      "a/pkg/x.go": "package pkg\n",
      "c/d/e/go.mod": mod("example.com/e"),
      "nomod/x.go": "package nomod\n",
      "a-b/go.mod": mod("example.com/a-b"),
    });
    const found = await walkModules(root);
    expect(rel(root, found)).toEqual([".", "a", "a-b", "a/inner/deeper", "b", "c/d/e"]);
    expect(found.every((d) => d.startsWith(root))).toBe(true);
  });

  it("does not enter skipped directories, at any depth", async () => {
    const root = tree({
      "m/go.mod": mod("example.com/m"),
      "vendor/v/go.mod": mod("example.com/v"),
      "vendor/go.mod": mod("example.com/vendor"),
      "m/testdata/t/go.mod": mod("example.com/t"),
      "m/testdata/go.mod": mod("example.com/td"),
      "node_modules/pkg/go.mod": mod("example.com/n"),
      ".git/go.mod": mod("example.com/git"),
      ".hidden/deep/go.mod": mod("example.com/h"),
      "_old/go.mod": mod("example.com/old"),
      "x/_y/z/go.mod": mod("example.com/z"),
      "ok/vendored/go.mod": mod("example.com/vendored"),
      "ok/_x.go/go.mod": mod("example.com/x"),
      "ok/testdata.d/go.mod": mod("example.com/tdd"),
    });
    expect(rel(root, await walkModules(root))).toEqual(["m", "ok/testdata.d", "ok/vendored"]);
  });

  it("includes the starting directory even when its name would be skipped", async () => {
    const root = tree({ "testdata/go.mod": mod("example.com/t"), "testdata/sub/go.mod": mod("example.com/s"), "testdata/vendor/go.mod": mod("v") });
    const start = join(root, "testdata");
    expect(rel(start, await walkModules(start))).toEqual([".", "sub"]);
  });

  it("does not follow symbolic links to directories", async () => {
    const outside = tree({ "go.mod": mod("example.com/outside"), "sub/go.mod": mod("example.com/outside/sub") });
    const root = tree({
      "a/go.mod": mod("example.com/a"),
      "link@": outside,
      "a/loop@": "..",
      "rel@": "a",
    });
    expect(rel(root, await walkModules(root))).toEqual(["a"]);
  });

  it("follows a starting directory that is itself a symbolic link", async () => {
    const target = tree({ "go.mod": mod("example.com/t"), "x/go.mod": mod("example.com/t/x") });
    const root = tree({ "start@": target });
    const start = join(root, "start");
    const found = await walkModules(start);
    expect(found).toEqual([start, join(start, "x")]);
  });

  it("counts go.mod only as a regular file or a symbolic link to one", async () => {
    const root = tree({
      "file/go.mod": mod("example.com/file"),
      "dir/go.mod/": "",
      "link/go.mod@": "../file/go.mod",
      "broken/go.mod@": "../nowhere/go.mod",
      "linkdir/go.mod@": "../dir/go.mod",
      "upper/GO.MOD": mod("example.com/upper"),
      "other/go.mod.bak": mod("example.com/bak"),
    });
    expect(rel(root, await walkModules(root))).toEqual(["file", "link"]);
  });

  it("walks relative to cwd", async () => {
    const root = tree({ "p/q/go.mod": mod("example.com/q") });
    expect(await walkModules("q", { cwd: join(root, "p") })).toEqual([join(root, "p", "q")]);
    expect(await walkModules(".", { cwd: join(root, "p") })).toEqual([join(root, "p", "q")]);
  });

  it("finds nothing in a tree without modules", async () => {
    const root = tree({ "a/b/c/x.go": "package c\n", "empty/": "" });
    expect(await walkModules(root)).toEqual([]);
  });

  it("reports a starting directory that does not exist or is a file", async () => {
    const root = tree({ "f": "x\n" });
    expect((await rejection(walkModules("missing", { cwd: root }))).message).toBe("go: directory missing does not exist");
    expect((await rejection(walkModules(join(root, "f"), { cwd: root }))).message).toBe("go: f is not a directory");
  });

  it("handles wide and deep trees", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`w${i}/go.mod`] = mod(`example.com/w${i}`);
    let deep = "d";
    for (let i = 0; i < 60; i++) deep += `/d${i}`;
    files[`${deep}/go.mod`] = mod("example.com/deep");
    const root = tree(files);
    const found = await walkModules(root);
    expect(found.length).toBe(301);
    expect(found).toContain(join(root, deep));
    expect([...found].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))).toEqual(found);
  });
});

describe("findModules", () => {
  it("walks when there is no go.work", async () => {
    const root = tree({ "go.mod": mod("example.com/r"), "a/go.mod": mod("example.com/a"), "testdata/go.mod": mod("t") });
    const r = await findModules(root);
    expect(r.source).toBe("walk");
    expect(r.goWork).toBeUndefined();
    expect(rel(root, r.modules)).toEqual([".", "a"]);
  });

  it("uses go.work instead of walking", async () => {
    const root = tree({
      "go.work": "go 1.22\n\nuse ./a\nuse (\n\tsub/b\n\t../ext\n)\n",
      "a/go.mod": mod("example.com/a"),
      "sub/b/go.mod": mod("example.com/b"),
      "unlisted/go.mod": mod("example.com/unlisted"),
    });
    mkdirSync(join(dirname(root), "ext"), { recursive: true });
    writeFileSync(join(dirname(root), "ext", "go.mod"), mod("example.com/ext"));
    const r = await findModules(root);
    expect(r.source).toBe("go.work");
    expect(r.goWork?.path).toBe(join(root, "go.work"));
    expect(r.goWork?.file.use.map((u) => [u.path, u.line])).toEqual([["./a", 3], ["sub/b", 5], ["../ext", 6]]);
    expect(r.modules).toEqual([join(root, "a"), join(dirname(root), "ext"), join(root, "sub", "b")].sort());
  });

  it("accepts absolute use paths", async () => {
    const other = tree({ "go.mod": mod("example.com/other") });
    const root = tree({ "go.work": `go 1.22\nuse ${other}\nuse ./a\n`, "a/go.mod": mod("a") });
    const r = await findModules(root);
    expect(r.modules).toEqual([other, join(root, "a")].sort());
  });

  it("reports use directives without a module, in the go command's words", async () => {
    const root = tree({ "go.work": "go 1.22\nuse ./a\nuse ./x\nuse ./empty\n", "a/go.mod": mod("a"), "empty/": "" });
    const err = await rejection(findModules(root, { cwd: root }));
    expect(err.lines).toEqual([
      "go: cannot load module x listed in go.work file: open x/go.mod: no such file or directory",
      "go: cannot load module empty listed in go.work file: open empty/go.mod: no such file or directory",
    ]);
    const fromA = await rejection(findModules("..", { cwd: join(root, "a") }));
    expect(fromA.lines[0]).toBe("go: cannot load module ../x listed in go.work file: open ../x/go.mod: no such file or directory");
    // Relative paths are used only when shorter.
    const top = await rejection(findModules(root, { cwd: "/" }));
    expect(top.lines[0]).toBe(`go: cannot load module ${root.slice(1)}/x listed in go.work file: open ${root.slice(1)}/x/go.mod: no such file or directory`);
    const far = await rejection(findModules(root, { cwd: join(scratch, ...Array(20).fill("d")) }));
    expect(far.lines[0]).toBe(`go: cannot load module ${root}/x listed in go.work file: open ${root}/x/go.mod: no such file or directory`);
  });

  it("reports parse errors with the go.work path as seen from cwd", async () => {
    const root = tree({ "go.work": "go 1.22\nuse a b\n", "a/go.mod": mod("a") });
    expect((await rejection(findModules(root, { cwd: root }))).message).toBe("go: errors parsing go.work:\ngo.work:2: usage: use local/dir");
    expect((await rejection(findModules(root, { cwd: join(root, "a") }))).message).toBe("go: errors parsing go.work:\n../go.work:2: usage: use local/dir");
  });

  it("explains a go.work for a newer Go according to GOTOOLCHAIN", async () => {
    const root = tree({ "go.work": "go 1.99\n" });
    const local = await rejection(findModules(root, { cwd: root, env: { GOTOOLCHAIN: "local" } }));
    expect(local.message).toMatch(/^go: go\.work requires go >= 1\.99 \(running go 1\.\d+\.\d+; GOTOOLCHAIN=local\)$/);
    const auto = await rejection(findModules(root, { cwd: root, env: { GOTOOLCHAIN: "auto", GOENV: "off" } }));
    expect(auto.lines[0]).toMatch(/^go: go\.work requires go >= 1\.99 \(running go 1\.\d+\.\d+\)\n\tgotidy-ts follows go /);
  });

  it("lists no modules for a go.work without use directives", async () => {
    const root = tree({ "go.work": "go 1.22\n", "a/go.mod": mod("a") });
    expect(await findModules(root)).toMatchObject({ source: "go.work", modules: [] });
  });

  it("walks instead when asked to ignore go.work, or when go.work is not a file", async () => {
    const root = tree({ "go.work": "go 1.22\nuse ./a\n", "a/go.mod": mod("a"), "b/go.mod": mod("b") });
    expect(rel(root, (await findModules(root, { useGoWork: false })).modules)).toEqual(["a", "b"]);
    const dirWork = tree({ "go.work/": "", "b/go.mod": mod("b") });
    expect(await findModules(dirWork)).toEqual({ source: "walk", modules: [join(dirWork, "b")] });
  });

  it("follows a go.work that is a symbolic link", async () => {
    const root = tree({ "real.work": "go 1.22\nuse ./a\n", "go.work@": "real.work", "a/go.mod": mod("a"), "b/go.mod": mod("b") });
    expect(rel(root, (await findModules(root)).modules)).toEqual(["a"]);
  });

  it("resolves dir against cwd", async () => {
    const root = tree({ "w/go.work": "use ./m\n", "w/m/go.mod": mod("m") });
    expect((await findModules("w", { cwd: root })).modules).toEqual([join(root, "w", "m")]);
  });
});
