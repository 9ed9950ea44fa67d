// What the architecture test's reader of sources recognises, on small sources written for it:
// a rule is only as good as the reader that finds its breaks.

import { describe, expect, it } from "vitest";
import { importCycles } from "./import-cycles.js";
import { sourceFacts, type SourceFacts } from "./source-facts.js";

const known = new Set(["src/a.ts", "src/b.ts", "src/dir/index.ts", "src/dir/c.ts"]);
const read = (text: string, file = "src/a.ts") => sourceFacts(file, text, known);
const uses = (text: string) => read(text).uses.map((u) => `${u.kind} ${u.what} @${u.line}`);

describe("source facts", () => {
  it("ignores comments and strings", () => {
    expect(uses(`// process.env.HOME, writeFileSync, import "node:http"\nconst s = "process.cwd() node:net";\n/* fetch(x) */\n`)).toEqual([]);
  });

  it("finds network modules, dynamic imports and the global fetch, but not type-only imports", () => {
    const text = [
      `import { request } from "node:http";`,
      `import * as tls from "tls";`,
      `import type { Dispatcher } from "undici";`,
      `import { type Agent } from "undici";`,
      `const u = () => import("undici");`,
      `let t: typeof import("node:net");`,
      `fetch("http://x");`,
    ].join("\n");
    expect(uses(text)).toEqual(["network node:http @1", "network tls @2", "network undici @5", "network fetch @7"]);
  });

  it("takes a name the file declares for its own, not for the global", () => {
    expect(uses(`function run(fetch: () => void, process: { env: string }) { fetch(); return process.env; }`)).toEqual([]);
  });

  it("finds writes through named, renamed, namespace and promises imports of node:fs", () => {
    const text = [
      `import { readFileSync, writeFileSync as save, openSync } from "node:fs";`,
      `import * as fs from "fs";`,
      `import { promises } from "node:fs";`,
      `import { open, rm } from "node:fs/promises";`,
      `readFileSync("a"); save("a", "");`,
      `fs.statSync("a"); fs.promises.rename("a", "b"); promises.mkdir("d");`,
      `openSync("a", "r"); openSync("a"); openSync("a", "w"); open("a", "a+"); open("a", flags);`,
      `const remove = rm;`,
    ].join("\n");
    expect(uses(text)).toEqual([
      "write save @5",
      "write fs.rename @6",
      "write promises.mkdir @6",
      "write openSync for writing @7",
      "write open for writing @7",
      "write open for writing @7",
      "write rm @8",
    ]);
  });

  it("finds the process, node:process and os.homedir()", () => {
    const text = [
      `import { homedir } from "node:os";`,
      `import * as os from "os";`,
      `import { argv } from "node:process";`,
      `const a = process.env.HOME ?? homedir() ?? os.homedir(); os.platform();`,
      `process.exitCode = 1; const { stdout } = process; globalThis.process.cwd();`,
    ].join("\n");
    expect(uses(text)).toEqual([
      "process node:process @3",
      "process process.env @4",
      "process homedir @4",
      "process os.homedir @4",
      "process process.exitCode @5",
      "process process @5",
      "process globalThis.process @5",
    ]);
  });

  it("measures functions by their names and lines", () => {
    const text = [
      `export function top(): void {`,
      `  const inner = () => 1;`,
      `}`,
      `class Box {`,
      `  constructor() {}`,
      `  get size() { return 1; }`,
      `  open(): void {`,
      `    // two`,
      `    // lines`,
      `  }`,
      `}`,
      `const handlers = { onData: function () {} };`,
      ``,
    ].join("\n");
    const f = read(text);
    expect(f.lines).toBe(12);
    expect(f.functions.map((fn) => `${fn.name} @${fn.line} ${fn.lines}`)).toEqual([
      "top @1 3",
      "inner @2 1",
      "Box.constructor @5 1",
      "Box.size @6 1",
      "Box.open @7 4",
      "onData @12 1",
    ]);
  });

  it("resolves relative imports to files of src/, as NodeNext does", () => {
    const f = read(`import { b } from "../b.js";\nexport * from "./c.js";\nimport type { T } from "../dir/index.js";\nimport x from "../dir";\nimport "chalk";\n`, "src/dir/c2.ts");
    expect(f.imports).toEqual([
      { specifier: "../b.js", to: "src/b.ts", typeOnly: false, line: 1 },
      { specifier: "./c.js", to: "src/dir/c.ts", typeOnly: false, line: 2 },
      { specifier: "../dir/index.js", to: "src/dir/index.ts", typeOnly: true, line: 3 },
      { specifier: "../dir", to: "src/dir/index.ts", typeOnly: false, line: 4 },
      { specifier: "chalk", to: undefined, typeOnly: false, line: 5 },
    ]);
  });
});

describe("import cycles", () => {
  const graph = (edges: Record<string, string[]>): SourceFacts[] =>
    Object.entries(edges).map(([file, to]) => ({ file, lines: 1, functions: [], uses: [], imports: to.map((t) => ({ specifier: t, to: t, typeOnly: false, line: 1 })) }));

  it("finds each cycle once, as a path back to its first file", () => {
    const cycles = importCycles(graph({ a: ["b"], b: ["c", "e"], c: ["a", "d"], d: [], e: ["e"], f: ["a"] }));
    expect(cycles).toEqual([["a", "b", "c", "a"], ["e", "e"]]);
  });

  it("finds none in a graph without one", () => {
    expect(importCycles(graph({ a: ["b", "c"], b: ["c"], c: [] }))).toEqual([]);
  });
});
