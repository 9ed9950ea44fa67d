// Certificate verification failures in the go command's words. Node.js (OpenSSL) reports
// a failed verification by code (CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID,
// DEPTH_ZERO_SELF_SIGNED_CERT, ...); Go's crypto/x509 words the same failure with the
// certificate's dates or names ("x509: certificate is valid for a.example, not
// b.example"). The code picks the kind, and the peer certificate fills in the words: the
// connector here lets the TLS handshake finish without rejecting, checks the verdict
// itself, and fails the connection with an error that carries the certificate.

import type { PeerCertificate, TLSSocket } from "node:tls";
import type { Socket } from "node:net";

/** The kinds of verification failure, by what fixes them. */
export type TlsFailureKind = "authority" | "expired" | "not-yet-valid" | "host";

/** Node.js's verification codes, by kind. */
const kinds: Record<string, TlsFailureKind> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "authority",
  SELF_SIGNED_CERT_IN_CHAIN: "authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "authority",
  UNABLE_TO_GET_ISSUER_CERT: "authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "authority",
  CERT_UNTRUSTED: "authority",
  CERT_HAS_EXPIRED: "expired",
  CERT_NOT_YET_VALID: "not-yet-valid",
  ERR_TLS_CERT_ALTNAME_INVALID: "host",
};

/** tlsFailureKind is the kind of a Node.js verification code, undefined for a code that is not one. */
export function tlsFailureKind(code: string | undefined): TlsFailureKind | undefined {
  return code ? kinds[code] : undefined;
}

/** The parts of the server's certificate the go command's words need. */
export interface PeerFacts {
  validFrom?: string;
  validTo?: string;
  /** Node.js's subjectaltname text: "DNS:a.example, IP Address:127.0.0.1". */
  subjectAltName?: string;
  commonName?: string;
}

/** peerFacts takes what the messages need from a peer certificate. */
export function peerFacts(cert: PeerCertificate | undefined): PeerFacts | undefined {
  if (!cert || Object.keys(cert).length === 0) return undefined;
  return { validFrom: cert.valid_from, validTo: cert.valid_to, subjectAltName: cert.subjectaltname, commonName: String(cert.subject?.CN ?? "") };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** rfc3339 formats a time as Go's time.RFC3339 does: local time and its offset, "Z" for UTC. */
export function rfc3339(t: Date, utc = false): string {
  const offset = utc ? 0 : -t.getTimezoneOffset();
  const local = new Date(t.getTime() + offset * 60_000);
  const stamp = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  if (offset === 0) return `${stamp}Z`;
  const abs = Math.abs(offset);
  return `${stamp}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function canonicalIP(ip: string): string {
  if (!ip.includes(":")) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return ip;
  }
}

/** hostnameReason is Go's HostnameError text: which names the certificate is valid for, and the one asked. */
function hostnameReason(host: string, peer: PeerFacts | undefined): string {
  const sans = (peer?.subjectAltName ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const dns = sans.filter((s) => s.startsWith("DNS:")).map((s) => s.slice(4));
  const ips = sans.filter((s) => s.startsWith("IP Address:")).map((s) => canonicalIP(s.slice(11)));
  const bare = host.replace(/^\[|\]$/g, "");
  const isIP = /^\d+\.\d+\.\d+\.\d+$/.test(bare) || bare.includes(":");
  if (sans.length === 0 && peer?.commonName && peer.commonName.toLowerCase() === bare.toLowerCase()) {
    return "x509: certificate relies on legacy Common Name field, use SANs instead";
  }
  if (isIP && ips.length === 0) return `x509: cannot validate certificate for ${bare} because it doesn't contain any IP SANs`;
  const valid = (isIP ? ips : dns).join(", ");
  if (!valid) return `x509: certificate is not valid for any names, but wanted to match ${bare}`;
  return `x509: certificate is valid for ${valid}, not ${bare}`;
}

/**
 * x509Reason is the go command's words for a failed verification (after "tls: failed to
 * verify certificate: "), from Node.js's code, the server's certificate when known, the
 * host name asked for, and the time of the check. Without the certificate, the words
 * stop where the certificate's facts would begin.
 */
export function x509Reason(code: string, peer: PeerFacts | undefined, host: string, now = new Date()): string {
  switch (tlsFailureKind(code)) {
    case "authority":
      return "x509: certificate signed by unknown authority";
    case "expired":
      return "x509: certificate has expired or is not yet valid" +
        (peer?.validTo ? `: current time ${rfc3339(now)} is after ${rfc3339(new Date(peer.validTo), true)}` : "");
    case "not-yet-valid":
      return "x509: certificate has expired or is not yet valid" +
        (peer?.validFrom ? `: current time ${rfc3339(now)} is before ${rfc3339(new Date(peer.validFrom), true)}` : "");
    case "host":
      return hostnameReason(host, peer);
    default:
      return code;
  }
}

/** tlsHint says what fixes a failure of a kind: a CA for an unknown authority, never for the others. */
export function tlsHint(kind: TlsFailureKind | undefined): string {
  switch (kind) {
    case "expired":
    case "not-yet-valid":
      return "the server's certificate is out of its validity period (or this machine's clock is wrong): the server must renew it; trusting another CA does not help";
    case "host":
      return "the server's certificate is for other host names: use a host name it names in GOPROXY, or have the server fixed; trusting another CA does not help";
    default:
      return "the certificate's authority is not trusted: point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS, " +
        "at the CA certificate (of your private proxy, or of a TLS-intercepting firewall)";
  }
}

/** TlsVerifyError is a handshake whose certificate failed verification, with the certificate's facts. */
export class TlsVerifyError extends Error {
  constructor(readonly code: string, readonly host: string, readonly peer: PeerFacts | undefined) {
    super(`certificate verification failed (${code})`);
    this.name = "TlsVerifyError";
  }
}

type Connector = (options: { hostname: string; protocol: string; servername?: string | null }, callback: (err: Error | null, socket: Socket | null) => void) => unknown;

/**
 * verifyingConnector wraps an undici connector made with rejectUnauthorized false: an
 * https connection whose certificate fails verification is closed and fails with a
 * TlsVerifyError (the verdict is the same as Node.js's own, only better reported).
 */
export function verifyingConnector(base: Connector): Connector {
  return (options, callback) =>
    base(options, (err, socket) => {
      if (err || !socket || options.protocol !== "https:") return callback(err, socket);
      const tls = socket as TLSSocket;
      if (tls.authorized) return callback(null, socket);
      const code = String(tls.authorizationError ?? "CERT_UNTRUSTED");
      const peer = peerFacts(tls.getPeerCertificate());
      tls.destroy();
      callback(new TlsVerifyError(code, options.servername || options.hostname, peer), null);
    });
}
