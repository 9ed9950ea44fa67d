// The request timeout of a command: --timeout on the command line, else GOTIDY_TIMEOUT in
// the environment, else the command's default. Durations are written as 30s, 500ms, 2m
// or a number of seconds.

import { UsageError } from "./exit.js";

/** parseDuration reads "30s", "500ms", "2m" or a number of seconds; null for anything else or zero. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(m[1]) * (m[2] === "ms" ? 1 : m[2] === "m" ? 60_000 : 1000);
  return n > 0 ? Math.round(n) : null;
}

/**
 * requestTimeout is the timeout in milliseconds that flag (the --timeout value, undefined
 * when not given) or env's GOTIDY_TIMEOUT asks for, or fallback; a value that is not a
 * duration is a UsageError naming where it came from (usage is appended after a bad flag).
 */
export function requestTimeout(command: string, flag: string | undefined, env: NodeJS.ProcessEnv, fallback: number, usage = ""): number {
  if (flag !== undefined) {
    const t = parseDuration(flag);
    if (t === null) throw new UsageError(`${command}: invalid --timeout ${JSON.stringify(flag)} (want a duration such as 30s)${usage ? `\n${usage}` : ""}`);
    return t;
  }
  if (env.GOTIDY_TIMEOUT) {
    const t = parseDuration(env.GOTIDY_TIMEOUT);
    if (t === null) throw new UsageError(`${command}: invalid GOTIDY_TIMEOUT ${JSON.stringify(env.GOTIDY_TIMEOUT)} (want a duration such as 30s)`);
    return t;
  }
  return fallback;
}
