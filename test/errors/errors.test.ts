// The error model: each kind of error is one class that carries its typed fields and
// what it wraps as its standard cause; the chain walkers, GOPROXY fallback and the CLI's
// --json classes and hints follow those types, never the message text.

import { describe, expect, it } from "vitest";
import { errorChain, findError } from "../../src/errors/chain.js";
import {
  ChecksumError, DirectUnsupportedError, FetchError, fetchHint, findFetchError, HTTPError, isNotExist, isOffline,
  NotExistError, OfflineError, offlineError, ProxyLookupError, TransportError, ZipError,
} from "../../src/fetch/errors.js";
import { httpStatusError, transportError } from "../../src/fetch/http.js";
import { ProxyEntry, tryProxies } from "../../src/fetch/proxy-list.js";
import { Verifier } from "../../src/fetch/verify.js";
import { GoSum } from "../../src/modfile/gosum.js";
import { DirectiveProblem, GoModError, GoModErrorList } from "../../src/modfile/errors.js";
import { parseGoModFile } from "../../src/modfile/rules.js";
import { InvalidVersionError, ModuleError, versionError } from "../../src/module/errors.js";
import { BuildListError } from "../../src/mvs/mvs.js";
import { ImportMissingError } from "../../src/load/importer.js";
import { TooNewError } from "../../src/load/summary.js";
import { TidyErrors } from "../../src/tidy/tidy.js";
import { classify, goMessage, isFetchFailure } from "../../src/cli/report.js";

const url = "https://user:s3cret@proxy.example.com/example.com/a/@v/v1.0.0.info";
const shown = "https://xxxxx:xxxxx@proxy.example.com/example.com/a/@v/v1.0.0.info";

describe("the chain of wrapped errors", () => {
  it("walks causes and the lists of multi-errors, depth first, each error once", () => {
    const leaf = new Error("leaf");
    const mid = new Error("mid", { cause: leaf });
    const other = new Error("other");
    const list = new AggregateError([mid, other, leaf], "list");
    const top = new Error("top", { cause: list });
    expect([...errorChain(top)].map((e) => (e as Error).message)).toEqual(["top", "list", "mid", "leaf", "other"]);
  });

  it("stops at a cycle and finds by class and condition", () => {
    const a = new Error("a");
    const b = new ModuleError("example.com/b", "v1.0.0", a);
    (a as { cause?: unknown }).cause = b; // a cycle
    expect([...errorChain(b)]).toHaveLength(2);
    expect(findError(a, ModuleError)).toBe(b);
    expect(findError(a, ModuleError, (m) => m.path === "example.com/c")).toBeNull();
  });
});

