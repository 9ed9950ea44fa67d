// The text of a cached .info file. A version with an Origin (fetched from version
// control) is written as the go command writes it: compact JSON without a final newline,
// the Origin cleaned of what only mattered for the query (TagPrefix, TagSum, RepoSum, and
// Ref for a pseudo-version). Other versions keep the JSON-and-newline form.

import { isPseudoVersion } from "../module/pseudo.js";
import type { RevInfo } from "./repo.js";

/** infoFileText returns the cache file content for info. */
export function infoFileText(info: RevInfo): string {
  if (!info.Origin || typeof info.Origin !== "object") return JSON.stringify(info) + "\n";
  const origin = { ...(info.Origin as Record<string, unknown>) };
  delete origin.TagPrefix;
  delete origin.TagSum;
  delete origin.RepoSum;
  if (isPseudoVersion(info.Version)) delete origin.Ref;
  return JSON.stringify({ Version: info.Version, Time: info.Time, Origin: origin });
}
