// Starts the fake proxy for a fetch fault scenario (testdata/fetch/faults/*.txtar).
// Shared by the recorder (which runs the go command) and the tests (which run ours).

import { archiveProxyFiles, startFakeProxy } from "./fake-proxy.js";
import { writeZip } from "./zip-writer.js";

/**
 * @param {{ files: { name: string, data: string }[] }} archive
 */
export async function faultScenario(archive) {
  const file = (n) => archive.files.find((f) => f.name === n)?.data;
  const files = archiveProxyFiles(archive.files);
  const target = (file("command") ?? "").trim().split(/\s+/)[1];
  const entries = file("zip-entries.json");
  if (entries) {
    const [path, version] = target.split("@");
    const esc = (s) => s.replace(/[A-Z]/g, (c) => "!" + c.toLowerCase());
    files.set(`/${esc(path)}/@v/${esc(version)}.zip`, writeZip(JSON.parse(entries)));
  }
  const faults = JSON.parse(file("faults.json") ?? "{}");
  const proxy = await startFakeProxy(files, faults);
  const env = {};
  for (const line of (file("env") ?? "").split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).replaceAll("$PROXY", proxy.url);
  }
  return {
    target,
    env,
    proxy,
    goSum: file("go.sum") ?? null,
    /** normalize replaces the proxy's address, which changes with every run. */
    normalize: (s) => s.split(proxy.url).join("$PROXY"),
    close: () => proxy.close(),
  };
}