describe("each error kind carries its fields and cause", () => {
  it("HTTPError: status, redacted URL, class and hint from the status", () => {
    const e = httpStatusError(url, 404, "text/plain", Buffer.from("no such module\n"));
    expect(e).toBeInstanceOf(HTTPError);
    expect(e.status).toBe(404);
    expect(e.url).toBe(shown);
    expect(e.message).toBe(`reading ${shown}: 404 Not Found\n\tserver response: no such module`);
    expect(e.errorClass).toBe("not-found");
    expect(e.isNotExist()).toBe(true);
    expect(httpStatusError(url, 410, undefined, Buffer.alloc(0)).isNotExist()).toBe(true);
    const auth = httpStatusError(url, 403, undefined, Buffer.alloc(0));
    expect([auth.errorClass, auth.isNotExist()]).toEqual(["auth", false]);
    expect(auth.hint).toMatch(/\.netrc \(machine proxy\.example\.com/);
    const server = httpStatusError(url, 503, undefined, Buffer.alloc(0));
    expect([server.errorClass, server.isNotExist()]).toEqual(["server", false]);
    expect(`${server.message}\n${server.hint}`).not.toContain("s3cret");
  });

  it("TransportError: the code, the class it gives, the redacted URL and the original error as cause", () => {
    const raw = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const e = transportError("http://u:pw@127.0.0.1:1/x", raw);
    expect(e).toBeInstanceOf(TransportError);
    expect([e.code, e.errorClass, e.url]).toEqual(["ECONNREFUSED", "refused", "http://xxxxx:xxxxx@127.0.0.1:1/x"]);
    expect(e.reason).toBe("dial tcp 127.0.0.1:1: connect: connection refused");
    expect(e.message).toBe(`Get "http://xxxxx:xxxxx@127.0.0.1:1/x": dial tcp 127.0.0.1:1: connect: connection refused`);
    expect(e.cause).toBe(raw);
    const dns = transportError("https://nowhere.invalid/x", Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }));
    expect([dns.errorClass, dns.isNotExist()]).toEqual(["dns", false]);
  });

  it("OfflineError: about a module, as a ModuleError's cause; never not-exist", () => {
    const e = offlineError("example.com/a", "v1.2.0", "go.mod not in the module cache");
    expect(e).toBeInstanceOf(ModuleError);
    expect(e.message).toBe("example.com/a@v1.2.0: offline: go.mod not in the module cache");
    const cause = e.cause as OfflineError;
    expect(cause).toBeInstanceOf(OfflineError);
    expect([cause.module, cause.version, cause.errorClass]).toEqual(["example.com/a", "v1.2.0", "offline"]);
    expect(fetchHint(e)).toMatch(/go mod download example.com\/a@v1.2.0/);
    expect(isOffline(e)).toBe(true);
    expect(isNotExist(e)).toBe(false);
    expect(offlineError("example.com/a", "", "listing versions needs the network").message).toBe("module example.com/a: offline: listing versions needs the network");
  });

  it("ChecksumError: one class for every checksum failure, with its problem, module and version", async () => {
    const goSum = new GoSum();
    goSum.add("example.com/a", "v1.0.0/go.mod", "h1:recorded=");
    const mismatch = await new Verifier(goSum, { GOSUMDB: "off", GONOSUMDB: "" }).check("example.com/a", "v1.0.0/go.mod", "h1:other=").catch((e) => e);
    expect(mismatch).toBeInstanceOf(ChecksumError);
    expect([mismatch.problem, mismatch.module, mismatch.version, mismatch.errorClass]).toEqual(["go.sum", "example.com/a", "v1.0.0/go.mod", "checksum"]);
    expect(mismatch.message).toMatch(/^verifying example.com\/a@v1.0.0\/go.mod: checksum mismatch\n\tdownloaded: h1:other=\n\tgo.sum:     h1:recorded=\n\nSECURITY ERROR\n/);

    const unavailable = await new Verifier(null, { GOSUMDB: "sum.golang.org", GONOSUMDB: "", sumdb: null }).check("example.com/b", "v1.0.0", "h1:x=").catch((e) => e);
    expect(unavailable).toBeInstanceOf(ModuleError);
    expect(unavailable.message).toBe("example.com/b@v1.0.0: verifying module: checksum database sum.golang.org unavailable");
    const c = findFetchError(unavailable) as ChecksumError;
    expect([c.constructor, c.problem, c.errorClass]).toEqual([ChecksumError, "unavailable", "checksum"]);
    expect(fetchHint(unavailable)).toMatch(/GONOSUMDB/);
  });

  it("ChecksumError of a failed lookup: the class and hint of the failure, which it hides from not-exist as go's %v does", async () => {
    const failing = { name: "sum.example.com", lookup: () => Promise.reject(httpStatusError("https://sum.example.com/lookup/x", 404, undefined, Buffer.alloc(0))) };
    const err = await new Verifier(null, { GOSUMDB: "sum.example.com", GONOSUMDB: "", sumdb: failing }).check("example.com/c", "v1.0.0", "h1:x=").catch((e) => e);
    expect(err.message).toBe("example.com/c@v1.0.0: verifying module: reading https://sum.example.com/lookup/x: 404 Not Found");
    const c = findFetchError(err) as ChecksumError;
    expect(c).toBeInstanceOf(ChecksumError);
    expect([c.problem, c.errorClass]).toEqual(["lookup", "not-found"]);
    expect(c.cause).toBeInstanceOf(HTTPError);
    expect(isNotExist(err)).toBe(false);
    expect(isNotExist(c.cause)).toBe(true);
  });

  it("ModuleError, InvalidVersionError and go's VersionError rule", () => {
    const notFound = new NotExistError("no commits");
    const iv = new InvalidVersionError("master", notFound);
    expect([iv.version, iv.reason, iv.cause]).toEqual(["master", "no commits", notFound]);
    const m = new ModuleError("example.com/a", "", iv);
    expect(m.message).toBe("example.com/a@master: invalid version: no commits");
    expect([m.cause, m.shownVersion]).toEqual([iv, "master"]);
    expect(isNotExist(m)).toBe(true);
    const about = new ModuleError("example.com/a", "v1.0.0", new Error("x"));
    expect(versionError("example.com/a", "v1.0.0", about)).toBe(about);
    expect(versionError("example.com/a", "v1.0.0", new ZipError("bad", { cause: about }))).toBeInstanceOf(ZipError);
    expect(versionError("example.com/b", "v1.0.0", about).message).toBe("example.com/b@v1.0.0: example.com/a@v1.0.0: x");
  });

  it("ProxyLookupError: the same ModuleError, naming the proxies asked, for the hint", () => {
    const from = new ModuleError("example.com/a", "v1.0.0", httpStatusError(url, 404, undefined, Buffer.alloc(0)));
    const e = new ProxyLookupError(from, ["https://one.example", "https://two.example"]);
    expect(e).toBeInstanceOf(ModuleError);
    expect(e.message).toBe(from.message);
    expect(e.cause).toBe(from.cause);
    expect(e.proxies).toEqual(["https://one.example", "https://two.example"]);
    expect(fetchHint(e)).toMatch(/^not found on any of the proxies in GOPROXY \(https:\/\/one.example, https:\/\/two.example\)/);
  });

  it("the loader's and tidy's errors keep what they wrap as cause or list", () => {
    const q = new ModuleError("example.com/a", "", new NotExistError("no commits"));
    const missing = new ImportMissingError("example.com/a/p", false, q);
    expect(missing.cause).toBe(q);
    expect(missing.message).toBe("cannot find module providing package example.com/a/p: module example.com/a: no commits");
    expect(new ImportMissingError("example.com/a/p", false).cause).toBeUndefined();
    const tooNew = new TooNewError("module example.com/a@v1.0.0", "9.9");
    const bl = new BuildListError(tooNew, [{ path: "example.com/main", version: "" }, { path: "example.com/a", version: "v1.0.0" }]);
    expect(bl.cause).toBe(tooNew);
    const t = new TidyErrors(["go: one", "go: two"], [missing, bl]);
    expect(t).toBeInstanceOf(AggregateError);
    expect(t.errors).toEqual([missing, bl]);
    expect(t.message).toBe("go: one\ngo: two");
    expect(findError(t, TooNewError)).toBe(tooNew);
  });

  it("go.mod: every directive problem is a DirectiveProblem, reported as a GoModError in a GoModErrorList", () => {
    let err: unknown;
    try {
      parseGoModFile("go.mod", "module example.com/m\n\ngo 1.21\ngo 1.22\nrequire example.com/a\nfrobnicate x\n");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GoModErrorList);
    const list = err as GoModErrorList;
    expect(list).toBeInstanceOf(AggregateError);
    expect(list.errors.every((e) => e instanceof GoModError)).toBe(true);
    expect(list.errors.map((e) => e.message)).toEqual([
      "go.mod:4: repeated go statement",
      "go.mod:5: usage: require module/path v1.2.3",
      "go.mod:6: unknown directive: frobnicate",
    ]);
    expect(new DirectiveProblem("bad", "require", "example.com/a")).toMatchObject({ reason: "bad", verb: "require", modPath: "example.com/a" });
  });
});

