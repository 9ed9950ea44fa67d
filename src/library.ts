// The library's entry points that depend on the running process. Inside gotidy-ts the
// environment, the working directory and the home directory are always passed in; these
// wrappers are the one place a library caller's omission is filled in from the process
// (process.env, process.cwd(), os.homedir()), read when the call is made. A caller that
// passes them (or resolved settings) gets a run that reads nothing of the process.

import { homedir } from "node:os";
import { resolve } from "node:path";
import { createFetcher as createFetcherFrom, CreateFetcherOptions as FetcherOptions } from "./fetch/index.js";
import { HttpClient as HttpClientFor, HttpOptions } from "./fetch/http.js";
import type { Environment } from "./settings/environment.js";
import { checkModuleMode } from "./settings/module-mode.js";
import { tidyGoFlags } from "./settings/goflags.js";
import { GoSettings, resolveSettings as resolveSettingsFor } from "./settings/resolve.js";
import { tidy as tidyWith, TidyOptions as EngineTidyOptions, TidyResult } from "./tidy/tidy.js";
import { DiscoveredModules, findModules as findModulesWith } from "./workspace/discover.js";

/** Where the settings come from, for the entry points below. */
export interface SettingsOptions {
  /** Resolved settings; when given, env and home are not read. */
  settings?: GoSettings;
  /** The variables to resolve the settings from; default process.env. */
  env?: Environment;
  /** The home directory used when $HOME is empty; default os.homedir(). */
  home?: string;
}

function settingsOf(options: SettingsOptions): GoSettings {
  return options.settings ?? resolveSettingsFor(options.env ?? process.env, options.home ?? homedir());
}

/**
 * resolveSettings returns the go command's settings for env (default process.env): see
 * src/settings/resolve.ts for the order of precedence and the sources recorded.
 */
export function resolveSettings(env: Environment = process.env, home: string = homedir()): GoSettings {
  return resolveSettingsFor(env, home);
}

export interface TidyOptions extends Omit<EngineTidyOptions, "settings" | "cwd">, SettingsOptions {
  /** The working directory: a relative root is taken against it, and paths in messages shortened; default process.cwd(). */
  cwd?: string;
}

/**
 * tidy computes what go mod tidy would write for the module at options.root, writing
 * nothing. As the go command does, it refuses to run when GO111MODULE is off (or not a
 * known value), and takes -e, -v, -go and -compat from GOFLAGS where the options leave
 * them undefined (options win, as the command line does); a GOFLAGS that does not parse
 * throws. Those refusals are GoSettingErrors with the go command's words.
 */
export async function tidy(options: TidyOptions): Promise<TidyResult> {
  const settings = settingsOf(options);
  checkModuleMode(settings);
  const flags = tidyGoFlags(settings);
  const cwd = options.cwd ?? process.cwd();
  return tidyWith({
    ...options,
    commandEnv: options.commandEnv ?? options.env ?? process.env,
    root: resolve(cwd, options.root),
    cwd,
    settings,
    allowErrors: options.allowErrors ?? flags.e,
    verbose: options.verbose ?? flags.v,
    goVersion: options.goVersion ?? flags.go,
    compatVersion: options.compatVersion ?? flags.compat,
  });
}

export interface FindModulesOptions extends SettingsOptions {
  /** The working directory: dir is taken against it, and paths in messages shortened; default process.cwd(). */
  cwd?: string;
  /** false: ignore dir/go.work and walk; true: use it even with GOWORK=off. Default: unless GOWORK=off. */
  useGoWork?: boolean;
}

/** findModules finds the modules below dir, or those its go.work lists (see src/workspace/discover.ts). */
export function findModules(dir: string, options: FindModulesOptions = {}): Promise<DiscoveredModules> {
  return findModulesWith(dir, { cwd: options.cwd ?? process.cwd(), settings: settingsOf(options), useGoWork: options.useGoWork });
}

export type CreateFetcherOptions = Omit<FetcherOptions, "settings"> & SettingsOptions;

/** createFetcher builds a Fetcher (and its verifier) from the go command's settings. */
export function createFetcher(options: CreateFetcherOptions = {}): ReturnType<typeof createFetcherFrom> {
  return createFetcherFrom({ ...options, settings: settingsOf(options), commandEnv: options.commandEnv ?? options.env ?? process.env });
}

/** HttpClient fetches proxy URLs; without options.env, the proxy and TLS variables are those of process.env. */
export class HttpClient extends HttpClientFor {
  constructor(options: HttpOptions = {}) {
    super({ ...options, env: options.env ?? process.env });
  }
}
