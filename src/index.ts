// gotidy-ts as a library.

// Everything of the light entry point (go.mod, go.sum, go.work, module paths and versions).
export * from "./gomod.js";
export {
  scanModule, createScanner, ScannerLoadError, parserLoaded, shouldBuild, importPathError,
  isStandardPackage, isStandardImportPath, isDroppedImport, IgnorePatterns, stdVersion,
} from "./scan/index.js";
export type {
  Scanner, ScanDirOptions, SourceScanner, CreateScannerOptions, ParserPart,
  ModulePackage, ScannedPackage, GoFile, FileHeader, WalkOptions, ScanStats,
} from "./scan/index.js";
export {
  Fetcher, ModuleCache, Verifier, SumDB,
  matchPrefixPatterns, parseProxyList, parseNetrc, Credentials,
} from "./fetch/index.js";
// The entry points that fill in what a caller leaves out from the running process.
export { createFetcher, HttpClient, resolveSettings, tidy, findModules } from "./library.js";
export type { CreateFetcherOptions, TidyOptions, FindModulesOptions, SettingsOptions } from "./library.js";
export {
  suggestSetting, settingNames, GoSettingError, checkModuleMode, tidyGoFlags, splitGoFlags, readGoEnvFile, goEnvFilePath,
} from "./settings/index.js";
export type { GoSettings, SettingName, SettingSource, Environment, TidyGoFlags } from "./settings/index.js";
// Errors: one class per kind; what an error wraps is its `cause` (and a multi-error's `errors`).
export { errorChain, findError } from "./errors/chain.js";
export {
  FetchError, HTTPError, TransportError, NotExistError, OfflineError, ChecksumError, FatalVerifyError, ZipError, DirectUnsupportedError,
  ProxyLookupError, privateDirectHint, isNotExist, isOffline, findFetchError, fetchHint,
} from "./fetch/errors.js";
export type { ChecksumProblem, TransportClass } from "./fetch/errors.js";
export type { FetchObserver, FetchRequestEvent, FetchProgressEvent, FetchDownloadEvent, FetchFileKind } from "./fetch/observer.js";
export type { FetchErrorClass, ChecksumDatabase, ProxyEntry } from "./fetch/index.js";
export type { Repo, RepoLookup, RevInfo, Versions, ZipDestination } from "./fetch/index.js";
export { TidyErrors } from "./tidy/tidy.js";
export { BuildListError } from "./mvs/mvs.js";
export { TooNewError } from "./load/summary.js";
export { AmbiguousImportError, ImportMissingError } from "./load/importer.js";
export { MissingVersionError, NoMatchingVersionError, PackageNotInModuleError } from "./load/query.js";
export type { TidyResult, TidyProgress } from "./tidy/tidy.js";
export { writeTidyResult, tidyFileChanges, TidyWriteError } from "./tidy/write.js";
export type { TidyFileChanges, WriteTidyOptions } from "./tidy/write.js";
export { writeFileAtomic, removeStaleTemps } from "./io/atomic.js";
export type { AtomicWriteOptions } from "./io/atomic.js";
export { changeLine } from "./tidy/explain.js";
export type { Change, ChangeAction } from "./tidy/explain.js";
export { WorkspaceError } from "./workspace/discover.js";
export type { DiscoveredModules } from "./workspace/discover.js";
export { tidyDiffOutput } from "./tidy/diff.js";
