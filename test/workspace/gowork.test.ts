// parseGoWork: the structure it returns, and errors in the go command's format. The
// go command's own readings and messages are compared in recorded.test.ts.

import { describe, expect, it } from "vitest";
import { GoModError, GoModErrorList } from "../../src/modfile/errors.js";
import { printSyntax } from "../../src/modfile/print.js";
import { parseGoWork } from "../../src/workspace/gowork.js";
import { shortPath } from "../../src/text/paths.js";

function errorOf(text: string, name?: string): GoModErrorList {
  try {
    parseGoWork(text, name);
  } catch (e) {
    expect(e).toBeInstanceOf(GoModErrorList);
    return e as GoModErrorList;
  }
  throw new Error("parseGoWork accepted the file");
}

describe("parseGoWork", () => {
  it("reads every directive", () => {
    const f = parseGoWork(
      [
        "// a workspace",
        "go 1.23.1",
        "toolchain go1.24.0",
        "godebug default=go1.21",
        "godebug (",
        "\tpanicnil=1",
        ")",
        "use ./a",
        "use (",
        "\t./b // the b module",
        "",
        '\t"./c d"',
        "\t/abs/e",
        ")",
        "replace example.com/x v1.0.0 => ./x",
        "replace (",
        "\texample.com/y => example.com/z v1.2.0",
        ")",
        "",
      ].join("\n"),
    );
    expect(f.go).toBe("1.23.1");
    expect(f.toolchain).toBe("go1.24.0");
    expect(f.godebug.map((g) => [g.key, g.value, g.line])).toEqual([["default", "go1.21", 4], ["panicnil", "1", 6]]);
    expect(f.use.map((u) => ({ path: u.path, line: u.line }))).toEqual([
      { path: "./a", line: 8 },
      { path: "./b", line: 10 },
      { path: "./c d", line: 12 },
      { path: "/abs/e", line: 13 },
    ]);
    expect(f.replace.map((r) => [r.old, r.new, r.syntax.start.line])).toEqual([
      [{ path: "example.com/x", version: "v1.0.0" }, { path: "./x", version: "" }, 15],
      [{ path: "example.com/y", version: "" }, { path: "example.com/z", version: "v1.2.0" }, 17],
    ]);
    expect(f.use[1].syntax.comments.suffix[0].token).toBe("// the b module");
  });

  it("leaves go and toolchain unset when absent, and accepts an empty file", () => {
    const f = parseGoWork("");
    expect(f.go).toBeUndefined();
    expect(f.toolchain).toBeUndefined();
    expect(f.use).toEqual([]);
    expect(f.replace).toEqual([]);
    expect(parseGoWork("use ()\nuse (\n)\n").use).toEqual([]);
  });

  it("reads bytes, and CRLF line endings", () => {
    const f = parseGoWork(Buffer.from("go 1.22\r\nuse (\r\n\t./a\r\n)\r\n"));
    expect(f.go).toBe("1.22");
    expect(f.use.map((u) => u.path)).toEqual(["./a"]);
  });

  it("unquotes paths and canonicalizes tokens in the syntax tree, as the go command does", () => {
    const f = parseGoWork('use "./a"\nuse "./a\\tb"\nreplace "example.com/x" v1.2 => ./x\n');
    expect(f.use.map((u) => u.path)).toEqual(["./a", "./a\tb"]);
    expect(f.replace[0].old).toEqual({ path: "example.com/x", version: "v1.2.0" });
    expect(f.syntax.stmts.map((s) => ("tokens" in s ? s.tokens : []))).toEqual([
      ["use", "./a"],
      ["use", '"./a\\tb"'],
      ["replace", "example.com/x", "v1.2.0", "=>", "./x"],
    ]);
    // What go work edit -fmt -print writes for this file.
    expect(printSyntax(f.syntax)).toBe('use ./a\n\nuse "./a\\tb"\n\nreplace example.com/x v1.2.0 => ./x\n');
  });

  it("names the file and positions errors as the go command does", () => {
    const e = errorOf("go 1.22\nfoo\nuse (\n\ta b\n)\n", "../go.work");
    expect(e.message).toBe("../go.work:2: unknown directive: foo\n../go.work:4:2: usage: use local/dir");
    expect(e.errors.map((x) => [x.fileName, x.pos?.line, x.pos?.column])).toEqual([["../go.work", 2, 1], ["../go.work", 4, 2]]);
    expect(e.errors[0]).toBeInstanceOf(GoModError);
  });

  it("stops at the first syntax error", () => {
    expect(errorOf('foo\nuse "x\nbar\n').message).toBe("go.work:2:7: unexpected newline in string");
    expect(errorOf("use (\n./a\n").message).toBe("go.work:3: syntax error (unterminated block started at go.work:1:1)");
  });

  it("rejects go.mod directives and blocks that go.work does not have", () => {
    expect(errorOf("module m\nrequire x v1.0.0\nexclude x v1.0.0\nretract v1.0.0\ntool x\nignore x\n").message).toBe(
      ["module", "require", "exclude", "retract", "tool", "ignore"].map((d, i) => `go.work:${i + 1}: unknown directive: ${d}`).join("\n"),
    );
    expect(errorOf("require (\n\tx v1.0.0\n)\ngo (\n)\n").message).toBe("go.work:1: unknown block type: require\ngo.work:4: unknown block type: go");
  });

  it("checks replace versions without resolving them", () => {
    expect(errorOf("replace example.com/x vX => ./x\n").message).toBe('go.work:1: replace example.com/x: version "vX" invalid: must be of the form v1.2.3');
    expect(errorOf("replace example.com/x => example.com/y master\n").message).toBe('go.work:1: replace example.com/y: version "master" invalid: must be of the form v1.2.3');
    expect(errorOf("replace example.com/x => .\\\\x\n").message).toBe("go.work:1: replacement directory appears to be Windows path (on a non-windows system)");
  });
});

describe("shortPath", () => {
  it("is relative to cwd when shorter, as the go command shortens paths", () => {
    expect(shortPath("/no/such/dir/go.work", "/no/such/dir")).toBe("go.work");
    expect(shortPath("/no/such/dir", "/no/such/dir")).toBe(".");
    expect(shortPath("/no/such/x", "/no/such/dir")).toBe("../x");
    expect(shortPath("/a", "/no/such/dir")).toBe("/a");
  });
});
