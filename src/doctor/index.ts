// gotidy-ts doctor: the checks of the module network in order (settings, each GOPROXY
// entry, the checksum database, each module named, the module cache), as data.

import { Credentials, parseNetrc } from "../fetch/index.js";
import { lookupFrom, systemResolver, type ProbeResolver } from "../fetch/probe.js";
import type { GoSettings } from "../settings/index.js";
import { cacheChecks } from "./cache-check.js";
import type { Check } from "./check.js";
import { moduleChecks } from "./module-check.js";
import { entryChecks } from "./proxy-check.js";
import { settingsChecks } from "./settings-check.js";
import { sumdbChecks } from "./sumdb-check.js";

export type { Check, Verdict, DoctorClass } from "./check.js";
export { formatText, formatJSON } from "./report.js";

export interface DoctorOptions {
  settings: GoSettings;
  /** The raw environment (for variables no go command reads). */
  env: Record<string, string | undefined>;
  /** The .netrc file's text, read by the caller ("" for none). */
  netrcText: string;
  modules: string[];
  resolver?: ProbeResolver;
  timeoutMs: number;
  trace?: (line: string) => void;
}

/** runDoctor runs every check and returns the lines of the report. */
export async function runDoctor(o: DoctorOptions): Promise<Check[]> {
  const s = o.settings.values;
  const usesNetrc = s.GOAUTH.split(";").map((x) => x.trim()).includes("netrc");
  const credentials = usesNetrc ? new Credentials(parseNetrc(o.netrcText)) : undefined;
  // A resolver given (tests) answers for the HTTP requests too; else the system's lookup does.
  const probe = { resolver: o.resolver ?? systemResolver, lookup: o.resolver ? lookupFrom(o.resolver) : undefined, timeoutMs: o.timeoutMs, credentials, netrc: usesNetrc ? s.NETRC : "", trace: o.trace };
  const checks = settingsChecks(o.settings, o.env);
  const entries = s.GOPROXY.split(/[,|]/).map((e) => e.trim()).filter((e) => /^https?:\/\//.test(e));
  for (const entry of entries) checks.push(...(await entryChecks(entry, o.modules[0]?.split("@")[0], o.settings, probe)));
  checks.push(...(await sumdbChecks(o.settings, probe)));
  for (const m of o.modules) checks.push(...(await moduleChecks(m, o.settings, probe)));
  checks.push(...cacheChecks(s.GOMODCACHE));
  return checks;
}
