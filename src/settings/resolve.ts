// The go command's settings, resolved once as the go command resolves them (cmd/go's cfg
// package): a non-empty variable of the environment first, then the user's go env file
// ($GOENV, by default <user config dir>/go/env, as written by `go env -w`), then
// $GOROOT/go.env, then the go command's default. A key present in the go env file with an
// empty value hides GOROOT/go.env's value (the default then applies), as in the go command.
// Without a Go installation, the values of Go 1.26's go.env stand in for GOROOT/go.env.
//
// Variables that are not go settings (NETRC, the TLS and HTTP proxy variables) come from
// the environment alone. Every value records where it came from, for messages and hints.

import { existsSync, realpathSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join } from "node:path";
import type { Environment } from "./environment.js";
import { goEnvFilePath, homeDir, readGoEnvFile, userCacheDir } from "./goenv-file.js";
import { gotidyCacheDir } from "./cache-dir.js";
import { suggestSetting } from "./suggest.js";

/** The go settings read, by name (each may come from the environment, either go env file or a default). */
export const goSettingNames = [
  "GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOVCS", "GOPATH",
  "GOMODCACHE", "GOCACHE", "GOFLAGS", "GOENV", "GOAUTH", "GOTOOLCHAIN", "GOROOT", "GO111MODULE", "GOWORK",
] as const;

/** Variables read from the environment alone (no go env file holds them). */
export const environmentOnlyNames = [
  "NETRC", "SSL_CERT_FILE", "SSL_CERT_DIR", "NODE_EXTRA_CA_CERTS", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY",
  "GOTIDYCACHE", "GODEBUG",
] as const;

/** Every name resolved: the go settings, then the environment-only variables. */
export const settingNames = [...goSettingNames, ...environmentOnlyNames] as const;
export type SettingName = (typeof settingNames)[number];

/** Where a setting's value came from. */
export type SettingSource = "environment" | "go env file" | "GOROOT/go.env" | "default";

/**
 * GoSettings is the resolved configuration of a run. values holds every setting (an unset
 * one is ""); sources says where each came from; warnings are problems worth telling the
 * user but never fatal, such as a misspelled variable.
 */
export interface GoSettings {
  values: Record<SettingName, string>;
  sources: Record<SettingName, SettingSource>;
  warnings: string[];
}

/** The values of Go 1.26's GOROOT/go.env, used when no Go installation is found. */
const builtinGoEnv: Record<string, string> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
  GOTOOLCHAIN: "auto",
};

/** findGoRoot finds the Go installation: $GOROOT, else the directory of the go found on PATH. */
function findGoRoot(env: Environment, fromFile: string | undefined): string {
  const explicit = env.GOROOT || fromFile;
  if (explicit) return explicit;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const go = join(dir, "go");
    if (!existsSync(go)) continue;
    try {
      const root = dirname(dirname(realpathSync(go)));
      if (existsSync(join(root, "go.env")) || existsSync(join(root, "src", "cmd", "go"))) return root;
    } catch {
      // not a usable go
    }
  }
  return "";
}

/**
 * resolveSettings returns the settings for an environment; home is the home directory to
 * use when $HOME is empty ("" for none). It reads the go env file and GOROOT/go.env, and
 * nothing of the running process.
 */
