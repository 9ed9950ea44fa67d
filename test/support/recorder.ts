// What the recorder scripts share: running the go command while this process keeps
// serving the fake proxy, and recording (or, with --check, comparing) one output per
// testdata txtar archive.

import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { formatTxtar, parseTxtar, type Txtar, type TxtarFile } from "./txtar.js";

// Progress lines whose order varies from run to run: the go command downloads and queries
// concurrently.
const progressLine = /^go: (downloading|finding module|found) /;

/**
 * progressLinesAsSet rewrites an archive's want/stderr so that its progress lines come
 * first, sorted, then "--" and the other lines in their order: --check then compares the
 * progress lines as a set, as npm test does.
 */
export function progressLinesAsSet(text: string): string {
  const a = parseTxtar(text);
  for (const f of a.files) {
    if (f.name !== "want/stderr") continue;
    const lines = f.data.split("\n");
    f.data = [...lines.filter((l) => progressLine.test(l)).sort(), "--", ...lines.filter((l) => !progressLine.test(l))].join("\n");
  }
  return formatTxtar(a);
}

/** CommandResult is how a command ended, what it printed, and how long it took. */
export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * runCommand runs cmd asynchronously (the fake proxy answers from this process's event
 * loop, so a synchronous spawn would hang) and collects its output.
 */
export function runCommand(cmd: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CommandResult> {
  return new Promise((resolve) => {
    const start = Date.now();
    const p = spawn(cmd, args, options);
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (c: Buffer) => (stdout += c));
    p.stderr.on("data", (c: Buffer) => (stderr += c));
    p.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - start }));
  });
}

/** RecordOptions say which archives to record, how, and what to print when done. */
export interface RecordOptions {
  root: string;
  dir: string;
  label: string;
  recorded: string;
  /** record returns the "want/" files of an archive, given its other files. */
  record: (archive: Txtar, inputs: TxtarFile[]) => Promise<TxtarFile[]>;
  normalize?: (text: string) => string;
}

/**
 * recordArchives records every NAME.txtar in dir (or only the names given on the command
 * line): record(archive, inputs) returns the "want/" files, which replace the old ones.
 * With --check nothing is written; archives whose recording differs are reported (after
 * normalize, when given) and the process exits 1.
 */
export async function recordArchives({ root, dir, label, recorded, record, normalize = (t) => t }: RecordOptions): Promise<never> {
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