describe("GOPROXY fallback follows the error's kind", () => {
  const entries = (goproxy: string): ProxyEntry[] =>
    goproxy.split(/(?<=[,|])/).map((s) => ({ kind: "url", url: s.replace(/[,|]$/, ""), fallBackOnError: s.endsWith("|") }));

  async function asked(goproxy: string, first: Error): Promise<{ asked: string[]; error: unknown }> {
    const seen: string[] = [];
    const error = await tryProxies(entries(goproxy), "example.com/a", { GOPROXY: goproxy, GONOPROXY: "" }, async (u) => {
      seen.push(u);
      throw u === "https://a" ? first : new ModuleError("example.com/a", "v1.0.0", httpStatusError(`${u}/x`, 404, undefined, Buffer.alloc(0)));
    }).catch((e) => e);
    return { asked: seen, error };
  }

  it("a \",\" list falls through on not-exist only, seen through ModuleError and InvalidVersionError", async () => {
    const notExist = new ModuleError("example.com/a", "", new InvalidVersionError("master", httpStatusError("https://a/x", 410, undefined, Buffer.alloc(0))));
    expect((await asked("https://a,https://b", notExist)).asked).toEqual(["https://a", "https://b"]);
    const server = new ModuleError("example.com/a", "v1.0.0", httpStatusError("https://a/x", 500, undefined, Buffer.alloc(0)));
    const r = await asked("https://a,https://b", server);
    expect(r.asked).toEqual(["https://a"]);
    expect(r.error).toBe(server);
  });

  it("the kind decides, and the class cannot say otherwise", async () => {
    expect(() => new FetchError("looks like not found", "not-found")).toThrow(/is a NotExistError/);
    expect(() => new FetchError("looks disabled", "disabled")).toThrow(/is a NotExistError/);
    const invalid = new FetchError("invalid response from proxy", "invalid");
    expect(isNotExist(invalid)).toBe(false);
    expect((await asked("https://a,https://b", invalid)).asked).toEqual(["https://a"]);
    expect(isNotExist(new NotExistError("disabled by GOPRIVATE/GONOPROXY", "disabled"))).toBe(true);
    expect(isNotExist(new ZipError("unzip x: bad", { cause: new NotExistError("gone") }))).toBe(false);
  });

  it("a \"|\" list falls through on any error, and the best error is reported", async () => {
    const server = new ModuleError("example.com/a", "v1.0.0", httpStatusError("https://a/x", 502, undefined, Buffer.alloc(0)));
    const r = await asked("https://a|https://b", server);
    expect(r.asked).toEqual(["https://a", "https://b"]);
    expect(r.error).toBe(server); // a proxy error ranks above a later not-exist
  });
});

