// Finding the repository of a module path (cmd/go's vcs.RepoRootForImportPath): the
// static rules for well-known hosts and for paths naming their VCS (host/repo.git/dir),
// else the go-import <meta> tag of https://<path>?go-get=1 (http too where GOINSECURE
// matches), checked again at the prefix the tag names when that is shorter. Every
// failure is worded as the go command words it.

import { FetchError, NotExistError } from "../errors.js";
import { checkGOVCS } from "./govcs.js";
import { matchMetaImport, MetaImport, parseMetaImports } from "./meta.js";

/** RepoRoot is where the code of an import path lives. */
export interface RepoRoot {
  /** The repository URL, with its scheme (for "mod", a module proxy's base URL). */
  repo: string;
  /** The import path of the repository root. */
  root: string;
  /** The module's directory in the repository, from a go-import tag's fourth field. */
  subDir: string;
  /** "git", "hg", "svn", "bzr", "fossil", or "mod". */
  vcs: string;
}

/** A go-get=1 page as fetched: where from, its body, and the status error of a non-200 answer. */
export interface Page {
  url: string;
  body: Buffer;
  failure?: Error;
}

export interface DiscoverDeps {
  /**
   * get fetches a page whatever its status: a non-200 answer comes with its failure (the
   * go command's "reading URL: 404 Not Found"), which counts only when the page holds no
   * go-import tag, as in the go command.
   */
  get(url: string): Promise<Page>;
  /** Whether the path matches GOINSECURE (http allowed after a failed https request). */
  insecure: boolean;
  GOVCS: string;
  GOPRIVATE: string;
  /** ping reports whether a repository answers at scheme://repo (git ls-remote). */
  ping(vcs: string, scheme: string, repo: string): Promise<boolean>;
}

interface StaticRule {
  prefix: string;
  re: RegExp;
  vcs?: string;
  repo?: (m: Record<string, string>) => string;
  checkSuffix?: boolean;
}

const vcsNames = ["hg", "git", "svn", "bzr", "fossil"];
const schemes: Record<string, string[]> = {
  git: ["git", "https", "http", "git+ssh", "ssh"], hg: ["https", "http", "ssh"], svn: ["https", "http", "svn", "svn+ssh"],
  bzr: ["https", "http", "bzr", "bzr+ssh"], fossil: ["https", "http"],
};
const secureSchemes = new Set(["https", "git+ssh", "ssh", "svn+ssh", "bzr+ssh"]);

const staticRules: StaticRule[] = [
  { prefix: "github.com", re: /^(?<root>github\.com\/[\w.-]+\/[\w.-]+)(\/[\w.-]+)*$/, vcs: "git", checkSuffix: true },
  { prefix: "bitbucket.org", re: /^(?<root>bitbucket\.org\/(?<bitname>[\w.-]+\/[\w.-]+))(\/[\w.-]+)*$/, vcs: "git", checkSuffix: true },
  { prefix: "hub.jazz.net/git", re: /^(?<root>hub\.jazz\.net\/git\/[a-z0-9]+\/[\w.-]+)(\/[\w.-]+)*$/, vcs: "git", checkSuffix: true },
  { prefix: "git.apache.org", re: /^(?<root>git\.apache\.org\/[a-z0-9_.-]+\.git)(\/[\w.-]+)*$/, vcs: "git" },
  { prefix: "git.openstack.org", re: /^(?<root>git\.openstack\.org\/[\w.-]+\/[\w.-]+)(\.git)?(\/[\w.-]+)*$/, vcs: "git" },
  { prefix: "chiselapp.com", re: /^(?<root>chiselapp\.com\/user\/[A-Za-z0-9]+\/repository\/[\w.-]+)$/, vcs: "fossil" },
  { prefix: "", re: /(?<root>(?<repo>([a-z0-9.-]+\.)+[a-z0-9.-]+(:[0-9]+)?(\/~?[\w.-]+)+?)\.(?<vcs>bzr|fossil|git|hg|svn))(\/~?[\w.-]+)*$/ },
];

const hasPathPrefix = (s: string, prefix: string) => prefix === "" || s === prefix || s.startsWith(prefix + "/");

const importError = (_path: string, text: string) => new NotExistError(text);

async function fromStaticRules(path: string, deps: DiscoverDeps): Promise<RepoRoot | null> {
  if (/^https?:/.test(path)) throw new FetchError(`"${/^https:/.test(path) ? "https:" : "http:"}//" not allowed in import path`, "invalid");
  for (const rule of staticRules) {
    if (!hasPathPrefix(path, rule.prefix)) continue;
    const m = rule.re.exec(path);
    if (!m) {
      if (rule.prefix !== "") throw importError(path, `invalid ${rule.prefix} import path "${path}"`);
      continue;
    }
    const g = m.groups as Record<string, string>;
    const vcs = rule.vcs ?? g.vcs;
    const root = g.root;
    if (rule.checkSuffix && vcsNames.some((v) => `https://${root}`.endsWith("." + v))) {
      throw new FetchError(`invalid version control suffix in ${rule.prefix}/ path`, "invalid");
    }
    checkGOVCS(deps.GOVCS, deps.GOPRIVATE, vcs, root);
    if (rule.vcs) return { repo: `https://${root}`, root, subDir: "", vcs };
    const repo = g.repo;
    for (const scheme of schemes[vcs] ?? []) {
      if (!deps.insecure && !secureSchemes.has(scheme)) continue;
      if (await deps.ping(vcs, scheme, repo)) return { repo: `${scheme}://${repo}`, root, subDir: "", vcs };
    }
    throw new NotExistError(`no ${deps.insecure ? "" : "secure "}protocol found for repository`);
  }
  return null;
}

