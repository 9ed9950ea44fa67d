// Direct mode's pure parts: go-import tags, GOVCS, pseudo-versions, the static host rules
// and the module zip's file rules. Expected values are those of the go command's rules
// (cmd/go/internal/vcs, golang.org/x/mod/module and zip).

import { describe, expect, it } from "vitest";
import { checkGOVCS, parseGOVCS } from "../../src/fetch/vcs/govcs.js";
import { matchMetaImport, parseMetaImports } from "../../src/fetch/vcs/meta.js";
import { pseudoVersion, pseudoVersionBase, pseudoVersionRev } from "../../src/fetch/vcs/pseudo.js";
import { repoRootForImportPath } from "../../src/fetch/vcs/discover.js";
import { selectFiles } from "../../src/fetch/vcs/modzip.js";

const t = Date.UTC(2019, 0, 2, 3, 4, 5) / 1000;

describe("pseudo-versions", () => {
  it("builds the three forms", () => {
    expect(pseudoVersion("", "", t, "0123456789ab")).toBe("v0.0.0-20190102030405-0123456789ab");
    expect(pseudoVersion("v2", "", t, "0123456789ab")).toBe("v2.0.0-20190102030405-0123456789ab");
    expect(pseudoVersion("", "v1.2.9", t, "0123456789ab")).toBe("v1.2.10-0.20190102030405-0123456789ab");
    expect(pseudoVersion("", "v1.3.0-rc.1", t, "0123456789ab")).toBe("v1.3.0-rc.1.0.20190102030405-0123456789ab");
    expect(pseudoVersion("", "v2.0.0+incompatible", t, "0123456789ab")).toBe("v2.0.1-0.20190102030405-0123456789ab+incompatible");
  });
  it("takes them apart", () => {
    expect(pseudoVersionBase("v1.2.10-0.20190102030405-0123456789ab")).toBe("v1.2.9");
    expect(pseudoVersionBase("v1.3.0-rc.1.0.20190102030405-0123456789ab")).toBe("v1.3.0-rc.1");
    expect(pseudoVersionBase("v0.0.0-20190102030405-0123456789ab")).toBe("");
    expect(pseudoVersionBase("v2.0.1-0.20190102030405-0123456789ab+incompatible")).toBe("v2.0.0+incompatible");
    expect(pseudoVersionRev("v1.2.10-0.20190102030405-0123456789ab")).toBe("0123456789ab");
  });
});

describe("go-import tags", () => {
  it("reads tags in the head only, mod entries first", () => {
    const page = `<html><head><META NAME="go-import" content="example.com/a git https://git.example.com/a">
<meta name="go-import" content="example.com/a mod https://proxy.example.com">
<meta name="go-import" content="example.com/b git https://x/b sub/dir"></head><body>
<meta name="go-import" content="example.com/c git https://x/c"></body></html>`;
    const imports = parseMetaImports(page);
    expect(imports).toEqual([
      { prefix: "example.com/a", vcs: "mod", repoRoot: "https://proxy.example.com", subDir: "" },
      { prefix: "example.com/b", vcs: "git", repoRoot: "https://x/b", subDir: "sub/dir" },
    ]);
    expect(matchMetaImport(imports, "example.com/b/pkg").match?.prefix).toBe("example.com/b");
    expect(matchMetaImport(imports, "example.com/z").mismatch).toBe(
      "meta tag example.com/a did not match import path example.com/z, meta tag example.com/b did not match import path example.com/z");
  });
});

describe("GOVCS", () => {
  it("parses go's syntax and reports go's errors", () => {
    expect(() => parseGOVCS("example.com")).toThrow('malformed entry in GOVCS (missing colon): "example.com"');
    expect(() => parseGOVCS("a.com:git,a.com:hg")).toThrow('unreachable pattern in GOVCS: "a.com:hg" after "a.com:git"');
    expect(() => parseGOVCS("a.com:git|")).toThrow('empty VCS name in GOVCS: "a.com:git|"');
  });
  it("applies the user's rules before the defaults", () => {
    expect(() => checkGOVCS("", "", "git", "example.com/a")).not.toThrow();
    expect(() => checkGOVCS("", "", "svn", "example.com/a")).toThrow("GOVCS disallows using svn for public example.com/a; see 'go help vcs'");
    expect(() => checkGOVCS("", "example.com", "svn", "example.com/a")).not.toThrow();
    expect(() => checkGOVCS("example.com:off", "example.com", "git", "example.com/a")).toThrow("GOVCS disallows using git for private example.com/a; see 'go help vcs'");
  });
});

describe("static repository rules", () => {
  const deps = { insecure: false, GOVCS: "", GOPRIVATE: "", get: () => Promise.reject(new Error("no request")), ping: async () => true };
  it("knows github.com without a request", async () => {
    expect(await repoRootForImportPath("github.com/user/repo/sub/pkg", deps)).toEqual({ repo: "https://github.com/user/repo", root: "github.com/user/repo", subDir: "", vcs: "git" });
  });
  it("rejects a malformed known-host path and a .git suffix there", async () => {
    await expect(repoRootForImportPath("github.com/user", deps)).rejects.toThrow('invalid github.com import path "github.com/user"');
    await expect(repoRootForImportPath("github.com/user/repo.git", deps)).rejects.toThrow("invalid version control suffix in github.com/ path");
  });
  it("takes the first secure scheme that answers for a path naming its VCS", async () => {
    const tried: string[] = [];
    const r = await repoRootForImportPath("git.example.org/team/repo.git/pkg", { ...deps, ping: async (_v, s) => (tried.push(s), s === "ssh") });
    expect(tried).toEqual(["https", "git+ssh", "ssh"]);
    expect(r).toEqual({ repo: "ssh://git.example.org/team/repo", root: "git.example.org/team/repo.git", subDir: "", vcs: "git" });
  });
});

describe("module zip file rules", () => {
  const file = (path: string, data = "x", kind: "file" | "symlink" = "file") => ({ path, kind, data: Buffer.from(data) });
  it("leaves out nested modules, vendored packages and symlinks", () => {
    const kept = selectFiles([
      file("go.mod", "module example.com/m\n\ngo 1.23\n"), file("a.go"), file("vendor/modules.txt"), file("vendor/x/x.go"),
      file("sub/go.mod", "module example.com/m/sub\n"), file("sub/s.go"), file("link.go", "a.go", "symlink"),
    ]).map((f) => f.path);
    expect(kept).toEqual(["go.mod", "a.go", "vendor/modules.txt"]);
  });
  it("drops vendor/modules.txt from go 1.24 on", () => {
    const kept = selectFiles([file("go.mod", "module example.com/m\n\ngo 1.24\n"), file("vendor/modules.txt")]).map((f) => f.path);
    expect(kept).toEqual(["go.mod"]);
  });
  it("fails on colliding names", () => {
    expect(() => selectFiles([file("A.go"), file("a.go")])).toThrow('create zip: a.go: case-insensitive file name collision: "A.go" and "a.go"');
  });
});
