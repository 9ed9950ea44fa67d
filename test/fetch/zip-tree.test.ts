// A module read from its zip (Fetcher.moduleFiles) instead of from an extracted tree: no
// directory appears in the module cache, the zip and its .ziphash are kept as the go
// command keeps them, and every scanner answer read through the zip is the answer read
// from the tree the go command (or download) extracts from the same zip.

import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModuleCache } from "../../src/fetch/cache.js";
import { Fetcher } from "../../src/fetch/fetcher.js";
import { HttpClient } from "../../src/fetch/http.js";
import { Verifier } from "../../src/fetch/verify.js";
import { parseGoSum } from "../../src/modfile/gosum.js";
import { createScanner, type SourceScanner } from "../../src/scan/source-scanner.js";
import type { DirFiles, ScannedPackage } from "../../src/scan/scanner.js";
import { buildProxyFiles, startFakeProxy, type FakeProxy } from "../support/fake-proxy.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-zip-tree-test-"));
const long = "package big\n\n" + "// a comment line that makes the file longer than the first piece read\n".repeat(200) + 'import "example.com/late"\n';
const moduleFiles = [
  { name: "example.com/a@v1.0.0/go.mod", data: "module example.com/a\n\ngo 1.21\n" },
  { name: "example.com/a@v1.0.0/a.go", data: 'package a\n\nimport "fmt"\n' },
  { name: "example.com/a@v1.0.0/a_test.go", data: 'package a\n\nimport "testing"\n' },
  { name: "example.com/a@v1.0.0/x_test.go", data: 'package a_test\n\nimport "example.com/a"\n' },
  { name: "example.com/a@v1.0.0/README", data: "not Go\n" },
  { name: "example.com/a@v1.0.0/_hidden.go", data: "package hidden\n" },
  { name: "example.com/a@v1.0.0/tagged/t.go", data: '//go:build ignore\n\npackage tagged\n\nimport "os"\n' },
  { name: "example.com/a@v1.0.0/tagged/u.go", data: '//go:build linux && !linux\n\npackage tagged\n\nimport "net"\n' },
  { name: "example.com/a@v1.0.0/big/big.go", data: long },
  { name: "example.com/a@v1.0.0/docs/only/doc.txt", data: "no Go here\n" },
  { name: "example.com/a@v1.0.0/zero/n.go", data: "package nul\n\x00\n" },
  { name: "example.com/a@v1.0.0/deep/er/still/d.go", data: 'package still\n\nimport (\n\t"strings"\n\tc "example.com/c"\n)\n' },
];
const dirs = ["", "tagged", "big", "docs", "docs/only", "zero", "deep", "deep/er", "deep/er/still", "missing", "deep/missing"];

let proxy: FakeProxy;
let scanner: SourceScanner;
beforeAll(async () => {
  proxy = await startFakeProxy(buildProxyFiles(moduleFiles));
  scanner = await createScanner();
});
afterAll(async () => {
  scanner?.close();
  await proxy?.close();
  new ModuleCache(scratch).removeTree(scratch);
});

function fetcher(root: string, goproxy: string, goSum = "", log: string[] = []): Fetcher {
  return new Fetcher({
    cache: new ModuleCache(root),
    http: new HttpClient({ retries: 0 }),
    verifier: new Verifier(goSum ? parseGoSum(goSum) : null, { GOSUMDB: "off", GONOSUMDB: "" }),
    settings: { GOPROXY: goproxy, GONOPROXY: "" },
    log: (l) => log.push(l),
  });
}

/** answers are a scanner's answers for each directory, with the module's directory written as $DIR. */
async function answers(root: string, files?: DirFiles): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const d of dirs) {
    const dir = d ? join(root, ...d.split("/")) : root;
    const options = files ? { files } : undefined;
    const pkg = await scanner.scanDir(dir, options).then((p: ScannedPackage | null) => p, (err: NodeJS.ErrnoException) => `rejects ${err.code}`);
    out.push([d, await scanner.isGoDir(dir, options), JSON.parse(JSON.stringify(pkg).split(root).join("$DIR"))]);
  }
  return out;
}

