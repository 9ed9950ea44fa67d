// Verifying downloads as the go command does: a checksum recorded in go.sum must match;
// a checksum go.sum does not have is checked against the checksum database, unless
// GOSUMDB=off or GONOSUMDB matches the module. Hashes checked in this run are remembered
// for writing go.sum.

import { findError } from "../errors/chain.js";
import { ChecksumError, findFetchError, OfflineError } from "./errors.js";
import { ModuleError } from "../module/errors.js";
import { matchPrefixPatterns } from "./glob.js";
import type { GoSum } from "../modfile/gosum.js";

const goSumMismatch = `

SECURITY ERROR
This download does NOT match an earlier download recorded in go.sum.
The bits may have been replaced on the origin server, or an attacker may
have intercepted the download attempt.

For more information, see 'go help module-auth'.
`;

/** The classes of a lookup that did not reach the checksum database, or that it failed. */
const unreachedClasses: ReadonlySet<string> = new Set(["refused", "dns", "network", "server"]);

/**
 * A checksum database client: returns the go.sum lines it holds for path@version, version
 * ending in "/go.mod" for a go.mod's lookup (its failures name path@version so).
 */
export interface ChecksumDatabase {
  readonly name: string;
  lookup(path: string, version: string): Promise<string[]>;
}

export interface VerifierOptions {
  GOSUMDB: string;
  GONOSUMDB: string;
  GOPRIVATE?: string;
  /** GONOSUMDB was set on its own (so it does not follow GOPRIVATE). */
  gonosumdbSet?: boolean;
  sumdb?: ChecksumDatabase | null;
  /** Called with each warning line (unknown hash algorithms in go.sum). */
  warn?: (line: string) => void;
}

export class Verifier {
  /** Checksums verified during this run: "path version" -> hashes. */
  readonly verified = new Map<string, Set<string>>();

  constructor(private readonly goSum: GoSum | null, private readonly options: VerifierOptions) {}

  /** usesSumDB reports whether a module's checksums must come from the checksum database. */
  usesSumDB(path: string): boolean {
    return this.options.GOSUMDB !== "off" && !matchPrefixPatterns(this.options.GONOSUMDB, path);
  }

  /**
   * uncoveredPrivate is the hint for a private path (GOPRIVATE) whose checksum was looked
   * up only because GONOSUMDB, set on its own, leaves it out: the contradiction that sends
   * private module paths to the checksum database.
   */
  private uncoveredPrivate(path: string): string | undefined {
    const { GOPRIVATE = "", GONOSUMDB, gonosumdbSet } = this.options;
    if (!gonosumdbSet || !matchPrefixPatterns(GOPRIVATE, path)) return undefined;
    // GOSUMDB's name, read from the setting (the database's client may be the failure).
    const db = this.options.GOSUMDB.split(/[+\s]/)[0];
    const pattern = GOPRIVATE.split(",").map((p) => p.trim()).find((p) => p && matchPrefixPatterns(p, path)) ?? path;
    return `${path} matches GOPRIVATE=${GOPRIVATE}, but GONOSUMDB=${GONOSUMDB} (set on its own, so it does not follow GOPRIVATE) leaves it out, ` +
      `so its path was sent to the checksum database ${db}: add ${pattern} to GONOSUMDB, or unset GONOSUMDB`;
  }

  /** check verifies hash h for path@version ("v1.2.3" for the zip, "v1.2.3/go.mod" for go.mod). */
  async check(path: string, version: string, h: string): Promise<void> {
    const recorded = this.goSum?.hashes(path, version) ?? [];
    if (recorded.includes(h)) {
      this.remember(path, version, h);
      return;
    }
    for (const vh of recorded) {
      if (vh.startsWith("h1:")) {
        // The go command prints this one as it is, without "go: ".
        throw new ChecksumError("go.sum", `verifying ${path}@${version}: checksum mismatch\n\tdownloaded: ${h}\n\tgo.sum:     ${vh}${goSumMismatch}`,
          path, version);
      }
    }
    if (this.usesSumDB(path)) await this.checkSumDB(path, version, h);
    if (recorded.length > 0) {
      this.options.warn?.(`warning: verifying ${path}@${version}: unknown hashes in go.sum: ${recorded.join(", ")}; adding ${h}` +
        "\n\nSECURITY WARNING\nThis download is listed in go.sum, but using an unknown hash algorithm.\nThe download cannot be verified.\n\nFor more information, see 'go help module-auth'.\n");
    }
    this.remember(path, version, h);
  }

