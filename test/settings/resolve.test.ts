// Settings precedence and origins: a non-empty environment variable, then the go env file,
// then GOROOT/go.env, then the default; GOENV=off; empty values; the variables read from
// the environment alone. (What the go command itself resolves is pinned by the recorded
// cases of recorded.test.ts; these cover the combinations one by one.)

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/settings/resolve.js";
import { goEnvFilePath, readGoEnvFile } from "../../src/settings/goenv-file.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-settings-resolve-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let n = 0;
/** world makes a home with a go env file and a GOROOT with a go.env, and returns the base environment. */
function world(goenv: string, goroot: string): Record<string, string> {
  const home = join(scratch, `w${++n}`);
  mkdirSync(join(home, ".config", "go"), { recursive: true });
  writeFileSync(join(home, ".config", "go", "env"), goenv);
  mkdirSync(join(home, "goroot"), { recursive: true });
  writeFileSync(join(home, "goroot", "go.env"), goroot);
  return { HOME: home, GOROOT: join(home, "goroot"), PATH: "" };
}

describe("resolveSettings precedence", () => {
  const env = world("GOPROXY=https://file.example\nGOSUMDB=file.sumdb.example\n", "GOPROXY=https://root.example\nGOSUMDB=root.sumdb.example\nGOTOOLCHAIN=root-auto\n");

  it("takes the environment over the go env file over GOROOT/go.env over the default", () => {
    const s = resolveSettings({ ...env, GOPROXY: "https://env.example" }, "");
    expect([s.values.GOPROXY, s.sources.GOPROXY]).toEqual(["https://env.example", "environment"]);
    expect([s.values.GOSUMDB, s.sources.GOSUMDB]).toEqual(["file.sumdb.example", "go env file"]);
    expect([s.values.GOTOOLCHAIN, s.sources.GOTOOLCHAIN]).toEqual(["root-auto", "GOROOT/go.env"]);
    expect([s.values.GOAUTH, s.sources.GOAUTH]).toEqual(["netrc", "default"]);
    expect([s.values.GO111MODULE, s.sources.GO111MODULE]).toEqual(["", "default"]);
  });

  it("passes over an empty environment variable", () => {
    const s = resolveSettings({ ...env, GOPROXY: "", GOTOOLCHAIN: "" }, "");
    expect([s.values.GOPROXY, s.sources.GOPROXY]).toEqual(["https://file.example", "go env file"]);
    expect([s.values.GOTOOLCHAIN, s.sources.GOTOOLCHAIN]).toEqual(["root-auto", "GOROOT/go.env"]);
  });

  it("lets an empty go env file entry hide GOROOT/go.env, the default then applying", () => {
    const e = world("GOTOOLCHAIN=\nGOAUTH=\n", "GOTOOLCHAIN=root-auto\nGOAUTH=off\n");
    const s = resolveSettings(e, "");
    expect([s.values.GOTOOLCHAIN, s.sources.GOTOOLCHAIN]).toEqual(["", "go env file"]);
    expect([s.values.GOAUTH, s.sources.GOAUTH]).toEqual(["netrc", "go env file"]);
  });

  it("reads no go env file with GOENV=off, and the one GOENV names otherwise", () => {
    const off = resolveSettings({ ...env, GOENV: "off" }, "");
    expect([off.values.GOENV, off.sources.GOENV]).toEqual(["", "environment"]);
    expect([off.values.GOSUMDB, off.sources.GOSUMDB]).toEqual(["root.sumdb.example", "GOROOT/go.env"]);
    const file = join(scratch, "named-goenv");
    writeFileSync(file, "GOSUMDB=named.example\n");
    const named = resolveSettings({ ...env, GOENV: file }, "");
    expect([named.values.GOENV, named.values.GOSUMDB, named.sources.GOSUMDB]).toEqual([file, "named.example", "go env file"]);
  });

  it("applies GO111MODULE, GOFLAGS and GOWORK from the go env file as from the environment", () => {
    const e = world("GO111MODULE=off\nGOFLAGS=-e -modcacherw\nGOWORK=off\n", "");
    const s = resolveSettings(e, "");
    expect([s.values.GO111MODULE, s.values.GOFLAGS, s.values.GOWORK]).toEqual(["off", "-e -modcacherw", "off"]);
    expect([s.sources.GO111MODULE, s.sources.GOFLAGS, s.sources.GOWORK]).toEqual(["go env file", "go env file", "go env file"]);
    const over = resolveSettings({ ...e, GO111MODULE: "on" }, "");
    expect([over.values.GO111MODULE, over.sources.GO111MODULE]).toEqual(["on", "environment"]);
  });

  it("derives GONOPROXY and GONOSUMDB from GOPRIVATE wherever it was set", () => {
    const s = resolveSettings(world("GOPRIVATE=corp.example\n", ""), "");
    expect([s.values.GONOPROXY, s.values.GONOSUMDB]).toEqual(["corp.example", "corp.example"]);
  });

  it("uses Go 1.26's go.env values when no Go installation is found", () => {
    const s = resolveSettings({ HOME: join(scratch, "nowhere"), PATH: "" }, "");
    expect([s.values.GOPROXY, s.sources.GOPROXY]).toEqual(["https://proxy.golang.org,direct", "GOROOT/go.env"]);
    expect(s.values.GOROOT).toBe("");
  });
});

