// The environment of a direct-mode scenario, the same for the go command (recorded)
// and gotidy-ts (replayed): every host reached through the test git server's proxy,
// http allowed for every path (GOINSECURE), https trusting the test CA alone, no checksum database (a scenario's env may set GOSUMDB=$SUMDB, its own), no user or system git
// configuration, and the scenario's own "env" lines (KEY=VALUE) on top.

import { join } from "node:path";
import { testCAFile } from "./https-git-server.js";

/**
 * @param {string} work the scenario's scratch directory
 * @param {string} serverURL the test git server (its proxy)
 * @param {string} envText the scenario's env file
 * @param {string} [proxyURL] the fake module proxy, replacing $PROXY in env values
 * @param {string} [gitRoot] the server's repository directory, replacing $GITROOT ($WORK is the scratch directory)
 * @param {string} [sumdb] the scenario's checksum database as GOSUMDB names it ("key url"), replacing $SUMDB
 */
export function directEnv(work, serverURL, envText, proxyURL = "", gitRoot = "", sumdb = "") {
  const env = {
    PATH: process.env.PATH, HOME: join(work, "home"), GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw",
    GOSUMDB: "off", GOPROXY: "direct", GOPRIVATE: "", GONOPROXY: "", GONOSUMDB: "", GOINSECURE: "*", GOWORK: "off",
    GOMODCACHE: join(work, "modcache"), GOPATH: join(work, "gopath"),
    HTTP_PROXY: serverURL, HTTPS_PROXY: serverURL, http_proxy: serverURL, https_proxy: serverURL, NO_PROXY: "127.0.0.1", no_proxy: "127.0.0.1",
    GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null", GIT_TERMINAL_PROMPT: "0",
    // https is verified against the test CA only (the server's "https" mode).
    SSL_CERT_FILE: testCAFile, GIT_SSL_CAINFO: testCAFile,
  };
  for (const line of envText.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) env[line.slice(0, i).trim()] = line.slice(i + 1).trim().split("$PROXY").join(proxyURL).split("$GITROOT").join(gitRoot).split("$WORK").join(work).split("$SUMDB").join(sumdb);
  }
  return env;
}