describe("the CLI's classes, hints and messages follow the types", () => {
  const gomod = (cause?: Error) => new GoModErrorList([new GoModError("go.mod", { line: 3, column: 1, offset: 0 }, cause ? cause.message : "bad", "", "", cause)]);

  it("classifies by class and typed fields", () => {
    const cases: [unknown, string][] = [
      [gomod(), "parse"],
      [gomod(offlineError("example.com/a", "master", "resolving a version query needs the network")), "offline"],
      [new ChecksumError("go.sum", "verifying example.com/a@v1.0.0: checksum mismatch", "example.com/a", "v1.0.0"), "checksum"],
      [new TidyErrors(["go: x"], [new ImportMissingError("example.com/p", false)]), "package"],
      [new TidyErrors(["go: x"], [new ImportMissingError("example.com/p", false, new ModuleError("example.com/p", "", new NotExistError("no commits")))]), "not-found"],
      [new BuildListError(new TooNewError("module example.com/a@v1.0.0", "9.9"), [{ path: "example.com/a", version: "v1.0.0" }]), "toolchain"],
      [new BuildListError(new Error("parsing go.mod: bad"), [{ path: "example.com/a", version: "v1.0.0" }]), "graph"],
      [new ModuleError("example.com/a", "v1.0.0", transportError("https://p/x", Object.assign(new Error("t"), { code: "ETIMEDOUT" }))), "timeout"],
      [new ModuleError("example.com/a", "v1.0.0", new DirectUnsupportedError("example.com/a", "use a proxy")), "direct-unsupported"],
      [new TypeError("x is undefined"), "internal"],
    ];
    for (const [e, cls] of cases) expect(classify(e, "m").class, String(e)).toBe(cls);
  });

  it("takes the hint from the error's chain, else the class's", () => {
    const lookup = new ProxyLookupError(new ModuleError("example.com/a", "v1.0.0", httpStatusError("https://p/x", 404, undefined, Buffer.alloc(0))), ["https://p"]);
    expect(classify(lookup, "m").hint).toMatch(/^not found on the proxy in GOPROXY \(https:\/\/p\)/);
    expect(classify(new ModuleError("example.com/a", "v1.0.0", new DirectUnsupportedError("example.com/a", "use a proxy")), "m").hint).toBe("use a proxy");
    expect(classify(gomod(), "m").hint).toMatch(/fix go\.mod/);
    expect(classify(new TypeError("x"), "m").hint).toMatch(/bug in gotidy-ts/);
  });

  it("prints go's words: a go.sum mismatch as it is, other fetch failures after \"go: \"", () => {
    const mismatch = new ChecksumError("go.sum", "verifying example.com/a@v1.0.0: checksum mismatch\n", "example.com/a", "v1.0.0");
    expect(goMessage(mismatch, "/m", "/m")).toBe("verifying example.com/a@v1.0.0: checksum mismatch");
    const sumdb = new ModuleError("example.com/a", "v1.0.0", new ChecksumError("sumdb", "verifying module: checksum mismatch", "example.com/a", "v1.0.0"));
    expect(goMessage(sumdb, "/m", "/m")).toBe("go: example.com/a@v1.0.0: verifying module: checksum mismatch");
    expect(isFetchFailure(sumdb)).toBe(true);
    expect(isFetchFailure(new ModuleError("example.com/a", "v1.0.0", new Error("parsing go.mod: bad")))).toBe(false);
    expect(isFetchFailure(new TidyErrors(["go: x"], [sumdb]))).toBe(false);
    expect(goMessage(new TypeError("x"), "/m", "/m")).toBeNull();
  });
});
