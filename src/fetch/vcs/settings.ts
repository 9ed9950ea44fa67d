// The settings of direct mode, taken in this one place from the resolved go settings.

import type { GoSettings } from "../../settings/resolve.js";
import type { DirectSettings } from "./direct.js";

/** directSettings returns what direct mode needs from the go command's settings. */
export function directSettings(settings: GoSettings): DirectSettings {
  const s = settings.values;
  return { GOINSECURE: s.GOINSECURE, GOPRIVATE: s.GOPRIVATE, GOMODCACHE: s.GOMODCACHE, GOVCS: s.GOVCS };
}
