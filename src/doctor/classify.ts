// What a failed HTTP probe means: the class, whom to blame and the fix, told apart by
// who answered (the GOPROXY host or the HTTP proxy in between) and whether credentials
// were sent.

import { HTTPError, TransportError, type FetchError } from "../fetch/index.js";
import type { DoctorClass } from "./check.js";

export interface ProbeContext {
  /** The GOPROXY entry's host. */
  host: string;
  /** The HTTP proxy the request went through, "" for none; and the variable that named it. */
  via: string;
  viaVariable: string;
  credentialsSent: boolean;
  /** Where credentials would come from: the .netrc file, or "" when GOAUTH does not read one. */
  netrc: string;
  https: boolean;
  publicProxy: boolean;
}

export interface Blame {
  cls: DoctorClass;
  culprit: string;
  fix: string;
}

function statusBlame(e: HTTPError, c: ProbeContext): Blame {
  const where = c.credentialsSent ? `credentials from ${c.netrc} were sent` : "no credentials were sent";
  if (e.status === 401) {
    return { cls: "auth", culprit: c.host, fix: !c.https
      ? `401: credentials are never sent over http://: use https://${c.host}`
      : `401 (missing or wrong credentials; ${where}): put the right ones in ${c.netrc || "a .netrc file (GOAUTH=netrc)"} as machine ${c.host} login ... password ...` };
  }
  if (e.status === 403) {
    return { cls: "auth", culprit: c.host, fix: c.publicProxy
      ? `403 from a public proxy: the module is not available there; for a private module set GOPRIVATE so that it is fetched directly`
      : `403 (not allowed; ${where}): the account is known but may not read this module; ask the proxy's administrators` };
  }
  if (e.status === 404 || e.status === 410) {
    return { cls: "not-found", culprit: c.host, fix: `${e.status}: the proxy does not have the module; with "," the next GOPROXY entry is asked, for a private module set GOPRIVATE` };
  }
  if (e.status === 502 || e.status === 503 || e.status === 504) {
    return { cls: "server", culprit: c.host, fix: `${e.status}: the proxy is failing (retried by tidy); try again later, or add a fallback with "|" in GOPROXY` };
  }
  if (e.status >= 500) {
    return { cls: "server", culprit: c.host, fix: `${e.status}: the proxy failed, often its upstream (an Athens-style proxy); for private modules served by it alone, set GONOPROXY=none; else add a fallback with "|"` };
  }
  return { cls: "http", culprit: c.host, fix: `the proxy answered ${e.status}: check the GOPROXY entry` };
}

/** proxyBlame blames the HTTP proxy c.via: for credentials (a 407), or for failing or refusing. */
function proxyBlame(e: FetchError, c: ProbeContext): Blame {
  if (e.errorClass === "proxy-auth" || (e instanceof TransportError && e.proxyStatus === 407)) {
    return { cls: "proxy-auth", culprit: c.via!, fix: `the HTTP proxy wants credentials: put them in ${c.viaVariable} (http://user:password@host:port)` };
  }
  return { cls: "proxy", culprit: c.via!, fix: `the HTTP proxy ${c.via} (${c.viaVariable}) failed: check ${c.viaVariable}, or list ${c.host} in NO_PROXY` };
}

function transportBlame(e: TransportError, c: ProbeContext): Blame {
  if (c.via && (e.proxyStatus !== undefined || e.errorClass === "proxy-auth" || e.code === "ECONNREFUSED")) return proxyBlame(e, c);
  const fixes: Record<string, string> = {
    dns: `the host name ${c.host} does not resolve: check the GOPROXY entry and your DNS`,
    refused: `nothing accepts connections at ${c.host}: check the GOPROXY entry`,
    timeout: `${c.host} did not answer in time: raise the timeout (--timeout, GOTIDY_TIMEOUT) or check the network`,
    tls: `TLS verification of ${c.host} failed: see the TLS check`,
    network: `the connection to ${c.host} failed: a proxy or firewall may be interfering`,
  };
  return { cls: e.errorClass as DoctorClass, culprit: c.host, fix: fixes[e.errorClass] ?? fixes.network };
}

/** blame says what a failed probe means. */
export function blame(e: FetchError, c: ProbeContext): Blame {
  // The HTTP proxy's own answer to a plain request for an http:// URL (a 407, a 403) is blamed as its tunnel refusals are.
  if (e instanceof HTTPError && c.via && (e.errorClass === "proxy-auth" || e.errorClass === "proxy")) return proxyBlame(e, c);
  if (e instanceof HTTPError) return statusBlame(e, c);
  if (e instanceof TransportError) return transportBlame(e, c);
  return { cls: "http", culprit: c.host, fix: "the proxy's answer was not usable" };
}
