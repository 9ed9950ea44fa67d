// The atomic writer when the system fails it part way (a full disk, an I/O error): the
// old file stays as it was, no temporary file stays, and the system's error is thrown.

import * as fs from "node:fs";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import { writeFileAtomic } from "../../src/io/atomic.js";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, writeSync: vi.fn(real.writeSync), fsyncSync: vi.fn(real.fsyncSync), renameSync: vi.fn(real.renameSync), fchmodSync: vi.fn(real.fchmodSync) };
});

const scratch = mkdtempSync(join(tmpdir(), "gotidy-atomic-failure-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

beforeEach(() => vi.clearAllMocks());

describe("writeFileAtomic failing part way", () => {
  const steps: [string, () => void][] = [
    ["a short write (disk full)", () => vi.mocked(fs.writeSync).mockImplementationOnce(() => { throw systemError("ENOSPC"); })],
    ["the flush", () => vi.mocked(fs.fsyncSync).mockImplementationOnce(() => { throw systemError("EIO"); })],
    ["keeping the mode", () => vi.mocked(fs.fchmodSync).mockImplementationOnce(() => { throw systemError("EPERM"); })],
    ["the rename", () => vi.mocked(fs.renameSync).mockImplementationOnce(() => { throw systemError("EXDEV"); })],
  ];
  for (const [step, inject] of steps) {
    it(`at ${step} leaves the old file whole and nothing else`, () => {
      const dir = mkdtempSync(join(scratch, "case-"));
      const file = join(dir, "go.mod");
      writeFileSync(file, "module old\n", { mode: 0o640 });
      const before = statSync(file);
      inject();
      expect(() => writeFileAtomic(file, "module new\n".repeat(1000))).toThrow(/injected/);
      expect(readFileSync(file, "utf8")).toBe("module old\n");
      expect(statSync(file).ino).toBe(before.ino);
      expect(readdirSync(dir)).toEqual(["go.mod"]);
    });
  }

  it("writes the whole data when the system takes it in pieces", () => {
    const dir = mkdtempSync(join(scratch, "case-"));
    const file = join(dir, "go.sum");
    const real = vi.mocked(fs.writeSync).getMockImplementation()!;
    vi.mocked(fs.writeSync).mockImplementation(((fd: number, buf: Uint8Array, off: number, len: number) => (real as (...args: unknown[]) => number)(fd, buf, off, Math.min(len, 7))) as typeof fs.writeSync);
    const data = "example.com/a v1.0.0 h1:abc=\n".repeat(20);
    writeFileAtomic(file, data);
    vi.mocked(fs.writeSync).mockImplementation(real);
    expect(readFileSync(file, "utf8")).toBe(data);
    expect(vi.mocked(fs.writeSync).mock.calls.length).toBeGreaterThan(data.length / 7 - 1);
  });
});
