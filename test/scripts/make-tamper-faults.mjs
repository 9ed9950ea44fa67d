#!/usr/bin/env node
// Writes the tamper-* fetch fault scenarios (testdata/fetch/faults/tamper-*.txtar): one
// module zip, damaged in one way per scenario, served byte for byte (its "zip.base64"
// entry) by the fake proxy. record-fetch.mjs then records what `go mod download` says to
// each (npm run record), and test/fetch/faults.test.ts replays them against our fetcher.
//
//   node --import tsx test/scripts/make-tamper-faults.mjs
//
// The zips are stored, not rebuilt at test time, because deflate's output can differ
// between zlib builds, and a flipped bit must land on the same byte in every run.
// Damage: bit flips in the compressed data (seeded, so the same positions each time), in
// the local file headers, the central directory and its end record; truncations; and a
// zip whose CRCs are all valid but whose content is not the one go.sum names.
// Scenarios that already exist keep their recorded want/ entries only if their zip is
// unchanged; rerun the recorder after this script.

import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hashZip } from "../../src/modfile/hash.js";
import { rng } from "../support/mutate.js";
import { writeZip } from "../support/zip-writer.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const dir = join(root, "testdata", "fetch", "faults");
const prefix = "example.com/a@v1.0.0/";
const goMod = "module example.com/a\n\ngo 1.21\n";
const words = ["zip", "module", "proxy", "version", "checksum", "tidy", "graph", "sum", "cache", "path"];
const text = (seed, lines) => {
  const r = rng(seed);
  let out = "package a\n\n";
  for (let i = 0; i < lines; i++) out += `// ${Array.from({ length: 6 }, () => words[Math.floor(r() * words.length)] + Math.floor(r() * 50)).join(" ")}\n`;
  return out;
};
const aGo = text(7, 60);
const zip = writeZip([{ name: prefix + "go.mod", data: goMod }, { name: prefix + "a.go", data: aGo }]);

/** Offsets of the zip's parts: local headers, data, central headers, end record. */
function layout(z) {
  const at = (sig, from = 0) => z.indexOf(Buffer.from(sig), from);
  const local1 = 0;
  const local2 = at([0x50, 0x4b, 0x03, 0x04], 4);
  const central1 = at([0x50, 0x4b, 0x01, 0x02]);
  const central2 = at([0x50, 0x4b, 0x01, 0x02], central1 + 4);
  const end = at([0x50, 0x4b, 0x05, 0x06]);
  const data2 = local2 + 30 + z.readUInt16LE(local2 + 26);
  const data1 = local1 + 30 + z.readUInt16LE(local1 + 26);
  return { local1, local2, central1, central2, end, data1, data2, data2End: central1, data1End: local2 };
}
const L = layout(zip);

const edit = (f) => {
  const z = Buffer.from(zip);
  f(z);
  return z;
};
const flipBit = (z, offset, bit) => {
  z[offset] ^= 1 << bit;
};

const scenarios = [];
const add = (name, why, z, goSum = null) => scenarios.push({ name, why, zip: z, goSum });

