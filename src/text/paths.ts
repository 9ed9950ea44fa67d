// Paths and file system errors as the go command prints them.

import { statSync } from "node:fs";
import { relative, sep } from "node:path";

/**
 * shortPath is the go command's base.ShortPath: path relative to cwd when that is
 * shorter and names the same file (or both do not exist), else path unchanged.
 */
export function shortPath(path: string, cwd: string): string {
  let rel = relative(cwd, path);
  if (rel === "") rel = ".";
  if (Buffer.byteLength(rel) >= Buffer.byteLength(path)) return path;
  // The relative form is resolved by the system, as the go command's is (through "..").
  return sameFile(cwd + sep + rel, path) ? rel : path;
}

function sameFile(a: string, b: string): boolean {
  let sa, sb;
  let ea: NodeJS.ErrnoException | undefined;
  let eb: NodeJS.ErrnoException | undefined;
  try {
    sa = statSync(a);
  } catch (e) {
    ea = e as NodeJS.ErrnoException;
  }
  try {
    sb = statSync(b);
  } catch (e) {
    eb = e as NodeJS.ErrnoException;
  }
  if (ea || eb) return ea?.code === "ENOENT" && eb?.code === "ENOENT";
  return sa!.dev === sb!.dev && sa!.ino === sb!.ino;
}

/** Go's texts (syscall.Errno.Error) for the errors opening or reading a file can give. */
const errnoTexts: Record<string, string> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "file name too long",
  EIO: "input/output error",
  EMFILE: "too many open files",
};

/** errnoText is Go's text for a Node.js file system error, or an error code ("no such file or directory"). */
export function errnoText(err: NodeJS.ErrnoException | string): string {
  const text = errnoTexts[typeof err === "string" ? err : err.code ?? ""];
  if (text) return text;
  if (typeof err === "string") return err;
  // "ECODE: description, syscall 'path'" -> "description"
  const m = err.message.indexOf(": ");
  return m >= 0 ? err.message.slice(m + 2).split(", ")[0] : err.message;
}
