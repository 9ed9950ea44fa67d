// gotidy-ts's own words for a bug (the go command's words for the errors go has too are
// report.ts's goMessage).

/** internalMessage: a bug, not bad input: the message, and the stack only when GOTIDY_DEBUG is set. */
export function internalMessage(e: unknown, env: NodeJS.ProcessEnv): string {
  const detail = env.GOTIDY_DEBUG ? (e as Error)?.stack : (e as Error)?.message;
  return `gotidy-ts: internal error: ${detail ?? String(e)}`;
}
