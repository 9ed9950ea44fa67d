// The stable sort of Go's sort.SliceStable, step for step: insertion sort of runs of 20,
// then in-place merges of doubling runs (the SymMerge algorithm of Kim and Kutzner).
// JavaScript's own stable sort gives the same order whenever the comparison is a
// consistent order; go.mod's exclude and retract comparisons are not one for every
// input (a malformed line compares by text, a well-formed one by version), and there
// only following the same steps gives the go command's order.

/** stableSort sorts list in place as Go's sort.SliceStable does with less. */
export function stableSort<T>(list: T[], less: (a: T, b: T) => boolean): void {
  const n = list.length;
  let block = 20;
  for (let a = 0; a < n; a += block) insertionSort(list, less, a, Math.min(a + block, n));
  for (; block < n; block *= 2) {
    let a = 0;
    for (; a + 2 * block <= n; a += 2 * block) symMerge(list, less, a, a + block, a + 2 * block);
    if (a + block < n) symMerge(list, less, a, a + block, n);
  }
}

function insertionSort<T>(list: T[], less: (a: T, b: T) => boolean, a: number, b: number): void {
  for (let i = a + 1; i < b; i++) {
    for (let j = i; j > a && less(list[j], list[j - 1]); j--) [list[j], list[j - 1]] = [list[j - 1], list[j]];
  }
}

/** symMerge merges the sorted runs list[a:m] and list[m:b]. */
function symMerge<T>(list: T[], less: (a: T, b: T) => boolean, a: number, m: number, b: number): void {
  if (m - a === 1) {
    // Insert list[a] into list[m:b] after the elements it is not less than.
    let i = m;
    let j = b;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (less(list[h], list[a])) i = h + 1;
      else j = h;
    }
    for (let k = a; k < i - 1; k++) [list[k], list[k + 1]] = [list[k + 1], list[k]];
    return;
  }
  if (b - m === 1) {
    // Insert list[m] into list[a:m] before the elements it is less than.
    let i = a;
    let j = m;
    while (i < j) {
      const h = (i + j) >>> 1;
      if (!less(list[m], list[h])) i = h + 1;
      else j = h;
    }
    for (let k = m; k > i; k--) [list[k], list[k - 1]] = [list[k - 1], list[k]];
    return;
  }
  const mid = (a + b) >>> 1;
  const n = mid + m;
  let start: number;
  let r: number;
  if (m > mid) {
    start = n - b;
    r = mid;
  } else {
    start = a;
    r = m;
  }
  const p = n - 1;
  while (start < r) {
    const c = (start + r) >>> 1;
    if (!less(list[p - c], list[c])) start = c + 1;
    else r = c;
  }
  const end = n - start;
  if (start < m && m < end) rotate(list, start, m, end);
  if (a < start && start < mid) symMerge(list, less, a, start, mid);
  if (mid < end && end < b) symMerge(list, less, mid, end, b);
}

function swapRange<T>(list: T[], a: number, b: number, n: number): void {
  for (let i = 0; i < n; i++) [list[a + i], list[b + i]] = [list[b + i], list[a + i]];
}

/** rotate exchanges the runs list[a:m] and list[m:b] with block swaps, as Go's does. */
function rotate<T>(list: T[], a: number, m: number, b: number): void {
  let i = m - a;
  let j = b - m;
  while (i !== j) {
    if (i > j) {
      swapRange(list, m - i, m, j);
      i -= j;
    } else {
      swapRange(list, m - i, m + j - i, i);
      j -= i;
    }
  }
  swapRange(list, m - i, m, i);
}
