// The chain of wrapped errors, as go's errors package walks it (errors.Unwrap, errors.As).
//
// Every error in gotidy-ts wraps another in one way only: the standard ES2022 `cause`.
// An error made of several (go's modfile.ErrorList, a tidy run's package errors) is an
// AggregateError whose `errors` list is typed by the class that holds it. Nothing else
// is followed: no error needs a second field name for what it wraps.

/** wrapped returns the errors e wraps directly: its cause, then the errors of an AggregateError. */
export function wrapped(e: unknown): unknown[] {
  if (!(e instanceof Error)) return [];
  const out: unknown[] = [];
  if (e.cause !== undefined) out.push(e.cause);
  if (e instanceof AggregateError && Array.isArray(e.errors)) out.push(...e.errors);
  return out;
}

/** The deepest chain walked: wrapping is never that deep, but a cycle must not hang the walk. */
const maxDepth = 16;

/**
 * errorChain yields e and then every error it wraps, depth first (a cause before the
 * next error of a list), each at most once. descend, if given, decides whether to look
 * inside an error (go's errors.Is stops at an error that does not unwrap).
 */
export function* errorChain(e: unknown, descend: (err: unknown) => boolean = () => true): Generator<unknown> {
  const seen = new Set<unknown>();
  function* walk(x: unknown, depth: number): Generator<unknown> {
    if (x === undefined || x === null || seen.has(x) || depth > maxDepth) return;
    seen.add(x);
    yield x;
    if (!descend(x)) return;
    for (const next of wrapped(x)) yield* walk(next, depth + 1);
  }
  yield* walk(e, 0);
}

// Any class, including abstract ones and those with private constructors' signatures.
type ErrorClass<T> = abstract new (...args: any[]) => T;

/**
 * findError is go's errors.As: the first error in e's chain that is an instance of cls
 * (and satisfies matches, when given), or null.
 */
export function findError<T>(e: unknown, cls: ErrorClass<T>, matches: (err: T) => boolean = () => true): T | null {
  for (const x of errorChain(e)) {
    if (x instanceof cls && matches(x as T)) return x as T;
  }
  return null;
}
