// TLS for the direct-mode test git server (git-server.js): a CONNECT to port 443 is
// answered, inside the tunnel, by TLS with a certificate of the committed test CA
// (testdata/tls-direct, made by its make-certs.sh), or with a self-signed one for the
// hosts a scenario names (GOINSECURE's unverified TLS). The decrypted connection is then
// served by the same HTTP server. Clients trust the CA through SSL_CERT_FILE (the go
// command, gotidy-ts) and GIT_SSL_CAINFO (git).

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { TLSSocket, createSecureContext } from "node:tls";
import { fileURLToPath } from "node:url";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "testdata", "tls-direct");

/** The test CA's certificate file, for SSL_CERT_FILE and GIT_SSL_CAINFO. */
export const testCAFile = join(dir, "ca.pem");

const pair = (name) => ({ cert: readFileSync(join(dir, `${name}.pem`)), key: readFileSync(join(dir, `${name}.key`)) });

/** testServerCertificate is the test CA's server certificate and key (for git.corp.example, *.example.com, 127.0.0.1, ...). */
export function testServerCertificate() {
  return pair("server");
}

/**
 * serveTLS answers a CONNECT tunnel's socket with TLS and hands the decrypted connection
 * to server. selfSigned says, by host name, which hosts present the self-signed certificate.
 * @param {import("node:http").Server} server
 * @param {import("node:net").Socket} socket
 * @param {string} host
 * @param {(host: string) => boolean} selfSigned
 */
export function serveTLS(server, socket, host, selfSigned) {
  const context = createSecureContext(pair(selfSigned(host) ? "self-signed" : "server"));
  socket.write("HTTP/1.1 200 Connection established\r\n\r\n", () => {
    const tls = new TLSSocket(socket, { isServer: true, secureContext: context, ALPNProtocols: ["http/1.1"] });
    tls.on("error", () => tls.destroy());
    server.emit("connection", tls);
  });
}
