// What a direct-mode run leaves in the module cache, as text to compare: each file under
// cache/download (but lock and temporary files) with, for .info and .mod files, the
// SHA-256 of its content, and for .ziphash the h1: hash it holds. Zip files are listed
// without a hash (the deflate streams of two zip writers differ; .ziphash covers content),
// and each clone in cache/vcs by the key its .info holds.

import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** @param {string} modcache @returns {string} */
export function cacheListing(modcache) {
  const base = join(modcache, "cache", "download");
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "sumdb") walk(p);
        continue;
      }
      if (/\.(lock|tmp|partial)$/.test(name) || /\.tmp\d*$/.test(name) || name === "list") continue;
      const rel = relative(base, p);
      const data = readFileSync(p);
      if (name.endsWith(".info") || name.endsWith(".mod")) out.push(`${rel} sha256:${createHash("sha256").update(data).digest("hex")}`);
      else if (name.endsWith(".ziphash")) out.push(`${rel} ${data.toString("utf8").trim()}`);
      else out.push(rel);
    }
  };
  if (existsSync(base)) walk(base);
  // The clones: go's cache/vcs/<sha256 of "git3:<url>">, with the key in <hash>.info.
  const vcs = join(modcache, "cache", "vcs");
  if (existsSync(vcs)) {
    for (const name of readdirSync(vcs).sort()) {
      if (name.endsWith(".info")) out.push(`vcs/${name} ${readFileSync(join(vcs, name), "utf8")}`);
    }
  }
  return out.join("\n") + (out.length ? "\n" : "");
}

/**
 * homeLogs are the "*.log" files a run left in the scenario's home directory (a
 * credential helper's record of what git asked it), as want/log/<name> files, their lines
 * sorted: requests made at the same time reach the helper in either order.
 * @param {string} home @returns {{ name: string, data: string }[]}
 */
export function homeLogs(home) {
  if (!existsSync(home)) return [];
  const sorted = (text) => text.split("\n").filter(Boolean).sort().map((l) => l + "\n").join("");
  return readdirSync(home).filter((n) => n.endsWith(".log")).sort().map((n) => ({ name: `want/log/${n}`, data: sorted(readFileSync(join(home, n), "utf8")) }));
}
