// failure awaits a promise that must reject with a fetch failure (a FetchError, or an
// error wrapping one: a ModuleError about the module), and returns what a caller reads of
// it through the typed walkers: the message, the first FetchError's class, the hint, and
// whether it is not-exist (what GOPROXY fallback follows).

import { expect } from "vitest";
import { fetchHint, FetchError, FetchErrorClass, findFetchError, isNotExist } from "../../src/fetch/errors.js";

export interface Failure {
  error: Error;
  message: string;
  errorClass: FetchErrorClass;
  hint: string | undefined;
  notExist: boolean;
  /** The first FetchError of the chain. */
  fetchError: FetchError;
}

export async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    const fetchError = findFetchError(e);
    expect(fetchError).toBeInstanceOf(FetchError);
    return {
      error: e as Error, message: (e as Error).message, errorClass: fetchError!.errorClass,
      hint: fetchHint(e), notExist: isNotExist(e), fetchError: fetchError!,
    };
  }
  throw new Error("expected a failure");
}
