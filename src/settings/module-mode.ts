// GO111MODULE, as go mod tidy reads it: module mode is forced on, so "", "on" and "auto"
// all mean modules, "off" is refused, and any other value is an error.

import { GoSettingError } from "./errors.js";
import type { GoSettings } from "./resolve.js";

/**
 * checkModuleMode throws the go command's GoSettingError when GO111MODULE (from the
 * environment or a go env file alike) does not allow go mod tidy to run.
 */
export function checkModuleMode(settings: GoSettings): void {
  const value = settings.values.GO111MODULE;
  const source = settings.sources.GO111MODULE;
  switch (value) {
    case "":
    case "on":
    case "auto":
      return;
    case "off":
      throw new GoSettingError("modules disabled by GO111MODULE=off; see 'go help modules'", "GO111MODULE", source, 1);
    default:
      throw new GoSettingError(`unknown environment setting GO111MODULE=${value}`, "GO111MODULE", source, 1);
  }
}

/** unsetHint tells the user how to clear a setting where it was set. */
export function unsetHint(name: string, settings: GoSettings): string {
  const source = settings.sources[name as keyof GoSettings["sources"]];
  if (source === "go env file") return `run 'go env -u ${name}' (it is set in ${settings.values.GOENV})`;
  if (source === "GOROOT/go.env") return `set ${name} in the environment (it is set in ${settings.values.GOROOT}/go.env)`;
  return `unset ${name}`;
}