  private remember(path: string, version: string, h: string): void {
    const k = `${path} ${version}`;
    if (!this.verified.has(k)) this.verified.set(k, new Set());
    this.verified.get(k)!.add(h);
  }

  /**
   * checkSumDB checks h against the checksum database. Its failures are about the module
   * version without "/go.mod": ModuleErrors ("example.com/a@v1.0.0: verifying go.mod: ...")
   * whose cause is a ChecksumError (or, offline, an OfflineError).
   */
  private async checkSumDB(path: string, version: string, h: string): Promise<void> {
    const noun = version.endsWith("/go.mod") ? "go.mod" : "module";
    const bare = version.replace(/\/go\.mod$/, "");
    const about = (err: Error) => new ModuleError(path, bare, err);
    const db = this.options.sumdb;
    if (!db) {
      throw about(new ChecksumError("unavailable", `verifying ${noun}: checksum database ${this.options.GOSUMDB} unavailable`, path, version, {
        hint: `${path} is not in go.sum, so its checksum must come from the checksum database; ` +
          `for a private module set GONOSUMDB (or GOPRIVATE) to match it, or GOSUMDB=off to skip verification`,
      }));
    }
    let lines: string[];
    try {
      lines = await db.lookup(path, version);
    } catch (err) {
      const offline = findError(err, OfflineError);
      if (offline) {
        const missing = offline.missing;
        throw about(new OfflineError(`offline: ${noun} checksum not in go.sum and not in the checksum database cache (GOSUMDB ${db.name})`, {
          module: path, version: bare, cause: err,
          hint: `run once online (gotidy-ts, or go mod download ${path}@${bare}) to fill the module cache and the checksum database cache, ` +
            `or add the go.sum lines for ${path} ${bare}` + (missing ? ` (the cache lacks ${missing})` : ""),
        }));
      }
      const inner = err instanceof Error ? err.message : String(err);
      // A request that could not reach the database keeps its class (refused, dns, ...),
      // but not its hint, which blames GOPROXY: the server asked was GOSUMDB's. Other
      // failures (a certificate, a time limit, an HTTP proxy, a bad GOSUMDB) keep their own.
      const unreached = unreachedClasses.has(findFetchError(err)?.errorClass ?? "");
      throw about(new ChecksumError("lookup", `verifying ${noun}: ${inner}`, path, version, {
        cause: err, hint: this.uncoveredPrivate(path) ?? (unreached ? `the checksum database ${db.name} (GOSUMDB) could not be asked for ${path}@${bare}: ` +
          "check GOSUMDB and the network; for a private module set GONOSUMDB (or GOPRIVATE) to match it, so that its checksum is not looked up" : findError(err, ChecksumError, (c) => c.problem === "tree")?.hint),
      }));
    }
    const have = `${path} ${version} ${h}`;
    const prefix = `${path} ${version} h1:`;
    for (const line of lines) {
      if (line === have) return;
      if (line.startsWith(prefix)) {
        throw about(new ChecksumError("sumdb", `verifying ${noun}: checksum mismatch\n\tdownloaded: ${h}\n\t${db.name}: ${line.slice(prefix.length - 3)}` +
          `\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.\n`, path, version));
      }
    }
    throw about(new ChecksumError("missing", `verifying ${noun}: checksum missing from sumdb response` +
      "\n\nSECURITY ERROR\nThis download does NOT match one reported by the checksum server.\nThe checksum server has provided checksums, but the checksums do\nnot contain an entry for the download.\nThe checksum server may be malfunctioning, or an attacker may have\nintercepted the checksum request.\nThe download cannot be verified.\n\nFor more information, see 'go help module-auth'.\n", path, version));
  }
}
