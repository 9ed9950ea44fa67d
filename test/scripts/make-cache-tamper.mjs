#!/usr/bin/env node
// Writes the cache-* tidy scenarios (testdata/scenarios/cache-*.txtar): a module cache
// that already holds example.com/a v1.0.0, changed after the fact in one way per scenario
// (its "modcache/" files are written into GOMODCACHE before the run), and a main module
// that imports it. What go mod tidy does then is recorded by record-scenarios.mjs (npm run
// record): a cached .mod or .ziphash that go.sum contradicts is a checksum mismatch; a
// changed extracted file is trusted (the go command re-hashes nothing it has extracted);
// a directory missing its .ziphash, or with a .partial marker, is extracted again.
//
//   node --import tsx test/scripts/make-cache-tamper.mjs
//
// The checksums are computed here so that go.sum and the .ziphash files name the files
// the fake proxy serves. Scenarios that already exist are rewritten with their inputs and
// lose their recordings only if those inputs changed; rerun the recorder after this script.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hash1, hashGoMod } from "../../src/modfile/hash.js";
import { formatTxtar, parseTxtar } from "../support/txtar.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = join(root, "testdata", "scenarios");

const aMod = "module example.com/a\n\ngo 1.21\n";
const aGo = "package a\n";
const bMod = "module example.com/b\n\ngo 1.21\n";
const bGo = "package b\n";
const sha = (s) => createHash("sha256").update(s).digest();
const zipHash = (mod, files) => hash1(Object.entries(files).map(([n, d]) => ({ name: `${mod}/${n}`, sha256: sha(d) })));
const aZip = zipHash("example.com/a@v1.0.0", { "go.mod": aMod, "a.go": aGo });
const bZip = zipHash("example.com/b@v1.0.0", { "go.mod": bMod, "b.go": bGo });
const other = zipHash("example.com/a@v1.0.0", { "go.mod": aMod, "a.go": "package a // changed\n" });

const mainMod = "module example.com/m\n\ngo 1.21\n\nrequire example.com/a v1.0.0\n";
const mainGo = 'package m\n\nimport _ "example.com/a"\n';
const fullSum = `example.com/a v1.0.0 ${aZip}\nexample.com/a v1.0.0/go.mod ${hashGoMod(aMod)}\n`;
const info = '{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}\n';
const dl = "modcache/cache/download/example.com/a/@v/";
const ex = "modcache/example.com/a@v1.0.0/";
/** A complete cache entry of example.com/a v1.0.0 (no zip: an extracted tree and its .ziphash). */
const extracted = { [`${dl}v1.0.0.info`]: info, [`${dl}v1.0.0.mod`]: aMod, [`${dl}v1.0.0.ziphash`]: aZip, [`${ex}go.mod`]: aMod, [`${ex}a.go`]: aGo };

const served = {
  "proxy/example.com/a@v1.0.0/go.mod": aMod, "proxy/example.com/a@v1.0.0/a.go": aGo,
  "proxy/example.com/b@v1.0.0/go.mod": bMod, "proxy/example.com/b@v1.0.0/b.go": bGo,
};

const scenarios = {
  // The cached .mod says more than the one go.sum names: a checksum mismatch.
  "cache-mod-changed": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.mod`]: aMod + "\nrequire example.com/b v1.0.0\n" } },
  // The same with nothing in go.sum to check it against (and no checksum database): the
  // cached .mod is trusted, its requirement enters the graph.
  "cache-mod-changed-no-sum": { gosum: null, cache: { ...extracted, [`${dl}v1.0.0.mod`]: aMod + "\nrequire example.com/b v1.0.0\n" } },
  // An extracted file changed: trusted, so its new import is tidied in.
  "cache-extracted-file-changed": { gosum: fullSum, cache: { ...extracted, [`${ex}a.go`]: 'package a\n\nimport _ "example.com/b"\n' } },
  // An extracted go.mod changed (the graph reads the cached .mod; the go line is checked).
  "cache-extracted-gomod-newer-go": { gosum: fullSum, cache: { ...extracted, [`${ex}go.mod`]: "module example.com/a\n\ngo 1.99\n" } },
  // A .ziphash that go.sum contradicts: a checksum mismatch.
  "cache-ziphash-changed": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.ziphash`]: other } },
  // A .ziphash that is not a checksum, and no zip to compute it again from.
  "cache-ziphash-garbage": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.ziphash`]: "not a checksum\n" } },
  // A .ziphash of the right length that is not an h1: checksum.
  "cache-ziphash-other-algorithm": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.ziphash`]: "h2:" + aZip.slice(3) } },
  // No .ziphash: the directory is not complete, so it is extracted again (from a new download).
  "cache-ziphash-missing": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.ziphash`]: undefined, [`${ex}a.go`]: 'package a\n\nimport _ "example.com/b"\n' } },
  // A .partial marker: the same.
  "cache-partial-marker": { gosum: fullSum, cache: { ...extracted, [`${dl}v1.0.0.partial`]: "", [`${ex}a.go`]: 'package a\n\nimport _ "example.com/b"\n' } },
  // The cached .mod changed and the module is not in go.sum: which lines tidy adds.
  "cache-extracted-file-changed-b-in-sum": {
    gosum: fullSum + `example.com/b v1.0.0 ${bZip}\nexample.com/b v1.0.0/go.mod ${hashGoMod(bMod)}\n`,
    cache: { ...extracted, [`${ex}a.go`]: 'package a\n\nimport _ "example.com/b"\n' },
  },
};

let wrote = 0;
for (const [name, s] of Object.entries(scenarios)) {
  const files = [
    { name: "go.mod", data: mainMod },
    ...(s.gosum === null ? [] : [{ name: "go.sum", data: s.gosum }]),
    { name: "m.go", data: mainGo },
    // (A txtar file ends with a newline: the .ziphash files get one, which go trims.)
    ...Object.entries(s.cache).filter(([, d]) => d !== undefined).map(([n, d]) => ({ name: n, data: d && !d.endsWith("\n") ? d + "\n" : d })),
    ...Object.entries(served).map(([n, d]) => ({ name: n, data: d })),
  ];
  const file = join(dir, `${name}.txtar`);
  // Keep the recording when the inputs are unchanged.
  const old = existsSync(file) ? parseTxtar(readFileSync(file, "utf8")) : null;
  const oldInputs = old?.files.filter((f) => !f.name.startsWith("want/")) ?? [];
  const same = old && JSON.stringify(oldInputs) === JSON.stringify(files);
  const text = formatTxtar({ comment: "", files: same ? old.files : files });
  writeFileSync(file, text);
  if (!same) wrote++;
}
console.log(`${Object.keys(scenarios).length} cache scenarios, ${wrote} new or changed (record them: node --import tsx test/scripts/record-scenarios.mjs cache-...)`);
