// Strings that keep no other string alive. V8 may make a slice of a long string a view of
// it (a sliced string), which keeps the whole of the longer one in memory for as long as
// the slice lives: what is kept for a run (a package's names, a map's keys) is copied out.

/** detached is a copy of s that shares no memory with a longer string (as a slice may, in V8). */
export function detached(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}
