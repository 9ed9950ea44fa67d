// Servers on 127.0.0.1 for the doctor's fault matrix: a module proxy whose answer is
// chosen by the first path element (/s401/..., /reset/...), and an HTTP forward proxy
// that refuses in a chosen way (407, or a CONNECT answered with an error).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTLSServer } from "node:https";
import type { AddressInfo } from "node:net";

export interface Started {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, scheme = "http"): Promise<Started> {
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      done({
        url: `${scheme}://127.0.0.1:${port}`, port,
        close: () => new Promise((c) => {
          server.closeAllConnections();
          server.close(() => c());
        }),
      });
    });
  });
}

function answer(req: IncomingMessage, res: ServerResponse, extra: Record<string, (req: IncomingMessage, res: ServerResponse) => void>): void {
  const first = (req.url ?? "/").split("/")[1] ?? "";
  const status = /^s(\d{3})$/.exec(first);
  if (status) {
    res.writeHead(Number(status[1]), { "content-type": "text/plain" });
    res.end(`${first} answer from the test proxy\n`);
    return;
  }
  const handler = extra[first];
  if (handler) return handler(req, res);
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("v1.0.0\n");
}

/**
 * startFaultProxy starts the module proxy; files holds exact paths to serve (the checksum
 * database). With tls it serves HTTPS with that key and certificate.
 */
export function startFaultProxy(files: Map<string, Buffer> = new Map(), tls?: { key: Buffer; cert: Buffer }): Promise<Started> {
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const file = files.get((req.url ?? "").replace(/^\/ok/, ""));
    if (file) {
      res.writeHead(200);
      res.end(file);
      return;
    }
    answer(req, res, {
      reset: (_q, r) => {
        r.writeHead(200, { "content-length": "1000" });
        r.write("v1.0.0\n");
        setTimeout(() => r.socket?.resetAndDestroy(), 20);
      },
      hang: () => undefined,
      slow: (_q, r) => setTimeout(() => {
        r.writeHead(200);
        r.end("v1.0.0\n");
      }, 150),
      auth: (q, r) => {
        r.writeHead(q.headers.authorization === "Basic " + Buffer.from("right:secret").toString("base64") ? 200 : 401);
        r.end("v1.0.0\n");
      },
    });
  };
  return tls ? listen(createTLSServer(tls, handler), "https") : listen(createServer(handler));
}

/** startRefusingProxy starts an HTTP proxy answering every request and CONNECT with status. */
export function startRefusingProxy(status: number): Promise<Started> {
  const server = createServer((_req, res) => {
    res.writeHead(status, status === 407 ? { "proxy-authenticate": 'Basic realm="test"' } : {});
    res.end();
  });
  server.on("connect", (_req, socket) => {
    const text = status === 407 ? "Proxy Authentication Required" : status === 502 ? "Bad Gateway" : "Forbidden";
    socket.end(`HTTP/1.1 ${status} ${text}\r\n${status === 407 ? 'Proxy-Authenticate: Basic realm="test"\r\n' : ""}Content-Length: 0\r\n\r\n`);
  });
  return listen(server);
}
