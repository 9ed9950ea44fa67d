// What the recorder scripts share: running the go command while this process keeps
// serving the fake proxy, and recording (or, with --check, comparing) one output per
// testdata txtar archive.

import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatTxtar, parseTxtar } from "./txtar.js";

/**
 * runCommand runs cmd asynchronously (the fake proxy answers from this process's event
 * loop, so a synchronous spawn would hang) and collects its output.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ status: number | null, stdout: string, stderr: string, ms: number }>}
 */
export function runCommand(cmd, args, options) {
  return new Promise((resolve) => {
    const start = Date.now();
    const p = spawn(cmd, args, options);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c) => (stdout += c));
    p.stderr.on("data", (c) => (stderr += c));
    p.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - start }));
  });
}

/**
 * recordArchives records every NAME.txtar in dir (or only the names given on the command
 * line): record(archive, inputs) returns the "want/" files, which replace the old ones.
 * With --check nothing is written; archives whose recording differs are reported (after
 * normalize, when given) and the process exits 1.
 * @param {{ root: string, dir: string, label: string, recorded: string,
 *   record: (archive: { comment: string, files: { name: string, data: string }[] }, inputs: { name: string, data: string }[]) => Promise<{ name: string, data: string }[]>,
 *   normalize?: (text: string) => string }} options
 */
export async function recordArchives({ root, dir, label, recorded, record, normalize = (t) => t }) {
  const check = process.argv.includes("--check");
  const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  let drift = 0;
  for (const name of readdirSync(dir).filter((n) => n.endsWith(".txtar") && (only.length === 0 || only.includes(n.slice(0, -6)))).sort()) {
    const path = join(dir, name);
    const archive = parseTxtar(readFileSync(path, "utf8"));
    const inputs = archive.files.filter((f) => !f.name.startsWith("want/"));
    const outputs = await record(archive, inputs);
    const text = formatTxtar({ comment: archive.comment, files: [...inputs, ...outputs] });
    if (!check) {
      writeFileSync(path, text);
    } else if (normalize(readFileSync(path, "utf8")) !== normalize(text)) {
      drift++;
      console.log(`DRIFT ${relative(root, path)}`);
    }
  }
  console.log(check ? (drift ? `${label}: ${drift} drifted` : `${label}: no drift`) : recorded);
  process.exit(drift ? 1 : 0);
}