describe("resolveSettings directories", () => {
  it("falls back to the home directory passed in when $HOME is empty", () => {
    const s = resolveSettings({ PATH: "", GOENV: "off" }, "/home/someone");
    expect(s.values.GOPATH).toBe("/home/someone/go");
    expect(s.values.GOMODCACHE).toBe("/home/someone/go/pkg/mod");
    expect(s.values.GOCACHE).toBe("/home/someone/.cache/go-build");
    expect([s.values.NETRC, s.sources.NETRC]).toEqual(["/home/someone/.netrc", "default"]);
  });

  it("has no go env file, GOPATH or cache without any home", () => {
    const s = resolveSettings({ PATH: "" }, "");
    expect([s.values.GOENV, s.values.GOPATH, s.values.GOMODCACHE, s.values.GOCACHE, s.values.NETRC]).toEqual(["", "", "", "off", ""]);
  });

  it("refuses a relative XDG_CONFIG_HOME or XDG_CACHE_HOME, as Go does", () => {
    expect(goEnvFilePath({ HOME: "/h", XDG_CONFIG_HOME: "rel" }, "")).toBe("");
    expect(goEnvFilePath({ HOME: "/h", XDG_CONFIG_HOME: "/xdg" }, "")).toBe("/xdg/go/env");
    expect(goEnvFilePath({ HOME: "/h" }, "")).toBe("/h/.config/go/env");
    expect(resolveSettings({ HOME: "/h", PATH: "", GOENV: "off", XDG_CACHE_HOME: "rel" }, "").values.GOCACHE).toBe("off");
    expect(resolveSettings({ HOME: "/h", PATH: "", GOENV: "off", XDG_CACHE_HOME: "/c" }, "").values.GOCACHE).toBe("/c/go-build");
  });
});

describe("variables of the environment alone", () => {
  it("reads NETRC, the TLS and the proxy variables from the environment only", () => {
    const e = world("NETRC=/from/file\nSSL_CERT_FILE=/from/file\nHTTPS_PROXY=http://file.example\n", "");
    const s = resolveSettings({ ...e, NETRC: "/env/netrc", https_proxy: "http://lower.example", NO_PROXY: "a.example", no_proxy: "b.example" }, "");
    expect([s.values.NETRC, s.sources.NETRC]).toEqual(["/env/netrc", "environment"]);
    expect([s.values.SSL_CERT_FILE, s.sources.SSL_CERT_FILE]).toEqual(["", "default"]);
    expect([s.values.HTTPS_PROXY, s.sources.HTTPS_PROXY]).toEqual(["http://lower.example", "environment"]);
    expect(s.values.NO_PROXY).toBe("a.example");
    expect([s.values.NODE_EXTRA_CA_CERTS, s.values.SSL_CERT_DIR]).toEqual(["", ""]);
  });
});

describe("readGoEnvFile", () => {
  it("keeps KEY=VALUE lines starting with A-Z, empty values included", () => {
    const file = join(scratch, "lines");
    writeFileSync(file, "# comment\nGOPROXY=a=b\n\nlower=x\nGOSUMDB=\n=nothing\nGOFLAGS=-e '-x'");
    expect([...readGoEnvFile(file)]).toEqual([["GOPROXY", "a=b"], ["GOSUMDB", ""], ["GOFLAGS", "-e '-x'"]]);
    expect(readGoEnvFile(join(scratch, "missing")).size).toBe(0);
  });
});
