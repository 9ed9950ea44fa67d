// Probes of one host, step by step, for `gotidy-ts doctor`: the DNS answers (A and AAAA
// separately), a TCP connection per address, the TLS handshake (protocol, certificate,
// expiry, host name, trust), and one HTTP GET through the same client tidy uses. The
// resolver and the connector are injectable, so that a test answers for the DNS and
// never sends a query.

import { resolve4, resolve6 } from "node:dns/promises";
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect, type PeerCertificate, type TLSSocket } from "node:tls";
import { HttpClient, type Lookup } from "./http.js";
import { Credentials } from "./netrc.js";
import { secureContextFor } from "./trust.js";
import { peerFacts, x509Reason } from "./tls-failure.js";
import { FetchError } from "./errors.js";
import type { Environment } from "../settings/environment.js";

/** A resolver answers the A or AAAA addresses of a host; an error carries a code (ENOTFOUND, ENODATA). */
export interface ProbeResolver {
  resolve4(host: string): Promise<string[]>;
  resolve6(host: string): Promise<string[]>;
}

export const systemResolver: ProbeResolver = { resolve4, resolve6 };

/**
 * lookupFrom is a resolver as node:net's lookup, for the HTTP client: the A addresses
 * first, then the AAAA ones, as the doctor's own questions get them; an error when there
 * is neither (the first family's).
 */
export function lookupFrom(resolver: ProbeResolver): Lookup {
  return ((host: string, options: { family?: number | string; all?: boolean }, callback: (err: Error | null, address?: string | { address: string; family: number }[], family?: number) => void) => {
    const family = options.family === "IPv4" ? 4 : options.family === "IPv6" ? 6 : Number(options.family ?? 0);
    resolveBoth(host, resolver).then((answers) => {
      const all = answers.filter((a) => family === 0 || a.family === family).flatMap((a) => a.addresses.map((address) => ({ address, family: a.family })));
      if (all.length === 0) {
        const code = answers.map((a) => a.error).find(Boolean) ?? "ENOTFOUND";
        return callback(Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code: code === "ENODATA" ? "ENOTFOUND" : code, hostname: host }));
      }
      if (options.all) callback(null, all);
      else callback(null, all[0].address, all[0].family);
    }, (e: Error) => callback(e));
  }) as Lookup;
}

export interface DnsAnswer {
  family: 4 | 6;
  addresses: string[];
  /** The resolver's error code when it gave no address (ENOTFOUND, ENODATA, ...). */
  error?: string;
}

/** resolveBoth asks for A and AAAA separately; a literal IP address is its own answer. */
export async function resolveBoth(host: string, resolver: ProbeResolver): Promise<DnsAnswer[]> {
  const bare = host.replace(/^\[|\]$/g, "");
  if (/^\d+\.\d+\.\d+\.\d+$/.test(bare)) return [{ family: 4, addresses: [bare] }];
  if (bare.includes(":")) return [{ family: 6, addresses: [bare] }];
  const ask = async (family: 4 | 6): Promise<DnsAnswer> => {
    try {
      const addresses = await (family === 4 ? resolver.resolve4(bare) : resolver.resolve6(bare));
      return { family, addresses };
    } catch (e) {
      return { family, addresses: [], error: (e as NodeJS.ErrnoException).code ?? String(e) };
    }
  };
  return [await ask(4), await ask(6)];
}

export interface ConnectResult {
  address: string;
  ok: boolean;
  ms: number;
  error?: string;
}

/** tcpConnect opens (and closes) a TCP connection, with a time limit. */
export function tcpConnect(address: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  const start = Date.now();
  return new Promise((done) => {
    const socket: Socket = netConnect({ host: address, port });
    const finish = (error?: string) => {
      socket.destroy();
      done({ address, ok: !error, ms: Date.now() - start, error });
    };
    socket.setTimeout(timeoutMs, () => finish(`i/o timeout after ${timeoutMs}ms`));
    socket.once("connect", () => finish());
    socket.once("error", (e: NodeJS.ErrnoException) => finish(e.code === "ECONNREFUSED" ? "connect: connection refused" : e.message));
  });
}

export interface TlsResult {
  ok: boolean;
  protocol?: string;
  subject?: string;
  issuer?: string;
  validTo?: string;
  /** Node's verification code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ...). */
  code?: string;
  /** The go command's words for the failed verification ("x509: certificate signed by unknown authority"). */
  reason?: string;
  /** Which CA store trusted the chain: "system" or the extra files named in the settings. */
  store?: string;
  error?: string;
}

/** tlsHandshake connects to address:port as serverName and reports the certificate and the verdict. */
export function tlsHandshake(address: string, port: number, serverName: string, env: Environment, timeoutMs: number): Promise<TlsResult> {
  const extra = [env.SSL_CERT_FILE, env.SSL_CERT_DIR, env.NODE_EXTRA_CA_CERTS].filter(Boolean).join(", ");
  return new Promise((done) => {
    const socket: TLSSocket = tlsConnect({ host: address, port, servername: isIP(serverName) ? undefined : serverName, secureContext: secureContextFor(env), rejectUnauthorized: false });
    const finish = (r: TlsResult) => {
      socket.destroy();
      done(r);
    };
    socket.setTimeout(timeoutMs, () => finish({ ok: false, error: `TLS handshake timeout after ${timeoutMs}ms` }));
    socket.once("error", (e) => finish({ ok: false, error: e.message }));
    socket.once("secureConnect", () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      const base = { protocol: socket.getProtocol() ?? undefined, subject: String(cert.subject?.CN ?? ""), issuer: String(cert.issuer?.CN ?? ""), validTo: cert.valid_to };
      const authError = socket.authorizationError as unknown as Error | string | null;
      if (socket.authorized) return finish({ ...base, ok: true, store: extra ? `system or ${extra}` : "system" });
      const code = typeof authError === "string" ? authError : (authError as NodeJS.ErrnoException)?.code ?? String(authError);
      const reason = x509Reason(code, peerFacts(cert), serverName);
      finish({ ...base, ok: false, code, reason, error: typeof authError === "string" ? authError : authError?.message });
    });
  });
}

export interface HttpProbeResult {
  ok: boolean;
  ms: number;
  bytes?: number;
  error?: FetchError;
  /** The Authorization header was sent (from .netrc). */
  credentialsSent: boolean;
}

export interface HttpProbeOptions {
  env: Environment;
  credentials?: Credentials;
  timeoutMs: number;
  trace?: (line: string) => void;
  /** The resolver of host names (the system's when unset). */
  lookup?: Lookup;
}

/** httpProbe GETs one URL as tidy would (same client, same proxy and TLS settings), once, without retries. */
export async function httpProbe(url: string, options: HttpProbeOptions): Promise<HttpProbeResult> {
  const start = Date.now();
  const credentialsSent = options.credentials?.authorization(url) != null;
  const client = new HttpClient({ env: options.env, credentials: options.credentials, timeoutMs: options.timeoutMs, retries: 0, trace: options.trace, lookup: options.lookup });
  try {
    const body = await client.get(url, 1 << 20);
    return { ok: true, ms: Date.now() - start, bytes: body.length, credentialsSent };
  } catch (e) {
    const error = e instanceof FetchError ? e : new FetchError(String(e), "network");
    return { ok: false, ms: Date.now() - start, error, credentialsSent };
  }
}
