// The options of a Fetcher (fetcher.ts): the module cache, the HTTP client, the verifier
// of go.sum and the checksum database, the routing settings, and what it reports to.

import type { ModuleCache } from "./cache.js";
import type { HttpClient } from "./http.js";
import type { RepoLookup, RepoLookupDeps } from "./lookup.js";
import type { FetchObserver } from "./observer.js";
import type { RoutingSettings } from "./proxy-list.js";
import type { Verifier } from "./verify.js";

export interface FetcherOptions {
  cache: ModuleCache;
  http: HttpClient;
  verifier: Verifier;
  settings: RoutingSettings;
  /**
   * The Repo implementations for proxy URLs and "direct" in place of gotidy-ts's own
   * (HTTP and file:// proxies; "direct" unsupported). The module cache, offline mode and
   * verification stay in front of them.
   */
  repos?: Partial<RepoLookup>;
  /** Fetching from version control for "direct" (git); without it, "direct" fails with gotidy-ts's "not supported". */
  direct?: RepoLookupDeps["direct"];
  /** Progress lines the go command prints on stderr ("go: downloading example.com/m v1.2.3"). */
  log?: (line: string) => void;
  /** Trace lines (-x): requests and cache hits. */
  trace?: (line: string) => void;
  /**
   * Offline mode: serve only what the module cache holds; anything else throws a
   * ModuleError about an OfflineError without contacting any proxy (file:// ones included).
   */
  offline?: boolean;
  /** Told of download progress (through the proxies) and of each module file resolved. */
  observer?: FetchObserver;
}
