// Inflating a raw deflate stream into a buffer the caller owns and reuses. node:zlib's
// public calls allocate the output of every call (inflateRawSync: one buffer per entry,
// or pieces joined at the end), and a module cache fill inflates hundreds of megabytes:
// memory the allocator keeps long after the garbage collector has freed it. A zlib
// engine kept for many streams writes into the caller's buffer through its handle's
// synchronous write, the call inflateRawSync itself makes. That handle is not a
// documented interface, so it is checked before use, and every answer other than a clean
// end of stream is left to the caller (null), which then inflates through the public
// calls, as their errors are the ones reported.

import { constants, InflateRaw } from "node:zlib";

/** The engine's undocumented parts used here: its native handle and the state the handle writes after each call. */
interface EngineInternals {
  _handle?: { writeSync?: (flush: number, input: Uint8Array, inOff: number, inLen: number, out: Uint8Array, outOff: number, outLen: number) => void } | null;
  _writeState?: Uint32Array;
}

/** Inflater inflates one raw deflate stream after another with one zlib engine. */
export class Inflater {
  private engine: (InflateRaw & EngineInternals) | null = null;
  private usable = true;

  /**
   * into inflates the whole of raw into out and returns the length of what it produced,
   * when the stream ended within raw and out had room to spare (at least one byte left
   * over); otherwise, or when the engine cannot be used this way, null.
   */
  into(raw: Uint8Array, out: Buffer): number | null {
    const engine = this.ready();
    if (!engine) return null;
    engine._handle!.writeSync!(constants.Z_FINISH, raw, 0, raw.length, out, 0, out.length);
    // A zlib error destroys the engine (and drops its handle) at once; its error event comes later.
    if (engine.destroyed || !engine._handle) {
      this.engine = null;
      return null;
    }
    const availOut = engine._writeState![0];
    engine.reset();
    return availOut > 0 ? out.length - availOut : null;
  }

  /**
   * step inflates what it can of input[inOff, inOff+inLen) into out (from its start), the
   * stream carrying on from the previous steps; last says the input ends with this part
   * (the stream must end within it). It returns what of out is still free and what of the
   * input is left, or null when the engine cannot be used this way or the stream failed
   * (the engine is then dropped). A stream that has ended consumes nothing more. done
   * readies the engine for the next stream.
   */
  step(input: Uint8Array, inOff: number, inLen: number, out: Buffer, last: boolean): { outLeft: number; inLeft: number } | null {
    const engine = this.ready();
    if (!engine) return null;
    engine._handle!.writeSync!(last ? constants.Z_FINISH : constants.Z_NO_FLUSH, input, inOff, inLen, out, 0, out.length);
    if (engine.destroyed || !engine._handle) {
      this.engine = null;
      return null;
    }
    return { outLeft: engine._writeState![0], inLeft: engine._writeState![1] };
  }

  /** done ends the stream steps inflated (whether or not it ended), readying the engine for another. */
  done(): void {
    this.engine?.reset();
  }

  /** close releases the engine. */
  close(): void {
    this.engine?.close();
    this.engine = null;
  }

  private ready(): (InflateRaw & EngineInternals) | null {
    if (this.engine || !this.usable) return this.engine;
    const engine = new InflateRaw() as InflateRaw & EngineInternals;
    engine.on("error", () => undefined); // reported by the caller's public inflate instead
    if (typeof engine._handle?.writeSync !== "function" || !(engine._writeState instanceof Uint32Array) || engine._writeState.length < 2) {
      this.usable = false;
      engine.close();
      return null;
    }
    return (this.engine = engine);
  }
}
