// The go command's settings: resolved once, from an environment passed in.

export type { Environment } from "./environment.js";
export { resolveSettings, settingNames, goSettingNames, environmentOnlyNames, moduleIndexEnabled } from "./resolve.js";
export type { GoSettings, SettingName, SettingSource } from "./resolve.js";
export { readGoEnvFile, goEnvFilePath } from "./goenv-file.js";
export { suggestSetting } from "./suggest.js";
export { GoSettingError } from "./errors.js";
export { checkModuleMode, unsetHint } from "./module-mode.js";
export { cacheDirOf, gotidyCacheDir } from "./cache-dir.js";
export { splitGoFlags, tidyGoFlags, goVersionProblem } from "./goflags.js";
export type { TidyGoFlags } from "./goflags.js";
