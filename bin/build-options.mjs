// esbuild's options for building the package, in one place: bin/build.mjs builds dist/
// with them, and the tests' global setup (test/support/global-setup.ts) builds its
// scratch copy of the package with the same ones.
//
// Three builds:
// - libraryBuild: each file of src/ compiled on its own into dist/ (no bundle: dist/ has
//   the layout of src/, so the library entry points, dist/index.js and dist/gomod.js, and
//   their type declarations keep their paths, and a program importing gotidy-ts/gomod
//   loads only the files it uses);
// - cliBundle: the command line, src/cli/main.ts and everything it imports, dependencies
//   included, as one CommonJS file, dist/cli/gotidy-ts.cjs, which bin/gotidy-ts.js
//   compiles through node:vm with a V8 code cache (one file read, no module resolution,
//   and no compiling on later runs). Work a run may not need (the HTTP client, the
//   checksum database client, the Go parser, colours) is reached through import() in the
//   sources, which esbuild turns into code that runs only when called. web-tree-sitter's
//   JavaScript is bundled too (its CommonJS build), so that it is compiled from the code
//   cache with the rest instead of resolved and compiled from its package on every run
//   that reads Go files; its WebAssembly runtime, tree-sitter.wasm, is read from the
//   installed package (src/scan/tree-sitter.ts).
// - quickBundle: src/cli/quick-main.ts alone, with the same options, which the launcher
//   runs first for a --check (it answers from the result cache without the rest).
//
// The bundle sits two levels below the package root, as every compiled file of dist/
// does (dist/cli/version.js, dist/scan/tree-sitter.js), so that the paths the sources
// resolve against import.meta.url (package.json, src/scan/grammar/) are the same from
// the bundle; import.meta.url is the bundle's own file URL there.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** target is esbuild's target for the oldest Node.js package.json's engines allow. */
export function target(pkg) {
  return `node${pkg.engines.node.replace(/^>=\s*/, "").split(".")[0]}`;
}

/** sources lists src/'s TypeScript files (not declarations), sorted. */
export function sources(root) {
  const src = join(root, "src");
  return readdirSync(src, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => join(src, f));
}

/** libraryBuild: every file of root/src compiled into outRoot/dist, as ES modules. */
export function libraryBuild(root, outRoot, pkg) {
  return {
    entryPoints: sources(root),
    outbase: join(root, "src"),
    outdir: join(outRoot, "dist"),
    format: "esm",
    platform: "node",
    target: target(pkg),
    sourcemap: true,
    sourcesContent: false,
    logLevel: "error",
  };
}

/** How many hex digits of the bundle's SHA-256 its first line holds. */
const stampLength = 32;

/** treeSitterCommonJS resolves "web-tree-sitter" to the file its package gives require(). */
function treeSitterCommonJS(root) {
  const file = createRequire(join(root, "package.json")).resolve("web-tree-sitter");
  return {
    name: "web-tree-sitter-commonjs",
    setup(build) {
      build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: file }));
    },
  };
}

/**
 * Node's modules that a run loads only when it does their work: the network (net, tls,
 * http, dns), child processes (commander requires child_process for a kind of subcommand
 * this command line has not; git), zlib (reading a zip), fs/promises, readline, worker
 * threads. Loading them costs every run that never uses them some milliseconds (net, tls
 * and child_process alone about 10 ms on Node 20), as esbuild's output requires every
 * import when its module is first reached.
 */
const lazyBuiltinNames = ["child_process", "dgram", "dns", "dns/promises", "fs/promises", "http", "http2", "https", "net", "readline", "stream/promises", "tls", "worker_threads", "zlib"];

/**
 * lazyBuiltins makes each of lazyBuiltinNames, imported by the bundled code, an object
 * that requires the real module at the first use of any of its properties. esbuild's
 * CommonJS output reads an import's properties where they are used (import_tls.connect),
 * and copies a module's properties as getters when the import needs a namespace: the
 * names it enumerates are those the module has in the Node that builds (so that an
 * enumeration loads nothing either), and any other property is still read from the real
 * module.
 */
