// The checks of one GOPROXY entry: DNS (A and AAAA), TCP per address family, TLS, and an
// HTTP probe of the proxy protocol, through HTTPS_PROXY/HTTP_PROXY when it applies (the
// proxy's own failures reported as the proxy's).

import { escapePath } from "../module/escape.js";
import { Credentials } from "../fetch/index.js";
import { httpProbe, resolveBoth, tcpConnect, tlsHandshake, type ProbeResolver } from "../fetch/probe.js";
import { tlsFailureKind, tlsHint } from "../fetch/tls-failure.js";
import type { Lookup } from "../fetch/http.js";
import { formatWait } from "../fetch/transport-error.js";
import { publicProxyHosts } from "../fetch/proxy-list.js";
import { viaProxy } from "../fetch/via-proxy.js";
import type { GoSettings } from "../settings/index.js";
import { Check, fail, pass, warn } from "./check.js";
import { blame, ProbeContext } from "./classify.js";
import { redactValue } from "./settings-check.js";

export interface ProbeOptions {
  resolver: ProbeResolver;
  timeoutMs: number;
  credentials?: Credentials;
  netrc: string;
  trace?: (line: string) => void;
  /** The resolver of the HTTP requests, when the resolver above is not the system's. */
  lookup?: Lookup;
}

/** The module asked of a public proxy when none is named. */
export const wellKnownModule = "golang.org/x/mod";

/** proxyFor is the HTTP proxy a URL goes through, as tidy's client (and Go's net/http) picks it: viaProxy. */
export function proxyFor(url: URL, s: GoSettings["values"]): { via: string; variable: string } {
  const via = viaProxy(url.href, s);
  return { via: via?.url ?? "", variable: url.protocol === "https:" ? "HTTPS_PROXY" : "HTTP_PROXY" };
}

async function dnsAndTcp(name: string, host: string, port: number, o: ProbeOptions): Promise<{ checks: Check[]; reachable: boolean }> {
  const checks: Check[] = [];
  const answers = await resolveBoth(host, o.resolver);
  const addresses = answers.flatMap((a) => a.addresses);
  for (const a of answers) {
    const rr = a.family === 4 ? "A" : "AAAA";
    if (a.addresses.length > 0) checks.push(pass("proxy", `${name}: DNS ${rr}`, `${host}: ${a.addresses.join(" ")}`));
    else if (addresses.length > 0) checks.push(warn("proxy", `${name}: DNS ${rr}`, `${host}: no ${rr} record (${a.error})`, "dns", host, `only IPv${a.family === 4 ? 6 : 4} works; nothing to fix unless your network needs IPv${a.family}`));
  }
  if (addresses.length === 0) {
    const code = answers.map((a) => a.error).find(Boolean) ?? "no address";
    checks.push(fail("proxy", `${name}: DNS`, `lookup ${host}: no such host (${code})`, "dns", host, `the host name ${host} does not resolve: check the spelling in ${name.split(" ")[0]} and your DNS`));
    return { checks, reachable: false };
  }
  let reachable = false;
  for (const family of [4, 6]) {
    const addr = answers.find((a) => a.family === family)?.addresses[0];
    if (!addr) continue;
    const r = await tcpConnect(addr, port, o.timeoutMs);
    const where = family === 6 ? `[${addr}]:${port}` : `${addr}:${port}`;
    if (r.ok) {
      reachable = true;
      checks.push(pass("proxy", `${name}: TCP IPv${family}`, `${where} in ${r.ms}ms`));
    } else {
      const timedOut = r.error?.includes("timeout") ?? false;
      checks.push(fail("proxy", `${name}: TCP IPv${family}`, `dial tcp ${where}: ${r.error}`, timedOut ? "timeout" : "refused", `${host}:${port}`, timedOut
        ? `no connection to ${host}:${port} opened within ${formatWait(o.timeoutMs)} (1 attempt; tidy does not retry a timeout either): check a firewall or the port in ${name.split(" ")[0]}, or raise --timeout (GOTIDY_TIMEOUT)`
        : `nothing accepts connections at ${host}:${port}: check the port in ${name.split(" ")[0]}, or a firewall`));
    }
  }
  return { checks, reachable };
}

