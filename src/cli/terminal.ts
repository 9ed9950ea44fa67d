// Terminal output: colours that follow NO_COLOR, FORCE_COLOR and whether the stream is a
// terminal, and a progress line on stderr that exists only on a terminal (never in CI logs
// or pipes) and is cleared before any other line is printed.


type ColorLevel = 0 | 1 | 2 | 3;

/**
 * colorLevel decides how many colours a stream gets: FORCE_COLOR wins ("0" or "false"
 * turns colour off, "1" to "3" choose the level, empty or "true" mean 1), then NO_COLOR
 * (any non-empty value turns colour off, as no-color.org asks), then only a terminal
 * whose TERM is not "dumb" gets colour.
 */
export function colorLevel(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): ColorLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === "0" || force === "false") return 0;
    if (force === "2" || force === "3") return Number(force) as ColorLevel;
    return 1;
  }
  if (env.NO_COLOR) return 0;
  if (!stream.isTTY || env.TERM === "dumb") return 0;
  if (env.COLORTERM === "truecolor" || env.COLORTERM === "24bit") return 3;
  if (/-256(color)?$/i.test(env.TERM ?? "")) return 2;
  return 1;
}

/** Painter: the colours the output uses (chalk's, or none), each a function of a text. */
export interface Painter {
  readonly level: ColorLevel;
  bold(text: string): string;
  cyan(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

const plain = (text: string) => text;
const noColors: Painter = { level: 0, bold: plain, cyan: plain, red: plain, green: plain, yellow: plain, dim: plain };

/** colors is the painter for a stream; chalk is loaded only when the stream gets colour. */
export async function colors(env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): Promise<Painter> {
  const level = colorLevel(env, stream);
  if (level === 0) return noColors;
  const { Chalk } = await import("chalk");
  return new Chalk({ level });
}

/** colorDiff colours a unified diff: headers bold, hunks cyan, removals red, additions green. */
export function colorDiff(c: Painter, diff: string): string {
  if (c.level === 0 || diff === "") return diff;
  return diff.split(/(?<=\n)/).map((line) => {
    const body = line.replace(/\n$/, "");
    const nl = line.endsWith("\n") ? "\n" : "";
    if (/^(diff |--- |\+\+\+ )/.test(body)) return c.bold(body) + nl;
    if (body.startsWith("@@")) return c.cyan(body) + nl;
    if (body.startsWith("-")) return c.red(body) + nl;
    if (body.startsWith("+")) return c.green(body) + nl;
    return line;
  }).join("");
}

export interface Writable {
  write(s: string | Uint8Array): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * ProgressLine keeps one status line at the bottom of a terminal. It is a no-op unless
 * enabled (a terminal, not CI, not quiet); updates are throttled.
 */
export class ProgressLine {
  private text = "";
  private shown = false;
  private lastDraw = 0;

  constructor(private readonly stream: Writable, readonly enabled: boolean, private readonly intervalMs = 80) {}

  static for(stream: Writable, env: NodeJS.ProcessEnv, quiet: boolean): ProgressLine {
    const enabled = !quiet && stream.isTTY === true && env.TERM !== "dumb" && !env.CI;
    return new ProgressLine(stream, enabled);
  }

  /** set replaces the status text; it is drawn at most every intervalMs unless forced. */
  set(text: string, force = false): void {
    if (!this.enabled) return;
    this.text = text;
    const now = Date.now();
    if (!force && now - this.lastDraw < this.intervalMs) return;
    this.lastDraw = now;
    this.draw();
  }

  private draw(): void {
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const shown = this.text.length > width ? this.text.slice(0, width - 1) + "…" : this.text;
    this.stream.write(`\r\x1b[2K${shown}`);
    this.shown = true;
  }

  /** clear removes the line (before other output, and at the end). */
  clear(): void {
    if (!this.enabled || !this.shown) return;
    this.stream.write("\r\x1b[2K");
    this.shown = false;
  }

  /** finish clears the line for good (until the next set). */
  finish(): void {
    this.clear();
    this.text = "";
  }

  /** around prints other output without mixing it into the status line. */
  around(print: () => void): void {
    const had = this.shown;
    this.clear();
    print();
    if (had && this.text) this.draw();
  }
}

/** formatBytes: "512 B", "1.4 kB", "23.0 MB". */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} kB`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  return `${(n / 1_000_000_000).toFixed(2)} GB`;
}
