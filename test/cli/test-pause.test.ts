// The test-only pause point of the write (GOTIDY_TEST_WRITE_PAUSE): which steps pause,
// and the line announcing each step. The kill test (npm run test:kill) relies on both.

import { describe, expect, it, vi } from "vitest";
import { writeOptions } from "../../src/cli/test-pause.js";

describe("GOTIDY_TEST_WRITE_PAUSE", () => {
  it("adds no hook unless set to MS or N:MS", () => {
    expect(writeOptions({}).onStep).toBeUndefined();
    expect(writeOptions({ GOTIDY_TEST_WRITE_PAUSE: "soon" }).onStep).toBeUndefined();
    expect(writeOptions({ GOTIDY_TEST_WRITE_PAUSE: "-5" }).onStep).toBeUndefined();
  });

  it("announces every step on stderr and pauses only at the N-th", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const waits: number[] = [];
    const wait = vi.spyOn(Atomics, "wait").mockImplementation((_a, _i, _v, ms) => {
      waits.push(ms ?? -1);
      return "timed-out";
    });
    try {
      const { onStep } = writeOptions({ GOTIDY_TEST_WRITE_PAUSE: "2:1500" });
      onStep!("go.sum", "written", "/m/go.sum.gotidy-1-2.tmp");
      onStep!("go.sum", "renamed", "/m/go.sum.gotidy-1-2.tmp");
      onStep!("go.mod", "written", "/m/go.mod.gotidy-1-3.tmp");
    } finally {
      spy.mockRestore();
      wait.mockRestore();
    }
    expect(lines).toEqual([
      "gotidy-ts: test pause: go.sum written go.sum.gotidy-1-2.tmp\n",
      "gotidy-ts: test pause: go.sum renamed go.sum.gotidy-1-2.tmp\n",
      "gotidy-ts: test pause: go.mod written go.mod.gotidy-1-3.tmp\n",
    ]);
    expect(waits).toEqual([1500]);
  });
});
