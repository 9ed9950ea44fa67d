// Errors of module fetching. Fallback through GOPROXY depends on one property only:
// whether an error means "not found" (HTTP 404 and 410, a missing file, a lookup
// disabled by settings), which is the go command's fs.ErrNotExist class.

/** The kind of failure, for messages, hints and the --json report. */
export type FetchErrorClass =
  | "not-found" | "disabled" | "dns" | "refused" | "timeout" | "tls" | "auth" | "server" | "http"
  | "network" | "checksum" | "zip" | "invalid" | "direct-unsupported";

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
