// A small scheduler: run a task for each item, a bounded number at a time, and hand the
// results over in the items' order as soon as each and all before it are done.

/**
 * runInOrder calls work for every item, at most limit (at least 1) at a time, starting
 * them in order, and calls deliver with each result in the items' order: a result is
 * delivered as soon as it and every earlier one are, so a slow first item holds back
 * the printing, not the work. When a work call rejects, no further item starts; the
 * running ones finish, the results before the failed item are delivered, and runInOrder
 * rejects with that item's error. It resolves once every result is delivered. deliver
 * must not throw (if it does, runInOrder rejects at once, with tasks still running).
 */
export async function runInOrder<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
  deliver: (result: R, index: number) => void,
): Promise<void> {
  const settled: ({ ok: true; value: R } | { ok: false; error: unknown } | undefined)[] = items.map(() => undefined);
  let nextToStart = 0;
  let nextToDeliver = 0;
  let failedAt = -1;
  const flush = () => {
    for (let s = settled[nextToDeliver]; s?.ok; s = settled[nextToDeliver]) {
      settled[nextToDeliver] = undefined; // delivered: let it go
      deliver(s.value, nextToDeliver++);
    }
  };
  const worker = async () => {
    while (nextToStart < items.length && failedAt < 0) {
      const i = nextToStart++;
      try {
        settled[i] = { ok: true, value: await work(items[i], i) };
      } catch (error) {
        settled[i] = { ok: false, error };
        if (failedAt < 0 || i < failedAt) failedAt = i;
      }
      flush();
    }
  };
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker);
  await Promise.all(workers);
  const failure = failedAt >= 0 ? settled[failedAt] : undefined;
  if (failure && !failure.ok) throw failure.error;
}
