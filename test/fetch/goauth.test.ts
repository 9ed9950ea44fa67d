// GOAUTH as the go command reads it: the command line, a command's output, git
// credential fill's answer, the order of several entries, and the retry after a refusal
// (the command then gets the URL and the response on standard input).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GoAuth } from "../../src/fetch/goauth.js";
import { parseAuthOutput, parseGitCredential } from "../../src/fetch/goauth-parse.js";
import { splitQuoted } from "../../src/text/quoted.js";

const root = mkdtempSync(join(tmpdir(), "gotidy-goauth-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const env = { PATH: process.env.PATH };
const basic = (s: string) => "Basic " + Buffer.from(s).toString("base64");

describe("GOAUTH texts", () => {
  it("splits a command line with quotes and no escapes", () => {
    expect(splitQuoted(` a 'b c' "d'e" f`)).toEqual(["a", "b c", "d'e", "f"]);
    expect(() => splitQuoted(`a 'b`)).toThrow("unterminated ' string");
  });

  it("reads a command's output by URL prefix", () => {
    const out = parseAuthOutput("https://a.example/x\nhttps://b.example\n\nAuthorization: Bearer t\nX-Other:  y \n\n");
    expect(out).toEqual(new Map([["a.example/x", { authorization: "Bearer t", "x-other": "y" }], ["b.example", { authorization: "Bearer t", "x-other": "y" }]]));
    expect(parseAuthOutput("https://a.example\n")).toBe("invalid format: missing empty line after URLs");
    expect(parseAuthOutput("https://a.example\n\nAuthorization: x\n")).toBe("invalid format: missing empty line after headers");
    expect(parseAuthOutput("https://a.example\n\nbad header\n\n")).toBe("invalid format: invalid header line");
    expect(parseAuthOutput("not a url\n\n\n")).toBe("could not parse URL not a url");
  });

  it("reads git credential fill's answer", () => {
    expect(parseGitCredential("protocol=https\nhost=git.example\nusername=u\npassword=p\n")).toEqual({ prefix: "https://git.example", username: "u", password: "p" });
    expect(parseGitCredential("protocol=https\nhost=git.example\npath=team/r\nusername=u\npassword=p\n").prefix).toBe("https://git.example/team/r");
  });
});

describe("GoAuth", () => {
  it("lets the first entry win and picks the longest prefix", async () => {
    const netrc = join(root, "netrc");
    writeFileSync(netrc, "machine h.example login n password p\n");
    const cmd = join(root, "cmd.sh");
    writeFileSync(cmd, "printf 'https://h.example\\nhttps://h.example/deep\\n\\nAuthorization: Bearer c\\n\\n'\n");
    const a = new GoAuth({ goauth: `netrc; sh ${cmd}`, netrc, env });
    expect(await a.initial("https://h.example/x")).toEqual({ authorization: basic("n:p") });
    expect(await a.initial("https://h.example/deep/x?go-get=1")).toEqual({ authorization: "Bearer c" });
    expect(await a.initial("https://other.example/")).toBeNull();
    const b = new GoAuth({ goauth: `sh ${cmd};netrc`, netrc, env });
    expect(await b.initial("https://h.example/x")).toEqual({ authorization: "Bearer c" });
  });

  it("runs a command again with the URL and the refused response after a refusal", async () => {
    const log = join(root, "log");
    const cmd = join(root, "retry.sh");
    writeFileSync(cmd, `echo "args:$*" >> ${log}; cat >> ${log}; [ -n "$1" ] && printf 'https://r.example\\n\\nAuthorization: Bearer late\\n\\n'; exit 0\n`);
    const a = new GoAuth({ goauth: `sh ${cmd}`, netrc: "", env });
    expect(await a.initial("https://r.example/m")).toBeNull();
    const again = await a.retry("https://r.example/m", { status: 401, statusText: "Unauthorized", headers: { "www-authenticate": "Basic" } });
    expect(again).toEqual({ authorization: "Bearer late" });
    expect(readFileSync(log, "utf8")).toBe("args:\nargs:https://r.example/m\nHTTP/1.1 401 Unauthorized\nWww-Authenticate: Basic\n\n");
  });

  it("is off with GOAUTH=off, and refuses off with others and empty entries as go does", async () => {
    expect(await new GoAuth({ goauth: "off", netrc: "", env }).initial("https://x.example")).toBeNull();
    await expect(new GoAuth({ goauth: "off;netrc", netrc: "", env }).initial("https://x.example"))
      .rejects.toThrow("GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)");
    await expect(new GoAuth({ goauth: "netrc;", netrc: "", env }).initial("https://x.example"))
      .rejects.toThrow("GOAUTH encountered an empty command (GOAUTH=netrc;)");
    await expect(new GoAuth({ goauth: "git rel/dir", netrc: "", env }).initial("https://x.example"))
      .rejects.toThrow("GOAUTH=git dir method requires an absolute path to the git working directory, dir is not absolute");
  });
});
