// Errors of module fetching. Fallback through GOPROXY depends on one property only:
// whether an error means "not found" (HTTP 404 and 410, a missing file, a lookup
// disabled by settings), which is the go command's fs.ErrNotExist class.

/** The kind of failure, for messages, hints and the --json report. */
export type FetchErrorClass =
  | "not-found" | "disabled" | "dns" | "refused" | "timeout" | "tls" | "auth" | "server" | "http"
  | "network" | "checksum" | "zip" | "invalid" | "direct-unsupported"
  /** Offline mode (createFetcher({ offline: true })) needed something the module cache does not hold. */
  | "offline";

/** FetchError is a fetching failure with the go command's message and a hint for people. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly errorClass: FetchErrorClass,
    readonly options: { notFound?: boolean; hint?: string; proxy?: string; url?: string; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "FetchError";
  }

  /** notFound is the go command's fs.ErrNotExist: GOPROXY entries separated by "," fall through on it. */
  get notFound(): boolean {
    return this.options.notFound ?? false;
  }

  get hint(): string | undefined {
    return this.options.hint;
  }
}

/** notFoundError is an error of the not-found class. */
export function notFoundError(message: string, errorClass: FetchErrorClass = "not-found", hint?: string): FetchError {
  return new FetchError(message, errorClass, { notFound: true, hint });
}

/** isNotFound reports whether an error lets a "," GOPROXY list fall through. */
export function isNotFound(err: unknown): boolean {
  return err instanceof FetchError && err.notFound;
}

/**
 * offlineError is the error of offline mode for path@version (version "" for the module as
 * a whole): "example.com/a@v1.2.0: offline: go.mod not in the module cache". It is not of
 * the not-found class, so no GOPROXY fallback or module-path search continues past it.
 */
export function offlineError(path: string, version: string, what: string, hint?: string): FetchError {
  const subject = version ? `${path}@${version}` : `module ${path}`;
  return new FetchError(`${subject}: offline: ${what}`, "offline", {
    hint: hint ?? `run once online (gotidy-ts, or go mod download ${version ? `${path}@${version}` : path}) to fill the module cache`,
  });
}

/** isOffline reports whether an error is offline mode's "needs the network". */
export function isOffline(err: unknown): boolean {
  return err instanceof FetchError && err.errorClass === "offline";
}

/**
 * findFetchError returns the first FetchError (matching, if given, a condition) found in
 * an error or the errors it wraps: cause, queryError, err, and the lists causes and errors.
 */
export function findFetchError(e: unknown, matches: (err: FetchError) => boolean = () => true, depth = 0): FetchError | null {
  if (!e || typeof e !== "object" || depth > 8) return null;
  if (e instanceof FetchError && matches(e)) return e;
  const o = e as { cause?: unknown; queryError?: unknown; err?: unknown; causes?: unknown; errors?: unknown };
  const list = (x: unknown) => (Array.isArray(x) ? x : []);
  for (const next of [o.queryError, o.err, o.cause, ...list(o.causes), ...list(o.errors)]) {
    const found = findFetchError(next, matches, depth + 1);
    if (found) return found;
  }
  return null;
}