// Bit flips in a.go's compressed data and in go.mod's.
const r = rng(17);
for (let k = 1; k <= 10; k++) {
  const bit = Math.floor(r() * (L.data2End - L.data2) * 8);
  add(`tamper-data-flip-${k}`, `bit ${bit & 7} of byte ${bit >> 3} of a.go's deflated data flipped`, edit((z) => flipBit(z, L.data2 + (bit >> 3), bit & 7)));
}
add("tamper-gomod-data-flip", "a bit of go.mod's deflated data flipped", edit((z) => flipBit(z, L.data1 + 2, 4)));
// Headers.
add("tamper-local-signature", "the local header signature of a.go damaged", edit((z) => flipBit(z, L.local2, 0)));
add("tamper-local-crc", "a bit of the CRC-32 in a.go's local header flipped (the central directory's is intact)", edit((z) => flipBit(z, L.local2 + 14, 0)));
add("tamper-local-name-length", "a.go's local header names one byte more than it holds", edit((z) => z.writeUInt16LE(z.readUInt16LE(L.local2 + 26) + 1, L.local2 + 26)));
add("tamper-local-name", "a letter of a.go's name in its local header changed (the central directory's is intact)", edit((z) => flipBit(z, L.local2 + 30 + prefix.length, 1)));
add("tamper-central-crc", "a bit of a.go's CRC-32 in the central directory flipped", edit((z) => flipBit(z, L.central2 + 16, 3)));
add("tamper-central-size-larger", "a.go's uncompressed size in the central directory one more than its content", edit((z) => z.writeUInt32LE(z.readUInt32LE(L.central2 + 24) + 1, L.central2 + 24)));
add("tamper-central-size-smaller", "a.go's uncompressed size in the central directory one less than its content", edit((z) => z.writeUInt32LE(z.readUInt32LE(L.central2 + 24) - 1, L.central2 + 24)));
add("tamper-central-compressed-size", "a.go's compressed size in the central directory ten bytes short", edit((z) => z.writeUInt32LE(z.readUInt32LE(L.central2 + 20) - 10, L.central2 + 20)));
add("tamper-central-method-unknown", "a.go's compression method 8 (deflate) changed to 9", edit((z) => z.writeUInt16LE(9, L.central2 + 10)));
add("tamper-central-method-stored", "a.go's compression method 8 (deflate) changed to 0 (stored)", edit((z) => z.writeUInt16LE(0, L.central2 + 10)));
add("tamper-central-offset", "a.go's local header offset in the central directory one byte off", edit((z) => z.writeUInt32LE(z.readUInt32LE(L.central2 + 42) + 1, L.central2 + 42)));
add("tamper-central-name", "a letter of a.go's name in the central directory changed ('a.go' to 'c.go')", edit((z) => flipBit(z, L.central2 + 46 + prefix.length, 1)));
add("tamper-end-signature", "the end of central directory signature damaged", edit((z) => flipBit(z, L.end, 0)));
add("tamper-end-count", "the end record counts one entry more than the central directory holds", edit((z) => {
  z.writeUInt16LE(3, L.end + 8);
  z.writeUInt16LE(3, L.end + 10);
}));
add("tamper-end-directory-offset", "the end record's central directory offset one byte off", edit((z) => z.writeUInt32LE(z.readUInt32LE(L.end + 16) + 1, L.end + 16)));
// Truncations.
add("tamper-truncate-last-byte", "the zip without its last byte", zip.subarray(0, zip.length - 1));
add("tamper-truncate-central", "the zip cut in the middle of its central directory", zip.subarray(0, L.central2 + 10));
add("tamper-truncate-half", "the zip cut in half", zip.subarray(0, Math.floor(zip.length / 2)));
// A zip that is sound in itself but not the one go.sum names.
const substitute = writeZip([{ name: prefix + "go.mod", data: goMod }, { name: prefix + "a.go", data: aGo.replace("package a", "package a // replaced") }]);
add("tamper-substituted", "a zip with valid CRC-32s whose a.go differs from the one go.sum's checksum names", substitute,
  `example.com/a v1.0.0 ${await hashZip(zip)}\n`);

for (const s of scenarios) {
  const file = join(dir, `${s.name}.txtar`);
  const b64 = s.zip.toString("base64").replace(/.{1,76}/g, "$&\n");
  let body = `${s.why}.\n-- command --\ndownload example.com/a@v1.0.0\n-- env --\nGOPROXY=$PROXY\n`;
  body += `-- proxy/example.com/a@v1.0.0/go.mod --\n${goMod}`;
  if (s.goSum) body += `-- go.sum --\n${s.goSum}`;
  body += `-- zip.base64 --\n${b64}`;
  // Keep recorded answers for an unchanged input.
  if (existsSync(file)) {
    const old = readFileSync(file, "utf8");
    const cut = old.indexOf("-- want/status --");
    if (cut >= 0 && old.slice(0, cut) === body) body = old;
  }
  writeFileSync(file, body);
}
console.log(`wrote ${scenarios.length} tamper scenarios`);
