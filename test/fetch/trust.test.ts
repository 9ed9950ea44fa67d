// The certificate authorities HTTPS trusts (src/fetch/trust.ts): each certificate once,
// whichever of the system bundle, SSL_CERT_FILE, SSL_CERT_DIR and NODE_EXTRA_CA_CERTS
// names it, and one TLS context per set of settings for the whole process.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rootCertificates } from "node:tls";
import { afterAll, describe, expect, it } from "vitest";
import { secureContextFor, trustedCAs } from "../../src/fetch/trust.js";
import { testCerts } from "../support/test-certs.js";

const scratch = mkdtempSync(join(tmpdir(), "gotidy-trust-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, "");

describe("trusted CAs", () => {
  it("holds each certificate once, however many files name it", () => {
    const ca = readFileSync(testCerts().caFile, "utf8");
    // A bundle holding the test CA twice and one of Node's own roots, named by two variables.
    const bundle = join(scratch, "bundle.pem");
    writeFileSync(bundle, `${ca}\n${rootCertificates[0]}\n${ca}`);
    const list = trustedCAs({ SSL_CERT_FILE: bundle, NODE_EXTRA_CA_CERTS: bundle });
    const bodies = list.map(body);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(bodies).toContain(body(ca));
    expect(bodies.filter((b) => b === body(rootCertificates[0]))).toHaveLength(1);
    expect(list.length).toBe(new Set(rootCertificates.map(body)).size + 1);
    for (const pem of list) expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
  });

  it("keeps whole a file holding PEM blocks of another kind", () => {
    const odd = join(scratch, "odd.pem");
    const text = "-----BEGIN TRUSTED CERTIFICATE-----\nAAAA\n-----END TRUSTED CERTIFICATE-----\n";
    writeFileSync(odd, text);
    expect(trustedCAs({ SSL_CERT_FILE: odd })).toContain(text);
  });

  it("makes one TLS context for equal settings, another for other ones", () => {
    const a = secureContextFor({ SSL_CERT_FILE: testCerts().caFile });
    expect(secureContextFor({ SSL_CERT_FILE: testCerts().caFile })).toBe(a);
    expect(secureContextFor({ SSL_CERT_DIR: testCerts().caDir })).not.toBe(a);
  });
});
