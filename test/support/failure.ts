// failure awaits a promise that must reject with a FetchError, and returns the error.

import { expect } from "vitest";
import { FetchError } from "../../src/fetch/errors.js";

export async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FetchError);
    return e as FetchError;
  }
  throw new Error("expected a failure");
}
