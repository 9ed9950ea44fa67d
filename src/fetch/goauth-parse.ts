// The texts GOAUTH reads (its command line is split by text/quoted.ts): a GOAUTH
// command's output (blocks of URL lines, a blank line, header lines, a blank line), and
// git credential fill's key=value lines. Errors are returned as go's words.

/** Request headers by lower-case name. */
export type Headers = Record<string, string>;

const tokenChars = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;
// eslint-disable-next-line no-control-regex
const badValue = /[\x00-\x08\x0a-\x1f\x7f]/;

function parseURL(line: string): string | null {
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(line) && !line.startsWith("/")) return null;
  try {
    return new URL(line).href.replace(/\/$/, line.endsWith("/") ? "/" : "");
  } catch {
    return null;
  }
}

/** parseAuthOutput reads a GOAUTH command's output: credentials by URL prefix, or go's error text. */
export function parseAuthOutput(data: string): Map<string, Headers> | string {
  const out = new Map<string, Headers>();
  let rest = data;
  const next = (): string | null => {
    const nl = rest.indexOf("\n");
    if (nl < 0) return null;
    const line = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    return line;
  };
  while (rest !== "") {
    const urls: string[] = [];
    for (;;) {
      const line = next();
      if (line === null) return "invalid format: missing empty line after URLs";
      if (line === "") break;
      const u = parseURL(line);
      if (u === null) return `could not parse URL ${line}`;
      urls.push(u);
    }
    const headers: Headers = {};
    for (;;) {
      const line = next();
      if (line === null) return "invalid format: missing empty line after headers";
      if (line === "") break;
      const colon = line.indexOf(": ");
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 2).trim();
      if (colon < 0 || !tokenChars.test(name) || badValue.test(value)) return "invalid format: invalid header line";
      const key = name.toLowerCase();
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    for (const u of urls) out.set(u.replace(/^https:\/\//, ""), { ...headers });
  }
  return out;
}

/** parseGitCredential reads git credential fill's answer: the URL prefix it is for, and the user name and password. */
export function parseGitCredential(data: string): { prefix: string; username: string; password: string } {
  let scheme = "";
  let host = "";
  let path = "";
  let url = "";
  let username = "";
  let password = "";
  for (const raw of data.split("\n")) {
    const line = raw.trim();
    const eq = line.indexOf("=");
    if (eq < 0) continue;
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    if (k === "protocol") scheme = v;
    else if (k === "host") host = v;
    else if (k === "path") path = v;
    else if (k === "username") username = v;
    else if (k === "password") password = v;
    else if (k === "url" && parseURL(v) !== null) url = v;
  }
  if (url) return { prefix: url, username, password };
  const p = path && host && !path.startsWith("/") ? "/" + path : path;
  const prefix = (scheme ? scheme + ":" : "") + (host ? "//" + host : "") + p;
  return { prefix, username, password };
}
