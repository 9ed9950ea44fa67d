// Starts the fake proxy for a fetch fault scenario (testdata/fetch/faults/*.txtar).
// Shared by the recorder (which runs the go command) and the tests (which run ours).

import { archiveProxyFiles, startFakeProxy, type FakeProxy, type Fault } from "./fake-proxy.js";
import { startRefusingProxy } from "./doctor-servers.js";
import { makeKey } from "./fake-sumdb.js";
import { startFullBacklog } from "./full-backlog.js";
import { scenarioSumDBName, startScenarioSumDB } from "./scenario-sumdb.js";
import { testCerts, type CertKind } from "./test-certs.js";
import type { Txtar } from "./txtar.js";
import { writeZip, type ZipEntry } from "./zip-writer.js";

/** FaultScenario is a running fault scenario: what to fetch, with which env, from which proxy. */
export interface FaultScenario {
  /** the module@version (or query) of the scenario's command */
  target: string;
  env: Record<string, string>;
  proxy: FakeProxy;
  goSum: string | null;
  /** The request timeout the scenario asks of gotidy-ts ("timeout": the go command has its own, 30 s to connect). */
  timeoutMs?: number;
  /** normalize replaces the proxy's address, which changes with every run. */
  normalize(s: string): string;
  close(): Promise<void>;
}

/** faultScenario starts the proxy of a fault scenario's archive, with its faults. */
export async function faultScenario(archive: Pick<Txtar, "files">): Promise<FaultScenario> {
  const file = (n: string) => archive.files.find((f) => f.name === n)?.data;
  const files = archiveProxyFiles(archive.files);
  const target = (file("command") ?? "").trim().split(/\s+/)[1];
  const entries = file("zip-entries.json");
  if (entries) {
    const [path, version] = target.split("@");
    const esc = (s: string) => s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
    files.set(`/${esc(path)}/@v/${esc(version)}.zip`, writeZip(JSON.parse(entries) as ZipEntry[]));
  }
  const served = file("zip.base64");
  if (served) {
    // The zip exactly as served (a tampered one): base64, its lines joined.
    const [path, version] = target.split("@");
    const esc = (s: string) => s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
    files.set(`/${esc(path)}/@v/${esc(version)}.zip`, Buffer.from(served.replace(/\s+/g, ""), "base64"));
  }
  const faults = JSON.parse(file("faults.json") ?? "{}") as Record<string, Fault>;
  // "tls" names the certificate an HTTPS proxy presents ("expired", or "good chain" to
  // send the CA's certificate after it); $CAFILE and $CADIR in env are the test CA's.
  const [kind, chain] = (file("tls") ?? "").trim().split(/\s+/);
  const certs = kind ? testCerts() : undefined;
  const proxy = await startFakeProxy(files, faults, certs ? { tls: certs.pair(kind as CertKind, chain === "chain") } : {});
  // "http-proxy" names the status with which an HTTP proxy on 127.0.0.1 refuses every
  // request and CONNECT ($HTTPPROXY in env); "sumdb" the go.sum lines of a checksum
  // database ($SUMDB in env: GOSUMDB's value for it; $SUMDB_OTHERKEY: its URL with a key
  // of the same name it was not signed with).
  const refusing = file("http-proxy") ? await startRefusingProxy(Number(file("http-proxy")!.trim())) : undefined;
  const sumdb = file("sumdb") !== undefined ? await startScenarioSumDB(archive.files) : undefined;
  // "full-backlog": a port on 127.0.0.1 that never completes a connection ($BACKLOG in env: its host:port).
  const backlog = file("full-backlog") !== undefined ? await startFullBacklog() : undefined;
  const backlogAddr = backlog ? `127.0.0.1:${backlog.port}` : undefined;
  const env: Record<string, string> = {};
  for (const line of (file("env") ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    let value = line.slice(eq + 1).replaceAll("$PROXY", proxy.url);
    if (certs) value = value.replaceAll("$CAFILE", certs.caFile).replaceAll("$CADIR", certs.caDir);
    if (refusing) value = value.replaceAll("$HTTPPROXY", refusing.url);
    if (backlogAddr) value = value.replaceAll("$BACKLOG", backlogAddr);
    if (sumdb) value = value.replaceAll("$SUMDB_OTHERKEY", `${makeKey(scenarioSumDBName).vkey} ${sumdb.url}`).replaceAll("$SUMDB", sumdb.gosumdb);
    env[line.slice(0, eq)] = value;
  }
  return {
    target,
    env,
    proxy,
    goSum: file("go.sum") ?? null,
    timeoutMs: file("timeout") ? Number(file("timeout")!.trim().replace(/ms$/, "")) : undefined,
    // The proxy's address changes with every run, and so do the client's port and the time
    // an expired certificate is checked at, and a checksum database note's signature (its key is made for the run).
    normalize: (s) => [[sumdb?.url, "$SUMDBURL"], [refusing?.url, "$HTTPPROXY"], [backlogAddr, "$BACKLOG"], [proxy.url, "$PROXY"]].reduce((out, [from, to]) => (from ? out.split(from).join(to) : out), s).replace(/^(\u2014 \S+ )\S+$/gm, "$1$SIGNATURE").replace(/current time \S+ is (after|before)/g, "current time $$NOW is $1")
      .replace(/\b127\.0\.0\.1:\d+->127\.0\.0\.1:\d+\b/g, "$$CLIENT->$$SERVER"),
    close: async () => {
      await Promise.all([proxy.close(), refusing?.close(), sumdb?.close(), backlog?.close()] as (Promise<void> | undefined)[]);
    },
  };
}
