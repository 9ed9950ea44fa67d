// Bytes that are not UTF-8 survive a tidy run exactly, as they do with the go command:
// a tidy go.mod is left as it is, an untidy one is rewritten to the bytes `go mod edit
// -fmt` printed for it (testdata/gomod/fmt/invalid-utf8-*.golden, recorded by
// test/scripts/record-gomod.mjs), and the decision to write compares bytes.
// Runs bin/gotidy-ts.js, so the package must be built.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const bin = join(root, "bin", "gotidy-ts.js");
const fmt = join(root, "testdata", "gomod", "fmt");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-bytes-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function moduleWith(name: string, goMod: Buffer): string {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "go.mod"), goMod);
  writeFileSync(join(dir, "m.go"), "package m\n");
  return dir;
}

function tidyIn(dir: string, args: string[] = []) {
  const env = { PATH: process.env.PATH, HOME: dir, GOENV: "off", GOPROXY: "off", GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local", GOMODCACHE: join(dir, ".cache"), NO_COLOR: "1" };
  return spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: "buffer" });
}

describe("go.mod bytes that are not UTF-8", () => {
  it("leaves a tidy go.mod holding them untouched", () => {
    const input = readFileSync(join(fmt, "invalid-utf8-tidy.in"));
    // go mod edit -fmt prints it back unchanged: it is already in canonical form.
    expect(readFileSync(join(fmt, "invalid-utf8-tidy.golden")).equals(input)).toBe(true);
    const dir = moduleWith("tidy", input);
    const before = statSync(join(dir, "go.mod")).mtimeMs;
    const r = tidyIn(dir);
    expect(r.stderr.toString("latin1")).toBe("");
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "go.mod")).toString("latin1")).toBe(input.toString("latin1"));
    expect(statSync(join(dir, "go.mod")).mtimeMs).toBe(before);
    const check = tidyIn(dir, ["--check"]);
    expect(check.status).toBe(0);
  });

  it("rewrites an untidy one to go's bytes, the undecodable ones kept", () => {
    const dir = moduleWith("untidy", readFileSync(join(fmt, "invalid-utf8-untidy.in")));
    const want = readFileSync(join(fmt, "invalid-utf8-untidy.golden"));
    const r = tidyIn(dir);
    expect(r.status).toBe(0);
    expect(readFileSync(join(dir, "go.mod")).toString("latin1")).toBe(want.toString("latin1"));
    expect(want.includes(Buffer.from([0xff, 0xfe]))).toBe(true);
  });

  it("shows them as bytes in -diff", () => {
    const dir = moduleWith("diff", readFileSync(join(fmt, "invalid-utf8-untidy.in")));
    const extra = "require example.com/x v1.0.0 // \xe9\n\nreplace example.com/x => ./x\n";
    writeFileSync(join(dir, "go.mod"), Buffer.concat([readFileSync(join(dir, "go.mod")), Buffer.from(extra, "latin1")]));
    mkdirSync(join(dir, "x"));
    writeFileSync(join(dir, "x", "go.mod"), "module example.com/x\n");
    const r = tidyIn(dir, ["-diff"]);
    expect(r.status).toBe(1);
    expect(r.stdout.includes(Buffer.from("-require example.com/x v1.0.0 // \xe9\n", "latin1"))).toBe(true);
  });
});
