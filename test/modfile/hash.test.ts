// h1: checksums against golang.org/x/mod/sumdb/dirhash, recorded by
// test/scripts/record-module.mjs for every file in testdata/hash (real module zips and
// go.mod files from the module proxy, and hand-made zips with awkward shapes).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hashGoMod, hashZip } from "../../src/index.js";

const data = join(__dirname, "..", "..", "testdata");
const recorded: { Hashes: { File: string; Hash: string; Err: string }[] } =
  JSON.parse(readFileSync(join(data, "module", "recorded.json"), "utf8"));

describe("h1: checksums", () => {
  it("has recorded zips and go.mod files", () => {
    expect(recorded.Hashes.filter((h) => h.File.endsWith(".zip")).length).toBeGreaterThanOrEqual(5);
    expect(recorded.Hashes.filter((h) => !h.File.endsWith(".zip")).length).toBeGreaterThanOrEqual(3);
  });
  for (const h of recorded.Hashes) {
    const path = join(data, "hash", h.File);
    if (h.File.endsWith(".zip")) {
      it(`hashes ${h.File} from its path and from its bytes`, async () => {
        expect(await hashZip(path)).toBe(h.Hash);
        expect(await hashZip(readFileSync(path))).toBe(h.Hash);
      });
    } else {
      it(`hashes ${h.File}`, () => {
        const bytes = readFileSync(path);
        expect(hashGoMod(bytes)).toBe(h.Hash);
        expect(hashGoMod(bytes.toString("utf8"))).toBe(h.Hash);
      });
    }
  }
  it("rejects a file that is not a zip", async () => {
    await expect(hashZip(Buffer.from("not a zip"))).rejects.toThrow();
  });
});
