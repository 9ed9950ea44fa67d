// The user's go env file, as `go env -w` writes it and the go command reads it.

import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import type { Environment } from "./environment.js";

/**
 * readGoEnvFile reads KEY=VALUE lines as the go command does: a line counts only when it
 * holds "=" and starts with a letter A-Z; anything else (comments, blank lines) is passed
 * over. An empty value is kept: it hides GOROOT/go.env's value for the same key. A file
 * that cannot be read holds nothing.
 */
export function readGoEnvFile(path: string): Map<string, string> {
  const out = new Map<string, string>();
  let data: string;
  try {
    data = readFileSync(path, "utf8");
  } catch {
    return out;
  }
  for (const line of data.split("\n")) {
    const eq = line.indexOf("=");
    if (eq < 0 || !(line[0] >= "A" && line[0] <= "Z")) continue;
    out.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return out;
}

/** homeDir is $HOME, else the home directory the host supplied ("" for none). */
export function homeDir(env: Environment, home: string): string {
  return env.HOME || home;
}

/**
 * xdgDir is Go's os.UserConfigDir and os.UserCacheDir on Unix: $XDG_..._HOME when set (null
 * when it is relative, which Go refuses), else <home>/<fallback>; null without a home.
 */
function xdgDir(value: string | undefined, fallback: string, env: Environment, home: string): string | null {
  if (value) return isAbsolute(value) ? value : null;
  const h = homeDir(env, home);
  return h ? join(h, fallback) : null;
}

/** userConfigDir is Go's os.UserConfigDir on Unix ($XDG_CONFIG_HOME, else ~/.config), or null. */
export function userConfigDir(env: Environment, home: string): string | null {
  return xdgDir(env.XDG_CONFIG_HOME, ".config", env, home);
}

/** userCacheDir is Go's os.UserCacheDir on Unix ($XDG_CACHE_HOME, else ~/.cache), or null. */
export function userCacheDir(env: Environment, home: string): string | null {
  return xdgDir(env.XDG_CACHE_HOME, ".cache", env, home);
}

/**
 * goEnvFilePath is the go env file the go command reads: $GOENV when set ("" for
 * GOENV=off), else <user config dir>/go/env ("" when there is no config directory).
 */
export function goEnvFilePath(env: Environment, home: string): string {
  if (env.GOENV) return env.GOENV === "off" ? "" : env.GOENV;
  const dir = userConfigDir(env, home);
  return dir ? join(dir, "go", "env") : "";
}
