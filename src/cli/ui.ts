// Where a run's text goes: the terminal's two streams, kept apart from the progress line,
// or a module's buffer (--recursive prints each module's output whole, in order).

import type { CliContext } from "./context.js";
import { ProgressState } from "./progress.js";
import { colors, type Painter, ProgressLine } from "./terminal.js";
import { encodeText } from "../text/utf8.js";

/** Sink takes a module's output: text for stdout, lines (without "\n") for stderr. */
export interface Sink {
  out(text: string): void;
  err(line: string): void;
}

/** Ui is the terminal state of one run. */
export interface Ui {
  /** Colours for stdout. */
  cOut: Painter;
  progress: ProgressLine;
  status: ProgressState;
  /** The run is a pre-commit hook (pre-commit sets PRE_COMMIT=1): gotidy-ts is not on the user's PATH there. */
  inHook: boolean;
  /** Writes to stdout and stderr around the progress line. */
  stdout(text: string): void;
  stderr(text: string): void;
}

/** terminalUi sets up the colours and the progress line (none with quiet) of a run. */
export async function terminalUi(ctx: CliContext, quiet: boolean): Promise<Ui> {
  const progress = ProgressLine.for(ctx.stderr, ctx.env, quiet);
  return {
    cOut: await colors(ctx.env, ctx.stdout),
    progress,
    status: new ProgressState(progress),
    inHook: ctx.env.PRE_COMMIT === "1",
    // Text holding bytes of the files that are not UTF-8 is written back as those bytes.
    stdout: (text) => progress.around(() => ctx.stdout.write(encodeText(text))),
    stderr: (text) => progress.around(() => ctx.stderr.write(encodeText(text))),
  };
}

/** terminalSink prints a module's output as it comes. */
export function terminalSink(ui: Ui): Sink {
  return { out: (text) => ui.stdout(text), err: (line) => ui.stderr(line + "\n") };
}

/** BufferedSink keeps a module's output, in order, until it can be printed. */
export class BufferedSink implements Sink {
  readonly chunks: { text: string; stderr: boolean }[] = [];

  out(text: string): void {
    this.chunks.push({ text, stderr: false });
  }

  err(line: string): void {
    this.chunks.push({ text: line + "\n", stderr: true });
  }

  /** text is what was written to one of the streams, joined. */
  text(stderr: boolean): string {
    return this.chunks.filter((c) => c.stderr === stderr).map((c) => c.text).join("");
  }
}
