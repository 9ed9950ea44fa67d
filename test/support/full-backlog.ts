// A TCP port on 127.0.0.1 that never completes a connection: a listening socket whose
// accept queue is full. The socket listens in a worker thread that then blocks, so
// nothing accepts; a few connections fill the queue (backlog 1), and from then on the
// kernel drops every new connection's SYN, so a client's connect hangs as it does for a
// host behind a firewall that drops packets. No packet leaves the machine.

import { connect, type Socket } from "node:net";
import { Worker } from "node:worker_threads";

export interface FullBacklog {
  port: number;
  close(): Promise<void>;
}

const listener = `
const { workerData, parentPort } = require("node:worker_threads");
const server = require("node:net").createServer();
server.listen({ port: 0, host: "127.0.0.1", backlog: 1 }, () => {
  parentPort.postMessage(server.address().port);
  Atomics.wait(workerData, 0, 0);
});`;

/** connects says whether a connection to port opens within ms (a filler stays open either way). */
function connects(port: number, fillers: Socket[], ms: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(port, "127.0.0.1");
    fillers.push(s);
    s.on("error", () => done(false));
    s.once("connect", () => done(true));
    setTimeout(() => done(false), ms);
  });
}

/** startFullBacklog starts the listener and fills its queue. */
export async function startFullBacklog(): Promise<FullBacklog> {
  const blocked = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(listener, { eval: true, workerData: blocked });
  const port = await new Promise<number>((r) => worker.once("message", r));
  const fillers: Socket[] = [];
  // Fill the queue: connect until one does not open.
  for (let i = 0; i < 16 && (await connects(port, fillers, 200)); i++);
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy();
      Atomics.store(blocked, 0, 1);
      Atomics.notify(blocked, 0);
      await worker.terminate();
    },
  };
}
