// Certificates for the TLS faults, made at run time with openssl (node:crypto cannot sign
// X.509 certificates): a test CA, and server certificates for 127.0.0.1 that are good
// (signed by the CA), expired (signed by the CA, valid only on 1 January 2020), for the
// wrong host (signed by the CA, for proxy.example and 127.0.0.2 only) and self-signed.
// Made once per process in a temporary directory, removed at exit; the keys protect
// nothing.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The kinds of server certificate a TLS fault presents. */
export type CertKind = "good" | "expired" | "wrong-host" | "self-signed" | "public";

export interface TestCerts {
  /** The test CA's certificate file (for SSL_CERT_FILE), and its directory (for SSL_CERT_DIR). */
  caFile: string;
  caDir: string;
  /** The key and certificate a server presents for each kind; chain adds the CA certificate after the leaf. */
  pair(kind: CertKind, chain?: boolean): { key: Buffer; cert: Buffer };
}

let made: TestCerts | undefined;

/** openssl runs the openssl command in dir, failing with its stderr. */
function openssl(dir: string, args: string[]): void {
  try {
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === "ENOENT") throw new Error("the TLS tests need the openssl command; install it (apt-get install openssl)");
    throw new Error(`openssl ${args[0]} failed: ${err.stderr?.toString() ?? err.message}`);
  }
}

const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-sha256"];

/** testCerts makes the certificates (once per process) and returns where they are. */
export function testCerts(): TestCerts {
  if (made) return made;
  const dir = mkdtempSync(join(tmpdir(), "gotidy-test-certs-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const caDir = join(dir, "ca");
  openssl(dir, ["req", "-x509", ...ec, "-days", "3650", "-subj", "/CN=gotidy-ts test CA", "-keyout", "ca.key", "-out", "ca.pem",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  execFileSync("mkdir", [caDir]);
  writeFileSync(join(caDir, "ca.pem"), readFileSync(join(dir, "ca.pem")));
  openssl(dir, ["req", ...ec, "-subj", "/CN=127.0.0.1", "-keyout", "leaf.key", "-out", "leaf.csr"]);
  const ext = (name: string, san: string) =>
    writeFileSync(join(dir, name), `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
  ext("good.ext", "IP:127.0.0.1");
  ext("wrong.ext", "DNS:proxy.example,IP:127.0.0.2");
  // "public": the name of the public module proxy, which a test's resolver maps to 127.0.0.1.
  ext("public.ext", "DNS:proxy.golang.org");
  const sign = (out: string, extfile: string) =>
    openssl(dir, ["x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "3650", "-sha256", "-extfile", extfile, "-out", out]);
  sign("good.pem", "good.ext");
  sign("wrong-host.pem", "wrong.ext");
  sign("public.pem", "public.ext");
  // An expired certificate needs fixed dates, which only `openssl ca` takes (OpenSSL 3.0).
  writeFileSync(join(dir, "index.txt"), "");
  writeFileSync(join(dir, "serial"), "1000\n");
  writeFileSync(join(dir, "ca.cnf"), "[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n" +
    "default_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n");
  openssl(dir, ["ca", "-batch", "-notext", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "leaf.csr", "-out", "expired.pem",
    "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-extfile", "good.ext"]);
  openssl(dir, ["req", "-x509", ...ec, "-days", "3650", "-subj", "/CN=self-signed.test", "-keyout", "self-signed.key", "-out", "self-signed.pem",
    "-addext", "subjectAltName=IP:127.0.0.1"]);
  const read = (n: string) => readFileSync(join(dir, n));
  made = {
    caFile: join(dir, "ca.pem"),
    caDir,
    pair: (kind, chain = false) => ({
      key: read(kind === "self-signed" ? "self-signed.key" : "leaf.key"),
      cert: Buffer.concat([read(`${kind}.pem`), ...(chain && kind !== "self-signed" ? [read("ca.pem")] : [])]),
    }),
  };
  return made;
}
