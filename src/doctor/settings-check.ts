// The settings check: every setting the network depends on with its value and where it
// came from, the dead and misspelled ones, and the combinations that cannot work.

import { extraCACoverage } from "../fetch/index.js";
import type { GoSettings, SettingName } from "../settings/index.js";
import { Check, fail, info, warn } from "./check.js";

const shown: readonly SettingName[] = [
  "GOPROXY", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOSUMDB", "GOINSECURE", "GOVCS", "GOAUTH", "GOFLAGS",
  "GOMODCACHE", "GOTOOLCHAIN", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR",
  "NODE_EXTRA_CA_CERTS", "NETRC",
];

/** Variables people set that no go command reads, and what to use instead. */
const deadVariables: Record<string, string> = {
  GONOSUMCHECK: "GONOSUMDB (or GOPRIVATE)",
  GONOSUMCHECKS: "GONOSUMDB (or GOPRIVATE)",
  GOINSECURE_SKIP_VERIFY: "GOINSECURE",
  GO_PROXY: "GOPROXY",
};

/** redactValue hides the password or token in a proxy URL's user info. */
export function redactValue(value: string): string {
  return value.replace(/\/\/[^/@]*@/, "//xxxxx@");
}

function valueLines(settings: GoSettings): Check[] {
  return shown.map((name) => {
    const v = settings.values[name];
    return info("settings", name, `${v === "" ? "(unset)" : redactValue(v)} (from ${settings.sources[name]})`);
  });
}

function deadSettings(settings: GoSettings, env: Record<string, string | undefined>): Check[] {
  const out: Check[] = [];
  for (const [name, instead] of Object.entries(deadVariables)) {
    if (env[name] !== undefined) {
      out.push(warn("settings", name, `${name}=${env[name]} is read by no go command`, "setting", name, `unset ${name} and set ${instead}`));
    }
  }
  if (/(^|\s)-?-insecure(=|\s|$)/.test(settings.values.GOFLAGS)) {
    out.push(fail("settings", "GOFLAGS", `GOFLAGS=${settings.values.GOFLAGS}: -insecure was removed in Go 1.17`, "setting", "GOFLAGS",
      "remove -insecure from GOFLAGS and list the hosts in GOINSECURE"));
  }
  for (const w of settings.warnings.filter((w) => !Object.keys(deadVariables).some((d) => w.includes(` ${d} `)))) out.push(warn("settings", "spelling", w, "setting", w.split(" ")[2] ?? "environment", w.replace(/.*did you mean /, "use ").replace(/\?$/, "")));
  return out;
}

const patterns = (v: string) => v.split(",").map((p) => p.trim()).filter((p) => p !== "");

function contradictions(settings: GoSettings): Check[] {
  const s = settings.values;
  const out: Check[] = [];
  if (s.GOPRIVATE && settings.sources.GONOSUMDB !== "default") {
    const nosum = patterns(s.GONOSUMDB);
    const missing = patterns(s.GOPRIVATE).filter((p) => !nosum.includes(p));
    if (missing.length > 0) {
      out.push(fail("settings", "GONOSUMDB", `GOPRIVATE=${s.GOPRIVATE} but GONOSUMDB=${s.GONOSUMDB} (set separately) leaves out ${missing.join(",")}`,
        "checksum", "GONOSUMDB", `add ${missing.join(",")} to GONOSUMDB, or unset GONOSUMDB so that it follows GOPRIVATE; otherwise the private modules' paths are sent to the checksum database ${s.GOSUMDB || "sum.golang.org"}`));
    }
  }
  const entries = s.GOPROXY.split(/[,|]/).map((e) => e.trim()).filter((e) => e !== "");
  const off = entries.indexOf("off");
  if (off >= 0 && off < entries.length - 1) {
    out.push(warn("settings", "GOPROXY", `GOPROXY=${s.GOPROXY}: the entries after off are never asked`, "setting", "GOPROXY",
      `remove the entries after off, or move off to the end (GOPROXY=${[...entries.filter((e) => e !== "off"), "off"].join(",")})`));
  }
  if (s.GONOPROXY === "none" && !/^https?:\/\//.test(entries[0] ?? "")) {
    out.push(warn("settings", "GONOPROXY", `GONOPROXY=none sends private modules to the first GOPROXY entry, ${entries[0] ?? "(none)"}`, "setting", "GONOPROXY",
      "put the private proxy (such as Athens) first in GOPROXY, or unset GONOPROXY"));
  }
  for (const name of ["HTTP_PROXY", "HTTPS_PROXY"] as const) {
    if (/^http:\/\/[^/@]*:[^/@]*@/.test(s[name]) && name === "HTTP_PROXY") {
      out.push(warn("settings", name, `${name}=${redactValue(s[name])} holds credentials`, "proxy-auth", name,
        "the credentials go to the proxy in the clear over http://: prefer an https:// proxy URL"));
    }
  }
  for (const entry of entries) {
    if (/^http:\/\/[^/@]*@/.test(entry)) {
      out.push(fail("settings", "GOPROXY", `GOPROXY entry ${redactValue(entry)} has credentials over http://`, "auth", entry.replace(/\/\/[^/@]*@/, "//"),
        "credentials are never sent over http://: use an https:// URL, or put them in .netrc for an https host"));
    }
  }
  return out;
}

/**
 * extraCACheck weighs NODE_EXTRA_CA_CERTS: Node reads and parses that file at every
 * start-up, before any of gotidy-ts runs (nodejs/node#40524: some 30 ms for a full system
 * bundle on Node 20), while gotidy-ts reads the system bundle, SSL_CERT_FILE and
 * SSL_CERT_DIR itself, as the go command does, and only when it connects.
 */
function extraCACheck(settings: GoSettings): Check[] {
  const c = extraCACoverage(settings.values);
  if (!c) return [];
  const name = "NODE_EXTRA_CA_CERTS";
  const say = `NODE_EXTRA_CA_CERTS=${c.file}`;
  if (c.unreadable) return [warn("settings", name, `${say} cannot be read`, "setting", name, "point it at a readable PEM file of CA certificates, or unset it: Node warns at every start and trusts nothing more")];
  if (c.certificates === 0) return [warn("settings", name, `${say} holds no PEM certificate`, "setting", name, "point it at a PEM file of CA certificates, or unset it")];
  if (c.added === 0) {
    return [warn("settings", name, `${say}: all ${c.certificates} of its certificates are trusted without it (Node's roots, the system bundle, SSL_CERT_FILE, SSL_CERT_DIR)`, "setting", name,
      "unset it where gotidy-ts runs (env -u NODE_EXTRA_CA_CERTS gotidy-ts ...): Node parses the file at every start-up, before gotidy-ts runs, and gotidy-ts trusts the system bundle, SSL_CERT_FILE and SSL_CERT_DIR itself, as the go command does")];
  }
  return [info("settings", `${name} certificates`, `${c.added} of its ${c.certificates} certificates are trusted by nothing else; Node parses the file at every start-up, where SSL_CERT_FILE or SSL_CERT_DIR (read by gotidy-ts, as by go, only when it connects) would not cost that`)];
}

/** settingsChecks is the settings group of the report; env is the raw environment (for the dead variables). */
export function settingsChecks(settings: GoSettings, env: Record<string, string | undefined>): Check[] {
  return [...valueLines(settings), ...deadSettings(settings, env), ...contradictions(settings), ...extraCACheck(settings)];
}
