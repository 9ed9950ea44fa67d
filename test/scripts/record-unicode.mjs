#!/usr/bin/env node
// Records src/text/unicode-newer.ts: the code points that JavaScript's Unicode (ICU)
// counts as printable but the installed go's unicode package does not, which are those
// assigned in Unicode versions newer than Go's. With --check, compares instead of writing.

import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const target = join(here, "..", "..", "src", "text", "unicode-newer.ts");
const dir = mkdtempSync(join(tmpdir(), "gotidy-record-unicode-"));
let out;
let version;
try {
  copyFileSync(join(here, "record-unicode.go.txt"), join(dir, "main.go"));
  writeFileSync(join(dir, "go.mod"), "module example.com/unicode\n\ngo 1.22\n");
  const env = { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "", GOWORK: "off", GOPROXY: "off" };
  const r = spawnSync("go", ["run", "."], { cwd: dir, env, encoding: "latin1", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`go run failed:\n${r.stderr}`);
  out = r.stdout;
  const goroot = spawnSync("go", ["env", "GOROOT"], { encoding: "utf8" }).stdout.trim();
  version = /const Version = "([^"]+)"/.exec(readFileSync(join(goroot, "src", "unicode", "tables.go"), "utf8"))[1];
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const ranges = [];
for (let cp = 0x80; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp < 0xe000) continue;
  const goPrint = out[(cp - 0x80) * 2] === "1";
  if (goPrint || !printable.test(String.fromCodePoint(cp))) continue;
  const last = ranges[ranges.length - 1];
  if (last && last[1] === cp - 1) last[1] = cp;
  else ranges.push([cp, cp]);
}
const hex = (n) => "0x" + n.toString(16);
let table = "";
ranges.forEach(([a, b], i) => (table += (i % 6 === 0 ? "\n  " : " ") + `${hex(a)}, ${hex(b)},`));
const text = `// Code points assigned in Unicode versions newer than the go command's (Unicode ${version}):
// JavaScript's Unicode data (Unicode ${process.versions.unicode} where this was recorded) counts them as letters or
// symbols, Go's unicode package as unassigned, so go.mod's lexer and module path checks
// reject them. Recorded by test/scripts/record-unicode.mjs; do not edit.

/** Pairs of first and last code point, ascending. */
const ranges = [${table}
];

/** isNewerThanGo reports whether the code point is assigned only in a Unicode newer than Go's. */
export function isNewerThanGo(cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cp < ranges[2 * mid]) hi = mid;
    else if (cp > ranges[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}
`;
if (process.argv.includes("--check")) {
  const same = readFileSync(target, "utf8") === text;
  console.log(same ? "unicode recording: no drift" : "unicode recording: DRIFT in src/text/unicode-newer.ts");
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
console.log(`recorded ${target} (${ranges.length} ranges)`);