export function resolveSettings(env: Environment, home: string): GoSettings {
  const values = {} as Record<SettingName, string>;
  const sources = {} as Record<SettingName, SettingSource>;
  const goenvPath = goEnvFilePath(env, home);
  const userFile = goenvPath ? readGoEnvFile(goenvPath) : new Map<string, string>();
  const goroot = findGoRoot(env, userFile.get("GOROOT"));
  const rootFile = goroot ? readGoEnvFile(join(goroot, "go.env")) : new Map(Object.entries(builtinGoEnv));

  const lookup = (name: string, def: string): [string, SettingSource] => {
    const fromEnv = env[name];
    if (fromEnv) return [fromEnv, "environment"];
    if (userFile.has(name)) return [userFile.get(name) || def, "go env file"];
    if (rootFile.has(name)) return [rootFile.get(name) || def, "GOROOT/go.env"];
    return [def, "default"];
  };
  const set = (name: SettingName, def: string) => {
    [values[name], sources[name]] = lookup(name, def);
  };
  const fromEnvironment = (name: SettingName, value: string | undefined, def = "") => {
    values[name] = value || def;
    sources[name] = value ? "environment" : "default";
  };

  values.GOENV = goenvPath;
  sources.GOENV = env.GOENV ? "environment" : "default";
  values.GOROOT = goroot;
  sources.GOROOT = env.GOROOT ? "environment" : userFile.get("GOROOT") ? "go env file" : "default";
  for (const name of ["GOPROXY", "GOSUMDB", "GOPRIVATE", "GOINSECURE", "GOVCS", "GOFLAGS", "GOTOOLCHAIN", "GO111MODULE", "GOWORK"] as const) {
    set(name, "");
  }
  set("GONOPROXY", values.GOPRIVATE);
  set("GONOSUMDB", values.GOPRIVATE);
  set("GOAUTH", "netrc");
  const h = homeDir(env, home);
  const defaultGopath = h && join(h, "go") !== goroot ? join(h, "go") : "";
  set("GOPATH", defaultGopath);
  const firstGopath = values.GOPATH.split(delimiter).find((p) => p !== "") ?? "";
  set("GOMODCACHE", firstGopath ? join(firstGopath, "pkg", "mod") : "");
  const cacheDir = userCacheDir(env, home);
  set("GOCACHE", cacheDir ? join(cacheDir, "go-build") : "off"); // go's default without a cache directory
  if (values.GOCACHE !== "off" && !isAbsolute(values.GOCACHE)) values.GOCACHE = "off"; // as go: a relative GOCACHE is refused

  fromEnvironment("NETRC", env.NETRC, h ? join(h, ".netrc") : "");
  fromEnvironment("SSL_CERT_FILE", env.SSL_CERT_FILE);
  fromEnvironment("GODEBUG", env.GODEBUG);
  fromEnvironment("SSL_CERT_DIR", env.SSL_CERT_DIR);
  fromEnvironment("NODE_EXTRA_CA_CERTS", env.NODE_EXTRA_CA_CERTS);
  // As Go's net/http: the upper-case spelling first, then the lower-case one.
  fromEnvironment("HTTP_PROXY", env.HTTP_PROXY || env.http_proxy);
  fromEnvironment("HTTPS_PROXY", env.HTTPS_PROXY || env.https_proxy);
  fromEnvironment("NO_PROXY", env.NO_PROXY || env.no_proxy);
  fromEnvironment("GOTIDYCACHE", env.GOTIDYCACHE, gotidyCacheDir(env, home));

  return { values, sources, warnings: spellingWarnings(env, userFile, goenvPath) };
}

function spellingWarnings(env: Environment, userFile: Map<string, string>, goenvPath: string): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env)) {
    const suggestion = suggestSetting(name);
    if (suggestion) warnings.push(`environment variable ${name} is not a go setting; did you mean ${suggestion}?`);
  }
  for (const name of userFile.keys()) {
    const suggestion = suggestSetting(name);
    if (suggestion) warnings.push(`${goenvPath}: ${name} is not a go setting; did you mean ${suggestion}?`);
  }
  return warnings;
}

/**
 * moduleIndexEnabled: the go command reads module-cache packages through its module
 * index unless its build cache is off or GODEBUG's last goindex setting is 0.
 */
export function moduleIndexEnabled(values: Readonly<Record<SettingName, string>>): boolean {
  if (values.GOCACHE === "off") return false;
  const last = values.GODEBUG.split(",").map((kv) => kv.trim()).filter((kv) => kv.startsWith("goindex=")).pop();
  return last !== "goindex=0";
}
