// The text of a cached .info file, as the go command writes it (json.Marshal of its
// RevInfo): compact JSON without a final newline, Version then Time (Go's RFC 3339 form:
// fractional seconds without trailing zeros; the zero time when absent) then Origin when
// there is one, cleaned of what only mattered for the query that found the version
// (TagPrefix, TagSum, RepoSum, and Ref for a pseudo-version).

import { isPseudoVersion } from "../module/pseudo.js";
import type { RevInfo } from "./repo.js";

/** goTimeText writes an RFC 3339 time as Go's time.Time marshals it after parsing. */
function goTimeText(t: string | undefined): string {
  if (!t) return "0001-01-01T00:00:00Z";
  return t.replace(/\.(\d*?)0+(?=Z|[+-]\d\d:\d\d$)/, (_m, digits: string) => (digits ? `.${digits}` : ""));
}

/** infoFileText returns the cache file content for info. */
export function infoFileText(info: RevInfo): string {
  const out: Record<string, unknown> = { Version: info.Version, Time: goTimeText(info.Time) };
  if (info.Origin && typeof info.Origin === "object") {
    const origin = { ...(info.Origin as Record<string, unknown>) };
    delete origin.TagPrefix;
    delete origin.TagSum;
    delete origin.RepoSum;
    if (isPseudoVersion(info.Version)) delete origin.Ref;
    out.Origin = origin;
  }
  return JSON.stringify(out);
}
