// GOAUTH (Go 1.24+): where the go command's own https requests (module proxies, go-get
// pages) find credentials. A ';'-separated list of "netrc" (the default: ~/.netrc or
// $NETRC), "git DIR" (git credential fill, run in DIR, for a URL that was refused),
// "off", or any other command whose output lists URL prefixes and the headers to send
// for them (git's credentials are checked with a HEAD request and then approved or
// rejected through git credential, as go does). The entries are applied last to first, so the first that has credentials for
// a prefix wins. Every entry runs once before the first request (git only after a
// refusal, since it needs a URL), and again with the URL after a 4xx answer. Credentials
// are kept by URL prefix (host[/path], without https://); a URL gets the headers of its
// longest stored prefix. None of it is ever printed.

import { spawn } from "node:child_process";
import { isAbsolute } from "node:path";
import { statSync } from "node:fs";
import { FetchError } from "./errors.js";
import { loadNetrc, longestPrefixValue } from "./netrc.js";
import { parseAuthOutput, parseGitCredential, type Headers } from "./goauth-parse.js";
import { splitQuoted } from "../text/quoted.js";

export type { Headers };

/** The response a refused request got: its status line and headers, for a GOAUTH command's standard input. */
export interface RefusedResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface GoAuthOptions {
  /** The GOAUTH setting. */
  goauth: string;
  /** The .netrc file (the NETRC setting). */
  netrc: string;
  /** The environment the commands (git, the user's) run with. */
  env: NodeJS.ProcessEnv;
  /** -x lines: "GOAUTH encountered errors for URL:" when no entry had credentials. */
  trace?: (line: string) => void;
  /**
   * Sends a HEAD request with the headers and returns its status (throws when it cannot be
   * sent): how the credentials git credential fill gave are checked before git is told to
   * approve or reject them. Without it, git is told neither.
   */
  check?: (url: string, headers: Headers) => Promise<number>;
}

const trimPrefix = (p: string) => p.replace(/^https:\/\//, "").replace(/\/$/, "");

/** GoAuth holds the credentials GOAUTH gives, by URL prefix. */
export class GoAuth {
  private readonly store = new Map<string, Headers>();
  private first?: Promise<void>;

  constructor(private readonly o: GoAuthOptions) {}

  /** initial returns the headers for an https URL's first request (null: none). */
  async initial(url: string): Promise<Headers | null> {
    if (this.o.goauth.trim() === "off") return null;
    await (this.first ??= this.runAll("", undefined));
    return this.load(url);
  }

  /** retry runs every entry again for a refused URL and returns the headers to send again with. */
  async retry(url: string, res: RefusedResponse): Promise<Headers | null> {
    if (this.o.goauth.trim() === "off") return null;
    await (this.first ??= this.runAll("", undefined));
    await this.runAll(url, res);
    return this.load(url);
  }

  private load(url: string): Headers | null {
    return longestPrefixValue(this.store, trimPrefix(url));
  }

  private save(prefix: string, headers: Headers): void {
    const p = trimPrefix(prefix);
    if (Object.keys(headers).length === 0) this.store.delete(p);
    else this.store.set(p, headers);
  }

  private async runAll(url: string, res: RefusedResponse | undefined): Promise<void> {
    const goauth = this.o.goauth;
    const entries = goauth.split(";").reverse();
    const errors: string[] = [];
    for (const raw of entries) {
      const command = raw.trim();
      const words = command.split(/\s+/).filter(Boolean);
      if (words.length === 0) throw new FetchError(`GOAUTH encountered an empty command (GOAUTH=${goauth})`, "invalid");
      try {
        await this.runEntry(command, words, url, res, entries.length);
      } catch (err) {
        if (err instanceof FetchError) throw err;
        errors.push(`GOAUTH=${command}: ${(err as Error).message}`);
      }
    }
    if (url && errors.length > 0 && !this.load(url)) {
      this.o.trace?.(`GOAUTH encountered errors for ${url}:`);
      for (const e of errors) this.o.trace?.(`  ${e}`);
    }
  }

  private async runEntry(command: string, words: string[], url: string, res: RefusedResponse | undefined, count: number): Promise<void> {
    switch (words[0]) {
      case "off":
        if (count !== 1) throw new FetchError(`GOAUTH=off cannot be combined with other authentication commands (GOAUTH=${this.o.goauth})`, "invalid");
        return;
      case "netrc":
        for (const e of loadNetrc(this.o.netrc).reverse()) {
          this.save(e.machine, { authorization: "Basic " + Buffer.from(`${e.login}:${e.password}`).toString("base64") });
        }
        return;
      case "git": {
        const dir = gitDir(words);
        if (!url) return; // git credential fill needs a URL: it runs after a refusal
        const { prefix, headers, answer } = await gitCredential(dir, url, this.o.env);
        await this.approveOrReject(prefix, headers, answer);
        this.save(prefix, headers);
        return;
      }
      default: {
        const out = await runCommand(command, url, res, this.o.env);
        for (const [prefix, headers] of out) this.save(prefix, headers);
      }
    }
  }

  /**
   * approveOrReject checks credentials from git credential fill with a HEAD request of
   * their URL prefix, as the go command does (up to three tries: a request that fails, or
   * an answer other than 200 and 401, is tried again), and hands fill's answer to git
   * credential approve (200) or reject (401) so that git's helpers keep or forget them.
   * The go command does this in the background and may exit before it is done; here the
   * retried request waits for it (createFetcher gives each HEAD request 5 seconds). git runs in this process's directory, as go runs it in
   * its own. Failures are ignored.
   */
  private async approveOrReject(prefix: string, headers: Headers, answer: string): Promise<void> {
    const check = this.o.check;
    if (!check) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      let status: number;
      try {
        status = await check(prefix, headers);
      } catch {
        continue;
      }
      if (status === 200 || status === 401) {
        await exec(["git", "credential", status === 200 ? "approve" : "reject"], answer, this.o.env);
        return;
      }
    }
  }
}

