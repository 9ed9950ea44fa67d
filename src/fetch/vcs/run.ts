// Running the user's own git, as the go command runs it: in a directory, with the
// environment of the process (so git's config, credential helpers, insteadOf rules and
// SSH setup apply unchanged) plus GIT_TERMINAL_PROMPT=0 and GCM_INTERACTIVE=never unless
// the user set them, and a failure worded as the go command's RunError.

import { spawn } from "node:child_process";

/** RunError is a command that failed: go's "<cmd> in <dir>: exit status N:\n\t<stderr>". */
export class RunError extends Error {
  constructor(
    readonly command: string,
    readonly dir: string,
    /** The exit status, or null when the command could not be started or was killed. */
    readonly status: number | null,
    readonly reason: string,
    readonly stderr: string,
    /** A line the go command adds after the output ("Confirm the import path ..."). */
    readonly helpText = "",
  ) {
    super(runErrorText(command, dir, reason, stderr, helpText));
    this.name = "RunError";
  }

  withHelp(helpText: string): RunError {
    return new RunError(this.command, this.dir, this.status, this.reason, this.stderr, helpText);
  }
}

function runErrorText(command: string, dir: string, reason: string, stderr: string, help: string): string {
  let text = `${command}${dir ? ` in ${dir}` : ""}: ${reason}`;
  const out = stderr.replace(/\n+$/, "");
  if (out) text += ":\n\t" + out.split("\n").join("\n\t");
  if (help) text += "\n" + help;
  return text;
}

export interface RunOptions {
  /** The directory to run in ("" for the current one). */
  dir: string;
  /** The process environment the command starts from. */
  env: NodeJS.ProcessEnv;
  /** Variables added to env. */
  extraEnv?: Record<string, string>;
  /** Receives the go command's -x lines: "cd DIR; git ..." and the elapsed time after. */
  trace?: (line: string) => void;
}

/** commandEnv is env with the go command's settings for git: no prompts for passwords. */
export function commandEnv(env: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  if (!out.GIT_TERMINAL_PROMPT) out.GIT_TERMINAL_PROMPT = "0";
  if (!out.GCM_INTERACTIVE) out.GCM_INTERACTIVE = "never";
  return { ...out, ...extra };
}

/** shellWords quotes arguments as the go command's -x output does. */
export function shellWords(args: string[]): string {
  return args.map((a) => {
    if (a.includes("'")) return `"${a.replace(/["$`\\]/g, (c) => "\\" + c)}"`;
    if (/[$`\\*?["\t\n\v\f\r \u0085\u00a0]/.test(a)) return `'${a}'`;
    return a;
  }).join(" ");
}

/**
 * run runs args[0] with the rest as arguments and resolves to its standard output; a
 * non-zero exit rejects with a RunError carrying standard error.
 */
export function run(args: string[], options: RunOptions): Promise<Buffer> {
  const text = (options.dir ? `cd ${options.dir}; ` : "") + shellWords(args);
  options.trace?.(text);
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(args[0], args.slice(1), {
      cwd: options.dir || undefined, env: commandEnv(options.env, options.extraEnv), stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const done = () => options.trace?.(`${((Date.now() - start) / 1000).toFixed(3)}s # ${text}`);
    child.on("error", (e: NodeJS.ErrnoException) => {
      done();
      const reason = e.code === "ENOENT" ? `exec: "${args[0]}": executable file not found in $PATH` : e.message;
      reject(new RunError(args.join(" "), options.dir, null, reason, ""));
    });
    child.on("close", (status, signal) => {
      done();
      if (status === 0) return resolve(Buffer.concat(out));
      const reason = status !== null ? `exit status ${status}` : `signal: ${signal === "SIGKILL" ? "killed" : signal}`;
      reject(new RunError(args.join(" "), options.dir, status, reason, Buffer.concat(err).toString("utf8")));
    });
  });
}
