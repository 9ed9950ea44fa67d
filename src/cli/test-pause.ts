// A test-only pause point in the writing of go.mod and go.sum. With
// GOTIDY_TEST_WRITE_PAUSE=MS in the environment, the writer prints one line to stderr at
// each step of each file's write (the temporary file written, then renamed over the
// file) and stops there for MS milliseconds; with N:MS it stops at the N-th step only
// (counted from 1 over the whole run):
//
//   gotidy-ts: test pause: go.sum written go.sum.gotidy-123-456.tmp
//
// so that a kill test (test/scripts/kill-e2e.mjs) can kill the process at exactly that
// point. Not a user setting: it exists to prove the write crash-safe.

import type { WriteTidyOptions } from "../tidy/write.js";

export const writePauseVariable = "GOTIDY_TEST_WRITE_PAUSE";

/** sleepSync blocks this thread for ms milliseconds (nothing else runs meanwhile, on purpose). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** writeOptions returns the write options the environment asks for: none unless the pause is set. */
export function writeOptions(env: NodeJS.ProcessEnv): WriteTidyOptions {
  const m = /^(?:(\d+):)?(\d+)$/.exec(env[writePauseVariable] ?? "");
  if (!m) return {};
  const only = m[1] === undefined ? 0 : Number(m[1]);
  const ms = Number(m[2]);
  let count = 0;
  return {
    onStep(file, step, temp) {
      count++;
      // stderr is written synchronously when it is a file or a pipe (on Linux), so the line is out before the pause.
      process.stderr.write(`gotidy-ts: test pause: ${file} ${step} ${temp.slice(temp.lastIndexOf("/") + 1)}\n`);
      if (only === 0 || only === count) sleepSync(ms);
    },
  };
}