/** gitDir checks a "git DIR" entry as the go command does, with its fatal errors. */
function gitDir(words: string[]): string {
  const need = "GOAUTH=git dir method requires an absolute path to the git working directory";
  if (words.length !== 2) throw new FetchError(need, "invalid");
  const dir = words[1];
  if (!isAbsolute(dir)) throw new FetchError(`${need}, dir is not absolute`, "invalid");
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    const why: Record<string, string> = { ENOENT: "no such file or directory", ENOTDIR: "not a directory", EACCES: "permission denied" };
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw new FetchError(`GOAUTH=git encountered an error; cannot stat ${dir}: stat ${dir}: ${why[code] ?? (err as Error).message}`, "invalid");
  }
  if (!isDir) throw new FetchError(`${need}, dir is not a directory`, "invalid");
  return dir;
}

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: string;
}

function exec(args: string[], input: string, env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(args[0], args.slice(1), { cwd, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("error", (e: NodeJS.ErrnoException) => {
      const error = e.code === "ENOENT" ? `exec: "${args[0]}": executable file not found in $PATH` : e.message;
      resolve({ status: null, stdout, stderr, error });
    });
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

const failure = (r: Ran) => r.error ?? `exit status ${r.status}`;

/** gitCredential asks git credential fill (in dir) for url's credentials. */
async function gitCredential(dir: string, url: string, env: NodeJS.ProcessEnv): Promise<{ prefix: string; headers: Headers; answer: string }> {
  const r = await exec(["git", "credential", "fill"], `url=${url}\n`, { ...env, GIT_TERMINAL_PROMPT: env.GIT_TERMINAL_PROMPT ?? "0" }, dir);
  if (r.status !== 0) throw new Error(`'git credential fill' failed (url=${url}): ${failure(r)}\n${r.stdout}${r.stderr}`);
  const { prefix, username, password } = parseGitCredential(r.stdout);
  if (!prefix) throw new Error(`'git credential fill' failed for url=${url}, could not parse url\n`);
  if (!url.startsWith(prefix)) throw new Error(`requested a credential for ${url}, but 'git credential fill' provided one for ${prefix}\n`);
  // The answer as git printed it (its output and error lines), for git credential approve or reject.
  return { prefix, headers: { authorization: "Basic " + Buffer.from(`${username}:${password}`).toString("base64") }, answer: r.stdout + r.stderr };
}

/** responseHead is a refused response as a GOAUTH command reads it on standard input. */
function responseHead(res: RefusedResponse): string {
  let out = `HTTP/1.1 ${res.status} ${res.statusText}\n`;
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined) continue;
    const name = k.replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase());
    out += `${name}: ${Array.isArray(v) ? v.join(", ") : v}\n`;
  }
  return out + "\n";
}

/** runCommand runs a GOAUTH command (with the URL as its last argument after a refusal) and reads its credentials. */
async function runCommand(command: string, url: string, res: RefusedResponse | undefined, env: NodeJS.ProcessEnv): Promise<Map<string, Headers>> {
  let words: string[];
  try {
    words = splitQuoted(command);
  } catch (e) {
    throw new Error(`cannot parse GOAUTH command ${command}: ${(e as Error).message}`);
  }
  const r = await exec(url ? [...words, url] : words, res ? responseHead(res) : "", env);
  if (r.status !== 0) throw new Error(`could not run command ${command}: ${failure(r)}\n${r.stderr}`);
  const parsed = parseAuthOutput(r.stdout);
  if (typeof parsed === "string") throw new Error(`cannot parse output of GOAUTH command ${command}: ${parsed}`);
  return parsed;
}
