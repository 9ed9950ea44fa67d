// GOVCS: which version control systems may be used for which module paths
// ("github.com:git,evil.com:off,*:git|hg"), with the go command's default rules
// "private:all,public:git|hg" appended after the user's.

import { FetchError } from "../errors.js";
import { matchPrefixPatterns } from "../glob.js";

interface Rule {
  pattern: string;
  allowed: string[];
}

/** parseGOVCS reads a GOVCS value; a malformed one throws go's error. */
export function parseGOVCS(value: string): Rule[] {
  const s = value.trim();
  if (s === "") return [];
  const rules: Rule[] = [];
  const have = new Map<string, string>();
  for (let item of s.split(",")) {
    item = item.trim();
    if (item === "") throw new FetchError("empty entry in GOVCS", "invalid");
    const colon = item.indexOf(":");
    if (colon < 0) throw new FetchError(`malformed entry in GOVCS (missing colon): ${JSON.stringify(item)}`, "invalid");
    const pattern = item.slice(0, colon).trim();
    const list = item.slice(colon + 1).trim();
    if (pattern === "") throw new FetchError(`empty pattern in GOVCS: ${JSON.stringify(item)}`, "invalid");
    if (list === "") throw new FetchError(`empty VCS list in GOVCS: ${JSON.stringify(item)}`, "invalid");
    if (pattern === "." || pattern === ".." || /^\.\.?\//.test(pattern)) throw new FetchError(`relative pattern not allowed in GOVCS: ${JSON.stringify(pattern)}`, "invalid");
    const old = have.get(pattern);
    if (old) throw new FetchError(`unreachable pattern in GOVCS: ${JSON.stringify(item)} after ${JSON.stringify(old)}`, "invalid");
    have.set(pattern, item);
    const allowed = list.split("|").map((a) => a.trim());
    if (allowed.some((a) => a === "")) throw new FetchError(`empty VCS name in GOVCS: ${JSON.stringify(item)}`, "invalid");
    rules.push({ pattern, allowed });
  }
  return rules;
}

const defaults: Rule[] = [{ pattern: "private", allowed: ["all"] }, { pattern: "public", allowed: ["git", "hg"] }];

/**
 * checkGOVCS throws go's error when GOVCS does not allow vcs for the repository root
 * (private when GOPRIVATE matches it).
 */
export function checkGOVCS(govcs: string, goprivate: string, vcs: string, root: string): void {
  if (vcs === "mod") return;
  const rules = [...parseGOVCS(govcs), ...defaults];
  const isPrivate = matchPrefixPatterns(goprivate, root);
  for (const rule of rules) {
    const match = rule.pattern === "private" ? isPrivate : rule.pattern === "public" ? !isPrivate : matchPrefixPatterns(rule.pattern, root);
    if (!match) continue;
    if (rule.allowed.some((a) => a === vcs || a === "all")) return;
    break;
  }
  throw new FetchError(`GOVCS disallows using ${vcs} for ${isPrivate ? "private" : "public"} ${root}; see 'go help vcs'`, "invalid");
}
