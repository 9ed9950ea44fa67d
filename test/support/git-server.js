// A git server on 127.0.0.1 for direct-mode tests: bare repositories built from a
// scenario's text ("repos" script plus "repo/<path>/<commit>/<file>" snapshots) with fixed
// dates, so the same commits (and hashes) come out every time; served by git http-backend
// behind an HTTP proxy that every host name is routed to (HTTP_PROXY): answers go-get=1
// with go-import tags, refuses CONNECT to port 443 (so https fails and GOINSECURE's
// http is used) unless the script says "https" (then TLS with the test CA,
// https-git-server.js), and never contacts anything else.

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { serveTLS } from "./https-git-server.js";

const quietGit = {
  GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "gotidy", GIT_AUTHOR_EMAIL: "gotidy@example.com",
  GIT_COMMITTER_NAME: "gotidy", GIT_COMMITTER_EMAIL: "gotidy@example.com",
};

function git(args, cwd, extra = {}) {
  const r = spawnSync("git", args, { cwd, env: { PATH: process.env.PATH, HOME: cwd, ...quietGit, ...extra }, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

/**
 * buildRepos creates the bare repositories a "repos" script describes, under root/<path>.
 * Script lines: "repo PATH", "commit NAME DATE" (tree: the files repo/PATH/NAME/...;
 * a file "NAME.symlink" becomes a link to its content), "tag TAG", "atag TAG" (annotated),
 * "branch NAME" (create and switch), "checkout NAME".
 * @param {string} root
 * @param {{ name: string, data: string }[]} files
 * "meta PREFIX TEXT" sets the go-import tag of PREFIX's pages; "pagestatus PREFIX STATUS"
 * answers PREFIX's go-get pages with that status (their go-import tags still in the body); "auth PREFIX USER:PASSWORD"
 * makes every request below PREFIX need those basic-auth credentials ("gitauth": only the
 * git requests, not the go-get pages; "pageauth": only the go-get pages). "https" serves TLS on port 443 with the test CA's
 * certificate (pages then name https URLs); "selfsigned HOST" gives HOST a self-signed one.
 * @returns {{ repos: string[], meta: Map<string, string>, pageStatus: Map<string, number>, auth: Map<string, { header: string, gitOnly: boolean, pageOnly: boolean }>, tls: { on: boolean, selfSigned: Set<string> } }}
 */
export function buildRepos(root, files) {
  const script = files.find((f) => f.name === "repos")?.data ?? "";
  const repos = [];
  const meta = new Map();
  const pageStatus = new Map();
  const auth = new Map();
  const tls = { on: false, selfSigned: new Set() };
  let work = null;
  let path = "";
  let date = "";
  const finish = () => {
    if (!work) return;
    const dest = join(root, path);
    mkdirSync(dirname(dest), { recursive: true });
    git(["clone", "-q", "--bare", work, dest], root);
    git(["config", "http.receivepack", "false"], dest);
    rmSync(work, { recursive: true, force: true });
    work = null;
  };
  for (const line of script.split("\n")) {
    const f = line.trim().split(/\s+/).filter(Boolean);
    if (f.length === 0 || f[0].startsWith("#")) continue;
    const at = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    switch (f[0]) {
      case "repo":
        finish();
        path = f[1];
        repos.push(path);
        work = mkdtempSync(join(tmpdir(), "gotidy-git-work-"));
        git(["init", "-q", "-b", f[2] ?? "main"], work);
        break;
      case "meta":
        meta.set(f[1], f.slice(2).join(" "));
        break;
      case "pagestatus":
        pageStatus.set(f[1], parseInt(f[2], 10));
        break;
      case "https":
        tls.on = true;
        break;
      case "selfsigned":
        tls.on = true;
        tls.selfSigned.add(f[1]);
        break;
      case "auth":
      case "gitauth":
      case "pageauth":
        auth.set(f[1], { header: "Basic " + Buffer.from(f[2]).toString("base64"), gitOnly: f[0] === "gitauth", pageOnly: f[0] === "pageauth" });
        break;
      case "commit": {
        date = f[2];
        for (const name of git(["ls-files"], work).split("\n").filter(Boolean)) rmSync(join(work, name), { force: true });
        const prefix = `repo/${path}/${f[1]}/`;
        for (const file of files.filter((x) => x.name.startsWith(prefix))) {
          const rel = file.name.slice(prefix.length);
          const target = join(work, rel.replace(/\.symlink$/, ""));
          mkdirSync(dirname(target), { recursive: true });
          if (rel.endsWith(".symlink")) spawnSync("ln", ["-s", file.data.trim(), target]);
          else writeFileSync(target, file.data);
        }
        git(["add", "-A"], work);
        git(["commit", "-q", "--allow-empty", "-m", f[1]], work, { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date });
        break;
      }
      case "tag":
        git(["tag", f[1]], work);
        break;
      case "atag":
        git(["tag", "-a", "-m", f[1], f[1]], work, at);
        break;
      case "branch":
        git(["checkout", "-q", "-b", f[1]], work);
        break;
      case "checkout":
        git(["checkout", "-q", f[1]], work);
        break;
      default:
        throw new Error(`repos: unknown line ${line}`);
    }
  }
  finish();
  return { repos, meta, pageStatus, auth, tls };
}

function metaPage(tags) {
  return `<!DOCTYPE html>\n<html><head>\n${tags.map((t) => `<meta name="go-import" content="${t}">\n`).join("")}</head><body>go get</body></html>\n`;
}

/**
 * startGitServer serves the repositories of a scenario. Every request arrives through
 * the proxy (an absolute URL); repositories answer at http://<path>, their go-get=1
 * pages name them as "<path> git http://<path>". "meta PREFIX TEXT" lines of the script
 * replace the page of PREFIX and the paths below it (TEXT "none": a page without tags).
 * "$PROXY" in a meta TEXT is replaced by options.proxyURL (a module proxy for "mod" tags).
 * @param {{ name: string, data: string }[]} files
 * @param {{ proxyURL?: string }} [options]
 * @returns {Promise<{ url: string, root: string, requests: string[], close(): Promise<void> }>}
 */
export async function startGitServer(files, options = {}) {
  const root = mkdtempSync(join(tmpdir(), "gotidy-git-server-"));
  const { repos, meta, pageStatus, auth, tls } = buildRepos(root, files);
  const requests = [];
  const repoFor = (p) => repos.filter((r) => p === r || p.startsWith(r + "/")).sort((a, b) => b.length - a.length)[0];
  const server = createServer((req, res) => {
    let u;
    try {
      u = new URL(req.url, `http://${req.headers.host ?? "unknown"}`);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const p = (u.host + u.pathname).replace(/\/$/, "");
    requests.push(`${req.method} ${u.host}${u.pathname}${u.search}`);
    const guarded = [...auth.keys()].find((k) => p === k || p.startsWith(k + "/"));
    const rule = guarded === undefined ? undefined : auth.get(guarded);
    const page = u.searchParams.get("go-get") === "1";
    if (rule && !(rule.gitOnly && page) && !(rule.pageOnly && !page) && req.headers.authorization !== rule.header) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": 'Basic realm="git"' }).end("unauthorized\n");
      return;
    }
    if (u.searchParams.get("go-get") === "1") {
      const longest = (keys) => [...keys].filter((k) => p === k || p.startsWith(k + "/")).sort((a, b) => b.length - a.length)[0];
      const statusKey = longest(pageStatus.keys());
      const status = statusKey === undefined ? 200 : pageStatus.get(statusKey);
      const custom = longest(meta.keys());
      if (custom !== undefined) {
        const text = meta.get(custom).split("$PROXY").join(options.proxyURL ?? "");
        res.writeHead(status, { "content-type": "text/html" }).end(metaPage(text === "none" ? [] : [text]));
        return;
      }
      const r = repoFor(p);
      if (!r) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
        return;
      }
      const scheme = req.socket.encrypted ? "https" : "http";
      res.writeHead(status, { "content-type": "text/html" }).end(metaPage([`${r} git ${scheme}://${r}`]));
      return;
    }
    const r = repoFor(p);
    if (!r) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    backend(root, u, req, res);
  });
  // A tunnel to port 443 is refused (there is no TLS here), so https fails and GOINSECURE
  // falls back to http; a tunnel to any other port (Node clients tunnel http too) is
  // answered by this same server.
  server.on("connect", (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    if (req.url.endsWith(":443") && tls.on) {
      serveTLS(server, socket, req.url.slice(0, -4), (host) => tls.selfSigned.has(host));
      return;
    }
    if (req.url.endsWith(":443")) {
      socket.end("HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection established\r\n\r\n", () => server.emit("connection", socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url, requests, root,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => {
        rmSync(root, { recursive: true, force: true });
        resolve();
      });
    }),
  };
}

/** backend runs git http-backend (CGI) for one request. */
function backend(root, u, req, res) {
  const env = {
    PATH: process.env.PATH, GIT_PROJECT_ROOT: root, GIT_HTTP_EXPORT_ALL: "1", GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null",
    PATH_INFO: "/" + u.host + decodeURIComponent(u.pathname), QUERY_STRING: u.search.replace(/^\?/, ""), REQUEST_METHOD: req.method,
    CONTENT_TYPE: req.headers["content-type"] ?? "", REMOTE_ADDR: "127.0.0.1", GIT_PROTOCOL: req.headers["git-protocol"] ?? "",
    HTTP_CONTENT_ENCODING: req.headers["content-encoding"] ?? "",
  };
  const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "ignore"] });
  req.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headerDone = false;
  child.stdout.on("data", (chunk) => {
    if (headerDone) return void res.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headerDone = true;
    let status = 200;
    const headers = {};
    for (const line of head.subarray(0, end).toString("latin1").split("\r\n")) {
      const i = line.indexOf(":");
      const k = line.slice(0, i).trim();
      const v = line.slice(i + 1).trim();
      if (k.toLowerCase() === "status") status = parseInt(v, 10);
      else headers[k] = v;
    }
    res.writeHead(status, headers);
    res.write(head.subarray(end + 4));
  });
  child.on("close", () => res.end());
}
