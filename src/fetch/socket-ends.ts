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

/** How far a connection got before its connector gave up: Go's dial words depend on it. */
export interface ConnectStage {
  /** "lookup": the name was not resolved yet; "dial": TCP was being opened (to address); "tls": the TLS handshake had begun. */
  phase: "lookup" | "dial" | "tls";
  /** The address being dialled, host:port ([v6]:port), when known. */
  address?: string;
}

const stageOfError = new WeakMap<object, ConnectStage>();

/** connectStage is how far the connection of a failed connect got, when its connector noted it (notingStage). */
export function connectStage(err: unknown): ConnectStage | undefined {
  return err && typeof err === "object" ? stageOfError.get(err) : undefined;
}

/**
 * notingStage wraps an undici connector so that a connection that fails before it opens
 * tells how far it got: resolving the name, dialling an address, or the TLS handshake.
 */
export function notingStage<C extends Connector>(base: C): C {
  return ((options: never, callback: (err: Error | null, socket: Socket | null) => void) => {
    const stage: ConnectStage = { phase: isLiteral((options as { hostname?: string }).hostname) ? "dial" : "lookup" };
    const socket = base(options, (err, s) => {
      if (err && typeof err === "object" && !stageOfError.has(err)) stageOfError.set(err, { ...stage });
      callback(err, s);
    }) as Socket | undefined;
    if (socket && typeof socket.on === "function") {
      socket.on("lookup", () => void (stage.phase = "dial"));
      socket.on("connectionAttempt", (ip: string, port: number) => {
        stage.phase = "dial";
        stage.address = hostPort(ip, port);
      });
      socket.on("connect", () => void (stage.phase = "tls"));
    }
    return socket;
  }) as C;
}

const isLiteral = (host: string | undefined) => !!host && (/^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(":") || host.startsWith("["));
