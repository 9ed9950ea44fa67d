import type { Server } from "node:http";
import type { Socket } from "node:net";

/** The test CA's certificate file, for SSL_CERT_FILE and GIT_SSL_CAINFO. */
export const testCAFile: string;
export function serveTLS(server: Server, socket: Socket, host: string, selfSigned: (host: string) => boolean): void;
export function testServerCertificate(): { cert: Buffer; key: Buffer };
