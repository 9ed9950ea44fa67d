// The errors of fetching from version control, as typed data with the go command's words.

import { FetchError, NotExistError } from "../errors.js";
import { asFetchError } from "../repo.js";
import { InvalidVersionError, ModuleError } from "../../module/errors.js";

/** unknownRevision is codehost's UnknownRevisionError: not-exist. */
export function unknownRevision(rev: string): FetchError {
  return new NotExistError(`unknown revision ${rev}`);
}

/** noCommits is codehost's ErrNoCommits: the repository has no HEAD. */
export function noCommits(): FetchError {
  return new NotExistError("no commits");
}

/** vcsError wraps a failed command (a RunError) as a FetchError; not-exist when the repository does not exist. */
export function vcsError(err: unknown, notExist = false, hint?: string): FetchError {
  if (err instanceof FetchError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return notExist ? new NotExistError(message, "not-found", { hint, cause: err }) : new FetchError(message, "network", { hint, cause: err });
}

/** rewrapped is err (its class, not-exist-ness and hint kept) under a new message. */
export function rewrapped(text: string, err: unknown): FetchError {
  if (err instanceof NotExistError || (err instanceof FetchError && err.isNotExist())) {
    return new NotExistError(text, err.errorClass === "disabled" ? "disabled" : "not-found", { hint: err.hint, url: err.url, cause: err });
  }
  if (err instanceof FetchError) {
    const cls = err.errorClass === "not-found" || err.errorClass === "disabled" ? "invalid" : err.errorClass;
    return new FetchError(text, cls, { hint: err.hint, url: err.url, cause: err });
  }
  return new FetchError(text, "invalid", { cause: err });
}

/** The help text the go command adds when git asks for a user name it cannot prompt for. */
export const privateRepoHelp = "Confirm the import path was entered correctly.\n" +
  "If this is a private repository, see https://golang.org/doc/faq#git_https for additional information.";

/** invalidVersion is go's ModuleError over an InvalidVersionError: "path@version: invalid version: ...". */
export function invalidVersion(path: string, version: string, err: unknown, pseudo = false): Error {
  if (err instanceof ModuleError && err.path === path) return err;
  return new ModuleError(path, version, new InvalidVersionError(version, asFetchError(err), pseudo));
}
