// When the Go parser is loaded, and what a failure to load it looks like: go.mod and
// go.sum work never loads it, a tidy run loads it only when it reads a Go directory,
// and a grammar that cannot be loaded is a ScannerLoadError naming the file.
// (The tests share one process's parser state, so their order matters.)

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  createScanner, formatGoMod, formatGoSum, parseGoMod, parseGoSum, parserLoaded, ScannerLoadError, tidy,
} from "../../src/index.js";
import { deferScanner } from "../../src/scan/deferred.js";
import type { Scanner } from "../../src/scan/scanner.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-loading-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const env = { GOPROXY: "off", GOFLAGS: "", GOENV: "off", HOME: scratch };

describe("loading the Go parser", () => {
  it("is not done by go.mod and go.sum work", () => {
    const file = parseGoMod("module example.com/m\n\ngo 1.21\nrequire example.com/a v1.0.0\n");
    expect(formatGoMod(file)).toBe("module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n");
    const sum = "example.com/a v1.0.0/go.mod h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n";
    expect(formatGoSum(parseGoSum(sum))).toBe(sum);
    expect(parserLoaded()).toBe(false);
  });

  it("is not done by a tidy run that fails before reading a package", async () => {
    const mod = join(scratch, "nomodule");
    mkdirSync(mod);
    writeFileSync(join(mod, "go.mod"), "go 1.21\n");
    writeFileSync(join(mod, "m.go"), "package m\n");
    await expect(tidy({ root: mod, cwd: mod, env })).rejects.toThrow("missing module declaration");
    expect(parserLoaded()).toBe(false);
  });

  it("is done by a tidy run that reads a package", async () => {
    const mod = join(scratch, "module");
    mkdirSync(mod);
    writeFileSync(join(mod, "go.mod"), "module example.com/m\n\ngo 1.21\n");
    writeFileSync(join(mod, "m.go"), "package m\n\nimport _ \"fmt\"\n");
    const result = await tidy({ root: mod, cwd: mod, env });
    expect(result.newGoMod).toBe("module example.com/m\n\ngo 1.21\n");
    expect(parserLoaded()).toBe(true);
  });

  it("fails with a ScannerLoadError naming a grammar file that is missing or not WebAssembly", async () => {
    const missing = join(scratch, "missing.wasm");
    const err = await createScanner({ grammar: missing }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScannerLoadError);
    expect((err as ScannerLoadError).part).toBe("grammar");
    expect((err as ScannerLoadError).message).toBe(`cannot load the Go parser (${missing}): no such file`);
    const junk = join(scratch, "junk.wasm");
    writeFileSync(junk, "not wasm");
    await expect(createScanner({ grammar: junk })).rejects.toThrow(`cannot load the Go parser (${junk}): not a valid WebAssembly module`);
    // A failed grammar does not spoil the runtime: the default grammar still loads.
    const scanner = await createScanner();
    expect(scanner.readHeader("package p\n\nimport \"x/y\"\n")?.imports).toEqual(["x/y"]);
    scanner.close();
  });

  it("is refused after close", async () => {
    const scanner = await createScanner();
    scanner.close();
    scanner.close();
    await expect(scanner.scanDir(scratch)).rejects.toThrow("used after close");
  });
});

describe("a deferred scanner", () => {
  const counting = () => {
    const calls = { create: 0, close: 0 };
    const inner: Scanner = {
      scanDir: async () => null,
      isGoDir: async (dir) => dir === "go",
      close: () => void calls.close++,
    };
    return { calls, scanner: deferScanner(async () => (calls.create++, inner)) };
  };

  it("makes its scanner on first use, once, and closes it", async () => {
    const { calls, scanner } = counting();
    expect(calls.create).toBe(0);
    expect(await scanner.isGoDir("go")).toBe(true);
    expect(await scanner.scanDir("x")).toBeNull();
    expect(calls.create).toBe(1);
    scanner.close();
    await Promise.resolve();
    expect(calls.close).toBe(1);
  });

  it("makes nothing when closed unused, and passes on a failure to make", async () => {
    const { calls, scanner } = counting();
    scanner.close();
    await expect(scanner.scanDir("x")).rejects.toThrow("used after close");
    expect(calls.create).toBe(0);
    const failing = deferScanner(() => Promise.reject(new Error("no parser")));
    await expect(failing.scanDir("x")).rejects.toThrow("no parser");
    await expect(failing.isGoDir("x")).rejects.toThrow("no parser");
  });
});
