// The path of one module through the GOPROXY chain: which entries are asked in order,
// what each answered, and whether the failure falls through (',' only on 404/410, '|' on
// any error); whether the module is private and so skips proxies or the database.

import { matchPrefixPatterns, parseProxyList, privateDirectHint } from "../fetch/index.js";
import { privateProxyFirst, publicProxyHosts } from "../fetch/proxy-list.js";
import { httpProbe } from "../fetch/probe.js";
import type { GoSettings } from "../settings/index.js";
import { Check, fail, info, pass, warn } from "./check.js";
import { blame, type ProbeContext } from "./classify.js";
import { probeURL, proxyFor, type ProbeOptions } from "./proxy-check.js";
import { redactValue } from "./settings-check.js";

function blameContext(entry: string, credentialsSent: boolean, o: ProbeOptions, s: GoSettings["values"]): ProbeContext {
  const url = new URL(entry);
  const { via, variable } = proxyFor(url, s);
  return { host: url.host, via: via ? redactValue(via) : "", viaVariable: variable, credentialsSent, netrc: o.netrc, https: url.protocol === "https:", publicProxy: publicProxyHosts.includes(url.hostname) };
}

/**
 * pastPrivateProxy checks a private module that GONOPROXY sends directly only because it
 * defaults to GOPRIVATE, while a private proxy comes first in GOPROXY: when that proxy
 * serves the module, GONOPROXY=none is what sends it there.
 */
async function pastPrivateProxy(path: string, settings: GoSettings, o: ProbeOptions): Promise<Check[]> {
  const s = settings.values;
  const proxy = settings.sources.GONOPROXY === "default" && s.GOPRIVATE !== "" ? privateProxyFirst(s.GOPROXY) : undefined;
  if (!proxy) return [];
  const r = await httpProbe(probeURL(proxy, path), { env: s, credentials: o.credentials, timeoutMs: o.timeoutMs, trace: o.trace, lookup: o.lookup });
  const name = `${path}: GONOPROXY`;
  if (!r.ok) return [info("module", name, `${redactValue(proxy)} does not serve it either (${r.error!.message.split("\n")[0]})`)];
  return [warn("module", name, `GONOPROXY is unset, so it takes GOPRIVATE=${s.GOPRIVATE}: fetched directly, though ${redactValue(proxy)} serves it (200 OK in ${r.ms}ms)`,
    "setting", "GONOPROXY", privateDirectHint(path, redactValue(proxy)))];
}

/** moduleChecks traces one module (path or path@version). */
export async function moduleChecks(target: string, settings: GoSettings, o: ProbeOptions): Promise<Check[]> {
  const [path] = target.split("@");
  const s = settings.values;
  const checks: Check[] = [];
  const noproxy = s.GONOPROXY !== "" && matchPrefixPatterns(s.GONOPROXY, path);
  const nosum = s.GONOSUMDB !== "" && matchPrefixPatterns(s.GONOSUMDB, path);
  checks.push(info("module", `${path}: privacy`, `${noproxy ? "GONOPROXY matches: fetched directly" : "asks GOPROXY"}; ${nosum ? "GONOSUMDB matches: not checked against the checksum database" : s.GOSUMDB === "off" ? "GOSUMDB=off: go.sum only" : `checked against ${s.GOSUMDB || "sum.golang.org"}`}`));
  if (noproxy) return [...checks, ...(await pastPrivateProxy(path, settings, o))];
  let entries;
  try {
    entries = parseProxyList(s.GOPROXY, "");
  } catch (e) {
    return [...checks, fail("module", `${path}: GOPROXY`, (e as Error).message, "setting", "GOPROXY", "set GOPROXY to a list of proxy URLs, direct or off")];
  }
  for (const entry of entries) {
    if (entry.kind !== "url") {
      checks.push(info("module", `${path}: ${entry.kind}`, entry.kind === "direct" ? "fetched from its version control repository" : "lookups end here (GOPROXY=off)"));
      return checks;
    }
    const r = await httpProbe(probeURL(entry.url, path), { env: s, credentials: o.credentials, timeoutMs: o.timeoutMs, trace: o.trace, lookup: o.lookup });
    if (r.ok) {
      checks.push(pass("module", `${path}: ${entry.url}`, `200 OK in ${r.ms}ms: this entry serves it`));
      return checks;
    }
    const notExist = r.error!.isNotExist();
    const falls = entry.fallBackOnError || notExist;
    const line = `${r.error!.message.split("\n")[0]}: ${falls ? "falls through to the next entry" : "stops here (',' falls through only on 404 and 410)"}`;
    if (!falls) {
      const b = blame(r.error!, blameContext(entry.url, r.credentialsSent, o, s));
      checks.push(fail("module", `${path}: ${entry.url}`, line, b.cls, b.culprit, `${b.fix}; or use "|" after the entry in GOPROXY to fall through on any error`));
      return checks;
    }
    checks.push(info("module", `${path}: ${entry.url}`, line));
  }
  const asked = entries.filter((e) => e.kind === "url");
  if (asked.length > 0 && asked.every((e) => publicProxyHosts.includes(new URL(e.url).hostname))) {
    // Only public proxies were asked: a private path sent there is the likely fault.
    const hosts = asked.map((e) => new URL(e.url).hostname).join(", ");
    checks.push(fail("module", `${path}: GOPROXY`, `no entry serves it; asked only the public ${hosts}`, "not-found", "GOPRIVATE",
      `${hosts} serves public modules only: if ${path} is private, set GOPRIVATE=${path.split("/")[0]} so that it is fetched from its origin (or a private proxy first in GOPROXY) and kept from the checksum database`));
    return checks;
  }
  checks.push(fail("module", `${path}: GOPROXY`, "no entry serves it", "not-found", "GOPROXY", `no GOPROXY entry has ${path}: check the path, or set GOPRIVATE for a private module`));
  return checks;
}
