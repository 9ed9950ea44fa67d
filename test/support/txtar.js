// txtar archives (as golang.org/x/tools/txtar): a comment, then files, each introduced
// by a line "-- name --". Used for test scenarios and by the recorder scripts.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const markerRE = /^-- (.+?) --$/;

/**
 * @param {string} text
 * @returns {{ comment: string, files: { name: string, data: string }[] }}
 */
export function parseTxtar(text) {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const files = [];
  const comment = [];
  let current = null;
  for (const line of lines) {
    const m = markerRE.exec(line);
    if (m) {
      current = { name: m[1].trim(), lines: [] };
      files.push(current);
    } else if (current) {
      current.lines.push(line);
    } else {
      comment.push(line);
    }
  }
  const join = (ls) => (ls.length ? ls.join("\n") + "\n" : "");
  return { comment: join(comment), files: files.map((f) => ({ name: f.name, data: join(f.lines) })) };
}

/**
 * @param {{ comment: string, files: { name: string, data: string }[] }} archive
 * @returns {string}
 */
export function formatTxtar(archive) {
  let out = archive.comment;
  if (out && !out.endsWith("\n")) out += "\n";
  for (const f of archive.files) {
    out += `-- ${f.name} --\n` + f.data;
    if (f.data && !f.data.endsWith("\n")) out += "\n";
  }
  return out;
}

/**
 * @param {{ files: { name: string, data: string }[] }} archive
 * @param {string} name
 * @returns {string | undefined}
 */
export function txtarFile(archive, name) {
  return archive.files.find((f) => f.name === name)?.data;
}

/**
 * writeTxtarFiles writes files (txtar entries) below dir, creating directories as needed.
 * @param {string} dir
 * @param {{ name: string, data: string }[]} files
 */
export function writeTxtarFiles(dir, files) {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.data);
  }
}
