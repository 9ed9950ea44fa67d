// file:// GETs for GOPROXY=file://... entries: a file's bytes, or its bytes streamed into a
// destination (a module zip's temporary file), with the errors named as the go command
// names them ("reading file:///...: no such file or directory").

import { readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { FetchError, NotExistError } from "./errors.js";
import { redactURL } from "./proxy-list.js";
import { DestinationError, writeTo, type ZipDestination } from "./repo.js";

/** How much of a file is copied at once. */
const copyBytes = 256 << 10;

/** getFileURL returns the bytes of a file:// URL (none when dst is given: they went to dst) and their length. */
export async function getFileURL(url: string, maxBytes: number, dst?: ZipDestination): Promise<{ body: Buffer; size: number }> {
  const shown = redactURL(url);
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch (err) {
    throw new FetchError(`reading ${shown}: ${(err as Error).message}`, "invalid", { url: shown });
  }
  try {
    const st = statSync(path);
    if (st.size > maxBytes) throw new FetchError(`reading ${shown}: file larger than ${maxBytes} bytes`, "http", { url: shown });
    if (!dst) {
      const body = readFileSync(path);
      return { body, size: body.length };
    }
    // One buffer, refilled: each piece is written before the next is read.
    const buf = Buffer.allocUnsafe(Math.min(copyBytes, Math.max(st.size, 1)));
    let size = 0;
    const file = await open(path, "r");
    try {
      for (;;) {
        const { bytesRead } = await file.read(buf, 0, buf.length, size);
        if (bytesRead === 0) break;
        size += bytesRead;
        await writeTo(dst, buf.subarray(0, bytesRead));
      }
    } finally {
      await file.close();
    }
    return { body: Buffer.alloc(0), size };
  } catch (err) {
    if (err instanceof FetchError || err instanceof DestinationError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new NotExistError(`reading ${shown}: no such file or directory`, "not-found", { url: shown });
    }
    if (code === "EACCES" || code === "EPERM") {
      throw new FetchError(`reading ${shown}: permission denied`, "auth", { url: shown });
    }
    if (code === "EISDIR") throw new FetchError(`reading ${shown}: is a directory`, "invalid", { url: shown });
    throw new FetchError(`reading ${shown}: ${(err as Error).message}`, "network", { url: shown });
  }
}
