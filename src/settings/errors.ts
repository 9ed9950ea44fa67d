// The errors a setting's value can cause before any work starts.

import type { SettingName, SettingSource } from "./resolve.js";

/**
 * GoSettingError: a setting the go command refuses to run with. message is the go
 * command's text without its "go: " prefix; exitCode is the go command's exit status (2
 * for a bad flag in GOFLAGS, which the go command follows with its usage text, as
 * showUsage says; 1 otherwise); setting and source say which value caused it and where it
 * was set, for hints.
 */
export class GoSettingError extends Error {
  constructor(
    message: string,
    readonly setting: SettingName,
    readonly source: SettingSource,
    readonly exitCode: 1 | 2,
    readonly showUsage = false,
  ) {
    super(message);
    this.name = "GoSettingError";
  }
}
