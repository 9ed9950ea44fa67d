// The places where today's sources break an architecture rule (architecture.test.ts) and are
// known to, each waiting for its fix. The test passes over them, and fails on any entry that
// no longer happens, so this list only shrinks: whoever fixes one deletes its entry in the
// same change. Never add an entry to let new code in; fix the code.
//
// An entry names the rule and the file (and, for function-size, the function). Run
// `npx vitest run --config test/vitest.config.ts test/architecture` to see what each stands for.

/** Rule names one architecture rule of architecture.test.ts. */
export type Rule = "network" | "file-write" | "process" | "import-cycle" | "function-size" | "file-size";

/** KnownViolation names one rule broken in one file (for function-size, by one function). */
export interface KnownViolation {
  rule: Rule;
  file: string;
  function?: string;
}

export const knownViolations: readonly KnownViolation[] = [
  // Files written outside the atomic writer and the module cache.
];
