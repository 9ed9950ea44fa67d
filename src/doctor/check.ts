// One line of the doctor's report: what was checked, the verdict, the evidence, and for a
// failure the class, the thing to blame and the fix.

export type Verdict = "pass" | "warn" | "fail" | "info";

/** The kind of a failure, shared with tidy's --json classes where they mean the same. */
export type DoctorClass =
  | "setting" | "dns" | "refused" | "timeout" | "tls" | "auth" | "proxy-auth" | "proxy"
  | "not-found" | "server" | "http" | "network" | "checksum" | "cache";

export interface Check {
  /** The group: settings, proxy, sumdb, module, cache. */
  group: string;
  /** What was checked, e.g. "GOPROXY entry https://proxy.example: TCP". */
  name: string;
  verdict: Verdict;
  /** What was seen: host, address, status, time. */
  evidence: string;
  class?: DoctorClass;
  /** The setting, host or proxy to blame. */
  culprit?: string;
  fix?: string;
}

export const pass = (group: string, name: string, evidence: string): Check => ({ group, name, verdict: "pass", evidence });
export const info = (group: string, name: string, evidence: string): Check => ({ group, name, verdict: "info", evidence });

export function fail(group: string, name: string, evidence: string, cls: DoctorClass, culprit: string, fix: string): Check {
  return { group, name, verdict: "fail", evidence, class: cls, culprit, fix };
}

export function warn(group: string, name: string, evidence: string, cls: DoctorClass, culprit: string, fix: string): Check {
  return { group, name, verdict: "warn", evidence, class: cls, culprit, fix };
}
