// The certificate authorities HTTPS connections trust: Node's bundled roots, the system's
// CA bundle as the go command finds it on Linux ($SSL_CERT_FILE, else the first bundle
// file found), the files of $SSL_CERT_DIR, and $NODE_EXTRA_CA_CERTS. Behind a
// TLS-intercepting proxy its CA is usually installed system-wide, so gotidy-ts trusts
// what the go command trusts. The variables are those of the settings passed in (never
// the running process's): the list is always given explicitly, so Node's own reading of
// NODE_EXTRA_CA_CERTS at start plays no part.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import type { Environment } from "../settings/environment.js";

/** The system's CA bundle files, in the order the go command looks for them on Linux. */
const systemBundles = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/pki/tls/cacert.pem",
  "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

function read(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

/** certDirFiles reads the PEM files of each directory in a colon-separated list (unreadable ones are passed over). */
function certDirFiles(dirs: string): string[] {
  const out: string[] = [];
  for (const dir of dirs.split(":").filter(Boolean)) {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      const pem = read(join(dir, n));
      if (pem?.includes("-----BEGIN CERTIFICATE-----")) out.push(pem);
    }
  }
  return out;
}

/** The variables trustedCAs reads; a key for sharing connection pools between equal settings. */
export function trustKey(env: Environment): string {
  return [env.SSL_CERT_FILE, env.SSL_CERT_DIR, env.NODE_EXTRA_CA_CERTS].map((v) => v ?? "").join("\n");
}

/** trustedCAs returns the PEM certificates HTTPS connections trust under env (see the file comment). */
export function trustedCAs(env: Environment): string[] {
  const files = env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : systemBundles;
  const system = files.map(read).find((x) => x !== null);
  const extra = read(env.NODE_EXTRA_CA_CERTS);
  return distinctCertificates([
    ...rootCertificates,
    ...(system ? [system] : []),
    ...(env.SSL_CERT_DIR ? certDirFiles(env.SSL_CERT_DIR) : []),
    ...(extra ? [extra] : []),
  ]);
}

const begin = "-----BEGIN CERTIFICATE-----";
const end = "-----END CERTIFICATE-----";

/**
 * distinctCertificates splits PEM texts into their certificates, each once: a system
 * bundle holds most of Node's own roots again, and every certificate is parsed when a TLS
 * context is made (half the time with each once). A text holding PEM blocks of another
 * kind is kept whole besides.
 */
function distinctCertificates(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const text of texts) {
    for (const body of certificateBodies(text)) {
      if (seen.has(body)) continue;
      seen.add(body);
      out.push(`${begin}\n${body.replace(/.{1,64}/g, "$&\n")}${end}\n`);
    }
    if (text.split(begin).join("").includes("-----BEGIN ")) out.push(text);
  }
  return out;
}

const contexts = new Map<string, SecureContext>();

/**
 * secureContextFor is the TLS context that trusts trustedCAs(env), made once per process
 * for each trustKey: parsing a system bundle's certificates takes some 50 ms, and
 * tls.connect given a ca list makes a context of its own, parsing them again, for every
 * connection (a cold run opens dozens, on this thread).
 */
export function secureContextFor(env: Environment): SecureContext {
  const key = trustKey(env);
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({ ca: trustedCAs(env) });
    contexts.set(key, context);
  }
  return context;
}

/** The certificates of a PEM text, each as its base64 body without line breaks. */
function certificateBodies(pem: string): string[] {
  const out: string[] = [];
  for (const block of pem.split(begin).slice(1)) {
    const stop = block.indexOf(end);
    if (stop >= 0) out.push(block.slice(0, stop).replace(/\s+/g, ""));
  }
  return out;
}

/** What NODE_EXTRA_CA_CERTS adds to the CAs trusted without it (extraCACoverage). */
export interface ExtraCACoverage {
  file: string;
  /** The file could not be read. */
  unreadable: boolean;
  certificates: number;
  /** How many of them nothing else trusted (Node's roots, the system bundle, SSL_CERT_DIR) holds. */
  added: number;
}

/**
 * extraCACoverage compares the certificates of NODE_EXTRA_CA_CERTS with those trusted
 * without it; null when it is unset. Node reads that file at every start-up, before any
 * JavaScript runs, so a file that adds nothing costs start-up time for nothing.
 */
export function extraCACoverage(env: Environment): ExtraCACoverage | null {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return null;
  const text = read(file);
  if (text === null) return { file, unreadable: true, certificates: 0, added: 0 };
  const { NODE_EXTRA_CA_CERTS: _, ...without } = env;
  const known = new Set(trustedCAs(without).flatMap(certificateBodies));
  const extra = certificateBodies(text);
  return { file, unreadable: false, certificates: extra.length, added: extra.filter((c) => !known.has(c)).length };
}