function goGetURL(path: string): string {
  const slash = path.indexOf("/");
  const host = slash < 0 ? path : path.slice(0, slash);
  if (!host.includes(".")) throw new Error("import path does not begin with hostname");
  return `${host}${slash < 0 ? "/" : path.slice(slash)}?go-get=1`;
}

/** fetchMeta gets the go-get=1 page of path and its go-import tags; forPrefix words errors as the re-check of a tag's prefix. */
async function fetchMeta(path: string, deps: DiscoverDeps, forPrefix: boolean): Promise<{ url: string; imports: MetaImport[] }> {
  const rest = goGetURL(path);
  let page: Page;
  try {
    page = await getSecureFirst(rest, deps);
  } catch (err) {
    if (isStatusError(err)) throw err;
    const reason = err instanceof Error ? err.message : String(err);
    if (forPrefix) throw new Error(`fetching ${path}: ${reason}`);
    throw new FetchError(`${deps.insecure ? "http/" : ""}https fetch: ${reason}`, err instanceof FetchError ? err.errorClass : "network", { cause: err });
  }
  const imports = parseMetaImports(page.body.toString("utf8"));
  // The go command reads the tags of a page whatever its status; the status is the error
  // only when the page holds none.
  if (imports.length === 0 && page.failure) throw page.failure;
  if (forPrefix && imports.length === 0) throw new Error(`fetching ${path}: no go-import meta tag found in ${page.url}`);
  return { url: page.url, imports };
}

/** getSecureFirst tries https, and http only when GOINSECURE allows it and the https request failed to complete. */
async function getSecureFirst(rest: string, deps: DiscoverDeps): Promise<Page> {
  try {
    return await deps.get(`https://${rest}`);
  } catch (err) {
    if (!deps.insecure || isStatusError(err)) throw err;
  }
  return deps.get(`http://${rest}`);
}

/** isStatusError reports whether a request was answered (with a status other than 200), not failed. */
function isStatusError(err: unknown): boolean {
  return err instanceof FetchError && ["not-found", "auth", "server", "http"].includes(err.errorClass);
}

async function fromMetaTags(path: string, deps: DiscoverDeps): Promise<RepoRoot> {
  const { url, imports } = await fetchMeta(path, deps, false);
  const found = matchMetaImport(imports, path);
  if (found.error) throw new Error(`parse ${url}: ${found.error}`);
  if (!found.match) throw new Error(`parse ${url}: no go-import meta tags (${found.mismatch})`);
  const mi = found.match;
  if (mi.prefix !== path) {
    const again = await fetchMeta(mi.prefix, deps, true);
    const second = matchMetaImport(again.imports, path).match;
    if (!second || second.prefix !== mi.prefix || second.vcs !== mi.vcs || second.repoRoot !== mi.repoRoot || second.subDir !== mi.subDir) {
      throw new Error(`${url} and ${again.url} disagree about go-import for ${mi.prefix}`);
    }
  }
  if (mi.subDir.startsWith("/") || mi.subDir.startsWith("-")) {
    throw new Error(`${url}: invalid subdirectory "${mi.subDir}": ${mi.subDir.startsWith("/") ? "leading slash" : "leading hyphen"}`);
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(mi.repoRoot)?.[1] ?? "";
  if (scheme === "") throw new Error(`${url}: invalid repo root "${mi.repoRoot}": no scheme`);
  if (scheme === "file") throw new Error(`${url}: invalid repo root "${mi.repoRoot}": file scheme disallowed`);
  if (mi.vcs !== "mod" && !vcsNames.includes(mi.vcs)) throw new Error(`${url}: unknown vcs "${mi.vcs}"`);
  checkGOVCS(deps.GOVCS, deps.GOPRIVATE, mi.vcs, mi.prefix);
  return { repo: mi.repoRoot, root: mi.prefix, subDir: mi.subDir, vcs: mi.vcs };
}

/**
 * LookupError is a failure to find the repository of a module path: not-exist, as the go
 * command's lookup treats it (the GOPROXY list moves on, a missing import is "cannot find
 * module"), with the class and hint of what caused it.
 */
export class LookupError extends NotExistError {
  constructor(message: string, cause: unknown) {
    const inner = cause instanceof FetchError ? cause : undefined;
    super(message, "not-found", { cause, hint: inner?.hint });
    this.name = "LookupError";
    this.detailClass = inner?.errorClass ?? "not-found";
  }

  /** The class of the failure underneath ("auth" for a 401, "tls", ...). */
  readonly detailClass: string;
}

/**
 * repoRootForImportPath finds the repository of an import path. Its errors are of the
 * not-found class, as the go command's lookup treats them (the GOPROXY list moves on).
 */
export async function repoRootForImportPath(path: string, deps: DiscoverDeps): Promise<RepoRoot> {
  try {
    const known = await fromStaticRules(path, deps);
    if (known) return known;
    try {
      return await fromMetaTags(path, deps);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new LookupError(`unrecognized import path "${path}": ${reason}`, err);
    }
  } catch (err) {
    // Every failure to find the repository is not-exist (go's notExistError in lookupDirect).
    if (err instanceof LookupError || (err instanceof FetchError && err.isNotExist())) throw err;
    throw new LookupError(err instanceof Error ? err.message : String(err), err);
  }
}
