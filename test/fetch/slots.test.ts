// Slots: never more than their size running at once, the waiting ones started in order,
// and a slot freed whether the operation succeeded or failed.

import { describe, expect, it } from "vitest";
import { Slots } from "../../src/fetch/slots.js";

describe("Slots", () => {
  it("runs at most size operations at once, in the order asked, freeing slots on failure", async () => {
    const slots = new Slots(2);
    const gates: (() => void)[] = [];
    const started: number[] = [];
    let running = 0;
    let most = 0;
    const runs = [0, 1, 2, 3, 4].map((i) => slots.run(async () => {
      started.push(i);
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => gates.push(resolve));
      running--;
      if (i === 1) throw new Error("failed");
      return i;
    }));
    const settled = Promise.allSettled(runs);
    for (let k = 0; k < 5; k++) {
      await new Promise((r) => setImmediate(r));
      expect(running).toBeLessThanOrEqual(2);
      gates.shift()!();
    }
    const results = await settled;
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([0, "failed", 2, 3, 4]);
  });
});
