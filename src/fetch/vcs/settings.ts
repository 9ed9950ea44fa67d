// The settings of direct mode, read in this one place: GOINSECURE, GOPRIVATE and
// GOMODCACHE from the resolved go settings, GOVCS from the environment.

import type { GoSettings } from "../settings.js";
import type { DirectSettings } from "./direct.js";

/** directSettings returns what direct mode needs from the go command's settings. */
export function directSettings(settings: GoSettings, env: NodeJS.ProcessEnv): DirectSettings {
  const s = settings.values;
  return { GOINSECURE: s.GOINSECURE, GOPRIVATE: s.GOPRIVATE, GOMODCACHE: s.GOMODCACHE, GOVCS: env.GOVCS ?? "" };
}
