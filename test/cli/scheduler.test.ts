// The --recursive scheduler: a bounded number of tasks at a time, results in order as soon
// as they and all before them are done, and a failure stopping what has not started.

import { describe, expect, it } from "vitest";
import { runInOrder } from "../../src/cli/scheduler.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("runInOrder", () => {
  it("runs at most limit tasks at a time and delivers every result in order", async () => {
    const delays = [30, 5, 20, 1, 15, 2, 25, 3, 10, 4];
    let running = 0;
    let most = 0;
    const delivered: [number, number][] = [];
    await runInOrder(delays, 3, async (d, i) => {
      running++;
      most = Math.max(most, running);
      await sleep(d);
      running--;
      return d * 10 + i;
    }, (r, i) => delivered.push([i, r]));
    expect(most).toBe(3);
    expect(delivered).toEqual(delays.map((d, i) => [i, d * 10 + i]));
  });

  it("holds back later results, not later work, behind a slow first task", async () => {
    const events: string[] = [];
    let releaseFirst!: () => void;
    const first = new Promise<void>((r) => (releaseFirst = r));
    const done = runInOrder([0, 1, 2, 3], 2, async (x) => {
      events.push(`start ${x}`);
      if (x === 0) await first;
      else await sleep(1);
      events.push(`end ${x}`);
      return x;
    }, (x) => events.push(`deliver ${x}`));
    while (!events.includes("end 3")) await sleep(1);
    expect(events.filter((e) => e.startsWith("deliver"))).toEqual([]);
    releaseFirst();
    await done;
    expect(events.slice(-5)).toEqual(["end 0", "deliver 0", "deliver 1", "deliver 2", "deliver 3"]);
  });

  it("starts nothing after a failure, delivers what came before it, and rejects with its error", async () => {
    const started: number[] = [];
    const delivered: number[] = [];
    const boom = new Error("task 2 failed");
    const run = runInOrder([0, 1, 2, 3, 4, 5], 2, async (x) => {
      started.push(x);
      await sleep(x === 2 ? 1 : 5);
      if (x === 2) throw boom;
      return x;
    }, (x) => delivered.push(x));
    await expect(run).rejects.toBe(boom);
    expect(delivered).toEqual([0, 1]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it("takes a limit below 1 as 1 and an empty list as nothing to do", async () => {
    let running = 0;
    let most = 0;
    await runInOrder([1, 2, 3], 0, async () => {
      most = Math.max(most, ++running);
      await sleep(1);
      running--;
    }, () => undefined);
    expect(most).toBe(1);
    const delivered: unknown[] = [];
    await runInOrder([], 4, async () => 1, (r) => delivered.push(r));
    expect(delivered).toEqual([]);
  });
});