describe("a module read from its zip", () => {
  it("leaves no directory in the module cache, and keeps the zip and .ziphash as the go command keeps them", async () => {
    const root = mkdtempSync(join(scratch, "zip-"));
    const log: string[] = [];
    const f = fetcher(root, proxy.url, "", log);
    const { dir, files } = await f.moduleFiles("example.com/a", "v1.0.0");
    expect(dir).toBe(join(root, "example.com", "a@v1.0.0"));
    expect(files).not.toBeNull();
    expect(readdirSync(root)).toEqual(["cache"]);
    const dl = join(root, "cache", "download", "example.com", "a", "@v");
    expect(readdirSync(dl).sort()).toEqual(["v1.0.0.lock", "v1.0.0.zip", "v1.0.0.ziphash"]);
    expect(log).toEqual(["go: downloading example.com/a v1.0.0"]);
    // Its go.mod and .go files are read, the other files are not held.
    expect(files!.read(join(dir, "go.mod")).toString()).toBe("module example.com/a\n\ngo 1.21\n");
    expect(files!.read(join(dir, "big", "big.go")).toString()).toBe(long);
    expect(() => files!.read(join(dir, "README"))).toThrow(/ENOENT/);
    expect(files!.list(join(dir, "docs"))?.map((e) => [e.name, e.isDirectory()])).toEqual([["only", true]]);
    expect(files!.list(join(dir, "missing"))).toBeNull();
    expect(files!.list(join(root, "example.com"))).toBeNull();

    // The same module, extracted from the same zip by download: every answer the same.
    const other = mkdtempSync(join(scratch, "dir-"));
    const extracted = await fetcher(other, proxy.url).download("example.com/a", "v1.0.0");
    expect(await answers(dir, files!)).toEqual(await answers(extracted));
    expect((await answers(extracted)).length).toBe(dirs.length);

    // A later fetcher finds the zip in the cache: it extracts it, as the go command would, offline.
    const again = await fetcher(root, "off").moduleFiles("example.com/a", "v1.0.0");
    expect(again).toEqual({ dir, files: null });
    expect(readFileSync(join(dir, "a.go"), "utf8")).toBe('package a\n\nimport "fmt"\n');
    expect(await answers(dir)).toEqual(await answers(extracted));
  });

  it("refuses a zip go.sum does not name, keeping nothing", async () => {
    const root = mkdtempSync(join(scratch, "sum-"));
    const wrong = `example.com/a v1.0.0 h1:${Buffer.alloc(32).toString("base64")}\n`;
    await expect(fetcher(root, proxy.url, wrong).moduleFiles("example.com/a", "v1.0.0")).rejects.toThrow(/SECURITY ERROR/);
    const left = readdirSync(join(root, "cache", "download", "example.com", "a", "@v"));
    expect(left.filter((n) => !n.endsWith(".lock"))).toEqual([]);
    expect(existsSync(join(root, "example.com"))).toBe(false);
  });

  it("fails on a zip that breaks a module zip rule as extracting it fails", async () => {
    const bad = await startFakeProxy(buildProxyFiles([
      { name: "example.com/b@v1.0.0/go.mod", data: "module example.com/b\n" },
      { name: "example.com/b@v1.0.0/x/k.go", data: "package x\n" },
      { name: "example.com/b@v1.0.0/x/K.go", data: "package x\n" },
    ]));
    try {
      const failure = async (use: (f: Fetcher) => Promise<unknown>) => {
        const root = mkdtempSync(join(scratch, "rule-"));
        const log: string[] = [];
        const err = await use(fetcher(root, bad.url, "", log)).then(() => null, (e: Error) => e);
        return { message: err?.message.split(root).join("$ROOT"), log: log.map((l) => l.split(root).join("$ROOT")), tree: existsSync(join(root, "example.com")), zip: relative(root, join(root, "cache", "download", "example.com", "b", "@v", "v1.0.0.zip")) };
      };
      const fromZip = await failure((f) => f.moduleFiles("example.com/b", "v1.0.0"));
      expect(fromZip.message).toMatch(/^unzip \$ROOT\/cache\/download\/example.com\/b\/@v\/v1.0.0.zip: .*case-insensitive file name collision/);
      expect(fromZip.tree).toBe(false);
      expect(fromZip).toEqual(await failure((f) => f.download("example.com/b", "v1.0.0")));
    } finally {
      await bad.close();
    }
  });
});