async function tlsCheck(name: string, url: URL, address: string, port: number, settings: GoSettings, o: ProbeOptions): Promise<Check> {
  const t = await tlsHandshake(address, port, url.hostname, settings.values, o.timeoutMs);
  const cert = `${t.protocol ?? "?"}, subject ${t.subject ?? "?"}, issuer ${t.issuer ?? "?"}, expires ${t.validTo ?? "?"}`;
  if (t.ok) return pass("proxy", `${name}: TLS`, `${cert}, trusted by ${t.store}`);
  // The evidence: go's words for the failure first, then Node.js's code.
  const evidence = t.protocol ? `${cert}: ${t.reason ? `tls: failed to verify certificate: ${t.reason} (${t.code})` : t.code ?? t.error}` : (t.error ?? "handshake failed");
  return fail("proxy", `${name}: TLS`, evidence, "tls", url.host, tlsHint(tlsFailureKind(t.code)));
}

/** probeURL is the protocol request asked of an entry: @v/list of the module named, or of a well-known one. */
export function probeURL(base: string, module: string): string {
  return `${base.replace(/\/$/, "")}/${escapePath(module)}/@v/list`;
}

/** entryChecks checks one GOPROXY URL entry. */
export async function entryChecks(entry: string, module: string | undefined, settings: GoSettings, o: ProbeOptions): Promise<Check[]> {
  const url = new URL(entry);
  const shown = redactValue(entry);
  const name = `GOPROXY ${shown}`;
  const port = Number(url.port) || (url.protocol === "https:" ? 443 : 80);
  const { via, variable } = proxyFor(url, settings.values);
  const checks: Check[] = [];
  if (via) {
    const pu = new URL(via);
    const r = await dnsAndTcp(`${variable} ${redactValue(via)}`, pu.hostname, Number(pu.port) || 80, o);
    checks.push(...r.checks.map((c) => (c.verdict === "fail" ? { ...c, culprit: redactValue(via), fix: `the HTTP proxy in ${variable} cannot be reached: fix ${variable} or unset it` } : c)));
    if (!r.reachable) return checks;
  } else {
    const r = await dnsAndTcp(name, url.hostname, port, o);
    checks.push(...r.checks);
    if (!r.reachable) return checks;
    if (url.protocol === "https:") {
      const tls = await tlsCheck(name, url, (await resolveBoth(url.hostname, o.resolver)).flatMap((a) => a.addresses)[0], port, settings, o);
      checks.push(tls);
      if (tls.verdict === "fail") return checks;
    }
  }
  const publicProxy = publicProxyHosts.includes(url.hostname);
  const target = probeURL(entry, module ?? wellKnownModule);
  const r = await httpProbe(target, { env: settings.values, credentials: o.credentials, timeoutMs: o.timeoutMs, trace: o.trace, lookup: o.lookup });
  const auth = r.credentialsSent ? `credentials from ${o.netrc}` : "no credentials";
  if (r.ok) {
    checks.push(pass("proxy", `${name}: HTTP`, `GET ${redactValue(target)}: 200 OK, ${r.bytes} bytes in ${r.ms}ms (${auth}${via ? `, through ${variable}` : ""})`));
    return checks;
  }
  const ctx: ProbeContext = { host: url.host, via: via ? redactValue(via) : "", viaVariable: variable, credentialsSent: r.credentialsSent, netrc: o.netrc, https: url.protocol === "https:", publicProxy };
  const b = blame(r.error!, ctx);
  const verdict = b.cls === "not-found" && module === undefined ? warn : fail;
  checks.push(verdict("proxy", `${name}: HTTP`, `${r.error!.message.split("\n")[0]} after ${r.ms}ms (${auth}${via ? `, through ${variable}` : ""})`, b.cls, b.culprit, b.fix));
  return checks;
}
