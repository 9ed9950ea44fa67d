// The go command's settings that matter to fetching modules, resolved as the go command
// resolves them: a non-empty process environment variable first, then the user's go env
// file ($GOENV, by default <user config dir>/go/env, as written by `go env -w`), then
// $GOROOT/go.env, then the go command's defaults. Without a Go installation, the defaults
// of Go 1.26's go.env apply.

import { existsSync, readFileSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join } from "node:path";

/** The settings read, by name. */
export const settingNames = [
  "GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOPATH",
  "GOMODCACHE", "GOFLAGS", "GOENV", "GOAUTH", "GOTOOLCHAIN", "GOROOT", "GO111MODULE", "GOWORK",
] as const;
export type SettingName = (typeof settingNames)[number];

/** Where a setting's value came from. */
export type SettingSource = "environment" | "go env file" | "GOROOT/go.env" | "default";

export interface GoSettings {
  values: Record<SettingName, string>;
  sources: Record<SettingName, SettingSource>;
  /** Problems worth a warning (never fatal), such as a misspelled variable. */
  warnings: string[];
}

/** The defaults of Go 1.26's GOROOT/go.env, used when no Go installation is found. */
const builtinGoEnv: Record<string, string> = {
  GOPROXY: "https://proxy.golang.org,direct",
  GOSUMDB: "sum.golang.org",
  GOTOOLCHAIN: "auto",
};

/** Every variable the go command documents (go help environment), for spelling checks. */
const knownGoVariables = new Set([
  "GO111MODULE", "GOARCH", "GOAUTH", "GOBIN", "GOCACHE", "GOCACHEPROG", "GODEBUG", "GOENV", "GOEXE",
  "GOEXPERIMENT", "GOFIPS140", "GOFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOINSECURE", "GOMODCACHE",
  "GONOPROXY", "GONOSUMDB", "GOOS", "GOPATH", "GOPRIVATE", "GOPROXY", "GOROOT", "GOSUMDB",
  "GOTELEMETRY", "GOTELEMETRYDIR", "GOTMPDIR", "GOTOOLCHAIN", "GOTOOLDIR", "GOVCS", "GOVERSION",
  "GOWORK", "GOCOVERDIR", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64",
  "GORISCV64", "GOWASM", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK", "GORACE", "GOCOVER",
  "GOLANG_PROTOBUF_REGISTRATION_CONFLICT", "GOPACKAGESDRIVER", "GOPLSCACHE", "GOLANGCI_LINT_CACHE",
  "GOSUMDBKEY",
]);

/** The settings gotidy-ts reads that users may misspell, for suggestions. */
const suggestible = ["GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOMODCACHE", "GOFLAGS", "GOPATH", "GOAUTH", "GOENV", "GOTOOLCHAIN"];

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** suggestSetting returns the setting a misspelled variable most likely means, or null. */
export function suggestSetting(name: string): string | null {
  if (knownGoVariables.has(name) || !name.startsWith("GO")) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const s of suggestible) {
    let dist = editDistance(name, s);
    // A known name with letters added or dropped at the end or start (GOPROXYS, GONOSUMCHECK).
    if (name.startsWith(s) || s.startsWith(name)) dist = Math.min(dist, 1);
    if (name.startsWith("GONOSUM") && s === "GONOSUMDB") dist = Math.min(dist, 1);
    if (dist < bestDistance) {
      bestDistance = dist;
      best = s;
    }
  }
  return bestDistance <= 3 ? best : null;
}

/** readGoEnvFile reads KEY=VALUE lines as the go command does (lines must start with A-Z). */
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

function userConfigDir(env: NodeJS.ProcessEnv): string | null {
  if (env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME)) return env.XDG_CONFIG_HOME;
  const home = env.HOME || homedir();
  return home ? join(home, ".config") : null;
}

/** findGoRoot finds the Go installation: $GOROOT, else the directory of the go found on PATH. */
function findGoRoot(env: NodeJS.ProcessEnv, fromFile: string | undefined): string {
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
 * resolveSettings returns the go command's settings for the given environment.
 * It reads files (the go env file, GOROOT/go.env) but runs nothing.
 */
export function resolveSettings(env: NodeJS.ProcessEnv = process.env): GoSettings {
  const values = {} as Record<SettingName, string>;
  const sources = {} as Record<SettingName, SettingSource>;
  const warnings: string[] = [];

  let goenvPath = env.GOENV ?? "";
  if (goenvPath === "") {
    const dir = userConfigDir(env);
    goenvPath = dir ? join(dir, "go", "env") : "";
  }
  const userFile = goenvPath && goenvPath !== "off" ? readGoEnvFile(goenvPath) : new Map<string, string>();
  const goroot = findGoRoot(env, userFile.get("GOROOT"));
  const rootFile = goroot ? readGoEnvFile(join(goroot, "go.env")) : new Map(Object.entries(builtinGoEnv));

  const lookup = (name: string, def: string): [string, SettingSource] => {
    const fromEnv = env[name];
    if (fromEnv) return [fromEnv, "environment"];
    const u = userFile.get(name);
    if (u) return [u, "go env file"];
    const r = rootFile.get(name);
    if (r) return [r, "GOROOT/go.env"];
    return [def, "default"];
  };
  const set = (name: SettingName, def: string) => {
    [values[name], sources[name]] = lookup(name, def);
  };

  values.GOENV = goenvPath === "off" ? "" : goenvPath;
  sources.GOENV = env.GOENV ? "environment" : "default";
  values.GOROOT = goroot;
  sources.GOROOT = env.GOROOT ? "environment" : userFile.get("GOROOT") ? "go env file" : "default";
  set("GOPROXY", "");
  set("GOSUMDB", "");
  set("GOPRIVATE", "");
  set("GONOPROXY", values.GOPRIVATE);
  set("GONOSUMDB", values.GOPRIVATE);
  set("GOINSECURE", "");
  set("GOFLAGS", "");
  set("GOAUTH", "netrc");
  set("GOTOOLCHAIN", "");
  set("GO111MODULE", "");
  set("GOWORK", "");
  const home = env.HOME || homedir();
  const defaultGopath = home && join(home, "go") !== goroot ? join(home, "go") : "";
  set("GOPATH", defaultGopath);
  const firstGopath = values.GOPATH.split(delimiter).find((p) => p !== "") ?? "";
  set("GOMODCACHE", firstGopath ? join(firstGopath, "pkg", "mod") : "");

  for (const name of Object.keys(env)) {
    const suggestion = suggestSetting(name);
    if (suggestion) warnings.push(`environment variable ${name} is not a go setting; did you mean ${suggestion}?`);
  }
  for (const name of userFile.keys()) {
    const suggestion = suggestSetting(name);
    if (suggestion) warnings.push(`${goenvPath}: ${name} is not a go setting; did you mean ${suggestion}?`);
  }
  return { values, sources, warnings };
}

