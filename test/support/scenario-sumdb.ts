// A scenario's checksum database: the archive's "sumdb" file lists go.sum lines
// ("<module> <version> h1:..." and "<module> <version>/go.mod h1:..."), one record per
// module version in the order they first appear ("gone <module>@<version>": its lookup
// answers 410 Gone), served on 127.0.0.1 by a fake proxy under
// /sumdb/<name>/ and signed with a key made for the run. The same helper serves the
// recorder (the go command) and the replay (gotidy-ts), so both see the same database.

import { type Fault, startFakeProxy } from "./fake-proxy.js";
import { FakeSumDB, makeKey } from "./fake-sumdb.js";

/** The database's name, as go prints it in a checksum mismatch. */
export const scenarioSumDBName = "sum.example.test";

/** ScenarioSumDB is a running database: GOSUMDB's value for it ("key url"), its URL, how to stop it. */
export interface ScenarioSumDB {
  gosumdb: string;
  url: string;
  close(): Promise<void>;
}

/** startScenarioSumDB serves the archive's "sumdb" file; with none, a database holding none of the scenario's modules. */
export async function startScenarioSumDB(files: readonly { name: string; data: string }[]): Promise<ScenarioSumDB> {
  const records = new Map<string, string>();
  const faults: Record<string, Fault> = {};
  const text = files.find((f) => f.name === "sumdb")?.data ?? "";
  for (const line of text.split("\n").map((l) => l.trim()).filter(Boolean)) {
    const [path, version] = line.split(" ");
    if (path === "gone") {
      faults[`/sumdb/${scenarioSumDBName}/lookup/${version}`] = { status: 410, body: `gone: ${version}\n` };
      continue;
    }
    const key = `${path} ${version.replace(/\/go\.mod$/, "")}`;
    records.set(key, (records.get(key) ?? "") + line + "\n");
  }
  const key = makeKey(scenarioSumDBName);
  const db = new FakeSumDB(key);
  // A record of no scenario's module first: a tree is never empty, and the scenario's own
  // records are not the first leaf.
  db.add(`example.com/unrelated v1.0.0 h1:${Buffer.alloc(32, 7).toString("base64")}\n`);
  for (const r of records.values()) db.add(r);
  const server = await startFakeProxy(db.files(), faults);
  const url = `${server.url}/sumdb/${scenarioSumDBName}`;
  return { gosumdb: `${key.vkey} ${url}`, url, close: () => server.close() };
}