function lazyBuiltins() {
  const filter = new RegExp(`^(node:)?(${lazyBuiltinNames.join("|").replace(/\//g, "\\/")})$`);
  const require = createRequire(import.meta.url);
  return {
    name: "lazy-builtins",
    setup(build) {
      build.onResolve({ filter }, (args) =>
        args.namespace === "lazy-builtin" ? { path: args.path, external: true } : { path: args.path.replace(/^node:/, ""), namespace: "lazy-builtin" });
      build.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
        loader: "js",
        contents: `let real;
const load = () => (real ??= require("node:${args.path}"));
const names = ${JSON.stringify(Object.getOwnPropertyNames(require(`node:${args.path}`)))};
module.exports = new Proxy({}, {
  get: (_, key) => load()[key],
  has: (_, key) => names.includes(key) || key in load(),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_, key) => (names.includes(key) ? { configurable: true, enumerable: true, writable: false, value: undefined } : undefined),
});
`,
      }));
    },
  };
}

/** The bundle's path below the package root (bin/gotidy-ts.js loads it). */
export const cliBundleFile = join("dist", "cli", "gotidy-ts.cjs");

/** cliBundle: the command line bundled into outRoot/dist/cli/gotidy-ts.cjs. */
export function cliBundle(root, outRoot, pkg) {
  return {
    entryPoints: [join(root, "src", "cli", "main.ts")],
    outfile: join(outRoot, cliBundleFile),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: target(pkg),
    // web-tree-sitter's CommonJS build, which finds Node's modules through require (its
    // ES module build would look for them through import.meta, which the bundle has not).
    plugins: [treeSitterCommonJS(root), lazyBuiltins()],
    // import() of it becomes require(): code compiled by node:vm has no import() of its
    // own in Node 20 (without an experimental flag, or once read from a code cache).
    supported: { "dynamic-import": false },
    // import.meta has no value in CommonJS: the bundle's own URL stands for it.
    define: { "import.meta.url": "__bundleURL" },
    // The first line is a placeholder for the content hash buildPackage writes (of the
    // same length, so that the source map's lines still hold).
    banner: { js: `// build ${"0".repeat(stampLength)}\nconst __bundleURL = require("node:url").pathToFileURL(__filename).href;` },
    // Without comments and white space: less to read and hold on every run (names stay,
    // for error names and stacks; the source map leads back to src/).
    minifyWhitespace: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: "none",
    logLevel: "error",
  };
}

/** The quick entry's bundle below the package root (bin/gotidy-ts.js runs it first for a --check). */
export const quickBundleFile = join("dist", "cli", "gotidy-ts-quick.cjs");

/**
 * quickBundle: src/cli/quick-main.ts, which answers a --check from the result cache, bundled
 * on its own into outRoot/dist/cli/gotidy-ts-quick.cjs with the command line's options: a
 * run it answers compiles and reads this alone.
 */
export function quickBundle(root, outRoot, pkg) {
  return { ...cliBundle(root, outRoot, pkg), entryPoints: [join(root, "src", "cli", "quick-main.ts")], outfile: join(outRoot, quickBundleFile) };
}

/**
 * buildPackage writes both builds of root's sources into outRoot/dist with the given
 * esbuild, and stamps the bundle's first line with a hash of the rest of it.
 */
export async function buildPackage(esbuild, root, outRoot, pkg) {
  await Promise.all([libraryBuild, cliBundle, quickBundle].map((options) => esbuild.build(options(root, outRoot, pkg))));
  for (const bundle of [cliBundleFile, quickBundleFile]) {
    const file = join(outRoot, bundle);
    const text = readFileSync(file, "utf8");
    const rest = text.slice(text.indexOf("\n") + 1);
    const hash = createHash("sha256").update(rest).digest("hex").slice(0, stampLength);
    writeFileSync(file, `// build ${hash}\n${rest}`);
  }
}
