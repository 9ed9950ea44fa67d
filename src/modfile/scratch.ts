// Scratch buffers for reading zips: taken by a reader for as long as it reads, given back
// when it is done, and taken again by the next one. Module zips are read one after another
// (a few at most at once), so a handful of buffers serve a whole run: the allocator is
// not asked for a new buffer per zip or per entry, memory it would keep long after the
// garbage collector had freed it.

/** The largest buffer kept for the next reader (a longer one is left to the garbage collector). */
const keptBytes = 4 << 20;

/** How many buffers are kept. */
const keptCount = 4;

const free: Buffer[] = [];

/** takeScratch returns a buffer of at least length bytes, a kept one when one is long enough; the caller owns it until it gives it back. */
export function takeScratch(length: number): Buffer {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    if (free[i].length >= length && (best < 0 || free[i].length < free[best].length)) best = i;
  }
  if (best >= 0) return free.splice(best, 1)[0];
  // A buffer about to be replaced by a longer one is dropped rather than kept beside it.
  if (free.length > 0 && length <= keptBytes) free.splice(free.reduce((m, b, i) => (b.length < free[m].length ? i : m), 0), 1);
  return Buffer.allocUnsafe(length);
}

/** giveScratch gives back a buffer takeScratch returned, which its taker no longer reads or writes. */
export function giveScratch(buf: Buffer | null): void {
  if (!buf || buf.length > keptBytes || free.includes(buf)) return;
  if (free.length >= keptCount) {
    const shortest = free.reduce((m, b, i) => (b.length < free[m].length ? i : m), 0);
    if (free[shortest].length >= buf.length) return;
    free.splice(shortest, 1);
  }
  free.push(buf);
}
