// file:// GETs for GOPROXY=file://... entries: a file's bytes, or its bytes streamed into a
// destination (a module zip's temporary file), with the errors named as the go command
// names them ("reading file:///...: no such file or directory").

import { createReadStream, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { FetchError, NotExistError } from "./errors.js";
import { redactURL } from "./proxy-list.js";
import { DestinationError, writeTo, type ZipDestination } from "./repo.js";

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
    let size = 0;
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream) {
        size += (chunk as Buffer).length;
        await writeTo(dst, chunk as Buffer);
      }
    } finally {
      stream.destroy();
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
