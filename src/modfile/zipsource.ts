// Where the bytes of a zip come from: a buffer, or a file read through a small window, so
// that a module zip of any size is checked, hashed and extracted without holding it whole.
// A zip is read mostly front to back (the end records, the central directory, then each
// entry in the order the directory lists them, which is the order writers store them), so
// one window read from the disk serves the headers and contents of many small entries.

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { giveScratch, takeScratch } from "./scratch.js";

/** ZipSource is a zip's bytes, read by range. */
export interface ZipSource {
  /** The zip's length in bytes. */
  readonly size: number;
  /** Whether the zip is held in memory already (what read returns then costs nothing to keep). */
  readonly inMemory: boolean;
  /**
   * read returns the bytes from start to end (end excluded), fewer when the zip ends first.
   * The result may share memory with the source's own buffers, which the next read may
   * overwrite: copy what is kept past it.
   */
  read(start: number, end: number): Buffer;
}

/** bufferSource reads a zip held in memory. */
export function bufferSource(buf: Buffer): ZipSource {
  return { size: buf.length, inMemory: true, read: (start, end) => buf.subarray(start, Math.min(end, buf.length)) };
}

/** How much a file source reads from the disk at once, when a range is smaller than that. */
const windowBytes = 256 << 10;

/**
 * FileSource reads a zip file through a window; close releases the file. The window, and
 * the buffer that ranges longer than it are read into, are scratch buffers (scratch.ts),
 * refilled: a zip of any size is read with two buffers, not one per entry.
 */
export class FileSource implements ZipSource {
  readonly size: number;
  readonly inMemory = false;
  /** The window's buffer (allocated on the first read), and what of it holds the bytes from windowStart. */
  private windowBuffer: Buffer | null = null;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;
  private large: Buffer | null = null;

  private constructor(private fd: number) {
    this.size = fstatSync(fd).size;
  }

  /** open opens file for reading (its errors are the file system's). */
  static open(file: string): FileSource {
    return new FileSource(openSync(file, "r"));
  }

  read(start: number, end: number): Buffer {
    end = Math.min(end, this.size);
    if (start >= end) return Buffer.alloc(0);
    if (start >= this.windowStart && end <= this.windowStart + this.window.length) {
      return this.window.subarray(start - this.windowStart, end - this.windowStart);
    }
    if (end - start >= windowBytes) return this.readAt(this.largeBuffer(end - start), start, end - start);
    this.windowBuffer ??= takeScratch(windowBytes);
    // A failed read leaves the window empty, never holding part of another range.
    this.window = Buffer.alloc(0);
    this.window = this.readAt(this.windowBuffer, start, Math.min(windowBytes, this.size - start));
    this.windowStart = start;
    return this.window.subarray(0, end - start);
  }

  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    giveScratch(this.windowBuffer);
    giveScratch(this.large);
    this.windowBuffer = this.large = null;
    this.window = Buffer.alloc(0);
  }

  /** largeBuffer is a buffer of at least length bytes for a range longer than the window. */
  private largeBuffer(length: number): Buffer {
    if (this.large && this.large.length >= length) return this.large;
    giveScratch(this.large);
    return (this.large = takeScratch(length));
  }

  /** readAt reads length bytes from position into the start of buf, returning what it read (fewer when the file ends first). */
  private readAt(buf: Buffer, position: number, length: number): Buffer {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, position + done);
      if (n === 0) break; // the file shrank under us: what was read is what there is
      done += n;
    }
    return buf.subarray(0, done);
  }
}

/** withZipFile runs use with a source reading file, closing the file afterwards. */
export async function withZipFile<T>(file: string, use: (src: FileSource) => T | Promise<T>): Promise<T> {
  const src = FileSource.open(file);
  try {
    return await use(src);
  } finally {
    src.close();
  }
}
