// The two ends of a connection ("127.0.0.1:53788->127.0.0.1:8080"), as Go's net package
// names them in a read error. A socket's addresses are gone once it is destroyed, so the
// connector notes them when the connection opens and hands them to the errors the socket
// emits later (the error objects undici passes on to the body's reader).

import type { Socket } from "node:net";

/** What undici's SocketError carries of its socket. */
export interface SocketFacts {
  localAddress?: string;
  localPort?: number;
  remoteAddress?: string;
  remotePort?: number;
}

const endsOfError = new WeakMap<object, string>();

const hostPort = (address: string, port: number) => (address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`);

function ends(s: SocketFacts): string | null {
  if (!s.localAddress || !s.remoteAddress || s.localPort === undefined || s.remotePort === undefined) return null;
  return `${hostPort(s.localAddress, s.localPort)}->${hostPort(s.remoteAddress, s.remotePort)}`;
}

/** connectionEnds is the connection's two ends, from an error its socket emitted or from socket facts; null when unknown. */
export function connectionEnds(from: unknown): string | null {
  if (!from || typeof from !== "object") return null;
  return endsOfError.get(from) ?? ends(from as SocketFacts);
}

type Connector = (options: never, callback: (err: Error | null, socket: Socket | null) => void) => unknown;

/** notingEnds wraps an undici connector so that every error of a socket it opened knows the socket's two ends. */
export function notingEnds<C extends Connector>(base: C): C {
  return ((options: never, callback: (err: Error | null, socket: Socket | null) => void) =>
    base(options, (err, socket) => {
      const pair = socket ? ends(socket) : null;
      if (socket && pair) socket.on("error", (e: Error) => void (endsOfError.has(e) || endsOfError.set(e, pair)));
      callback(err, socket);
    })) as C;
}
