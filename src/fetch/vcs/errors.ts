// The errors of fetching from version control, as typed data with the go command's words.

import { FetchError } from "../errors.js";

/** unknownRevision is codehost's UnknownRevisionError: of the not-found class. */
export function unknownRevision(rev: string): FetchError {
  return new FetchError(`unknown revision ${rev}`, "not-found", { notFound: true });
}

/** noCommits is codehost's ErrNoCommits: the repository has no HEAD. */
export function noCommits(): FetchError {
  return new FetchError("no commits", "not-found", { notFound: true });
}

/** vcsError wraps a failed command (a RunError) as a FetchError; notFound when the repository does not exist. */
export function vcsError(err: unknown, notFound = false, hint?: string): FetchError {
  if (err instanceof FetchError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FetchError(message, notFound ? "not-found" : "network", { notFound, hint, cause: err });
}

/** The help text the go command adds when git asks for a user name it cannot prompt for. */
export const privateRepoHelp = "Confirm the import path was entered correctly.\n" +
  "If this is a private repository, see https://golang.org/doc/faq#git_https for additional information.";
