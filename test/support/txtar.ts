// txtar archives (as golang.org/x/tools/txtar): a comment, then files, each introduced
// by a line "-- name --". Used for test scenarios and by the recorder scripts.

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** TxtarFile is one file of an archive; data ends in a newline unless empty. */
export interface TxtarFile {
  name: string;
  data: string;
}

/** Txtar is an archive: the comment before the first file, then the files in order. */
export interface Txtar {
  comment: string;
  files: TxtarFile[];
}

const markerRE = /^-- (.+?) --$/;

/** parseTxtar reads an archive's text. */
export function parseTxtar(text: string): Txtar {
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const files: { name: string; lines: string[] }[] = [];
  const comment: string[] = [];
  let current: { name: string; lines: string[] } | null = null;
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
  const join = (ls: string[]) => (ls.length ? ls.join("\n") + "\n" : "");
  return { comment: join(comment), files: files.map((f) => ({ name: f.name, data: join(f.lines) })) };
}

/** formatTxtar is the text of an archive, as parseTxtar reads it. */
export function formatTxtar(archive: Txtar): string {
  let out = archive.comment;
  if (out && !out.endsWith("\n")) out += "\n";
  for (const f of archive.files) {
    out += `-- ${f.name} --\n` + f.data;
    if (f.data && !f.data.endsWith("\n")) out += "\n";
  }
  return out;
}

/** txtarFile is the data of the archive's file called name, if there is one. */
export function txtarFile(archive: Pick<Txtar, "files">, name: string): string | undefined {
  return archive.files.find((f) => f.name === name)?.data;
}

/** writeTxtarFiles writes files (txtar entries) below dir, creating directories as needed. */
export function writeTxtarFiles(dir: string, files: readonly TxtarFile[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.data);
  }
}
