// The doctor's report as text (one line per check, the fix indented below a failure,
// colours only when the caller's chalk has them) and as JSON (one object per check).

/** The colours the text report uses (a chalk instance, or functions that leave the text as it is). */
export type ReportColors = Record<"bold" | "dim" | "green" | "red" | "yellow", (text: string) => string>;
import type { Check } from "./check.js";

const marks: Record<Check["verdict"], string> = { pass: "ok  ", warn: "warn", fail: "FAIL", info: "    " };

/** formatText prints the checks, grouped as they ran. */
export function formatText(checks: readonly Check[], c: ReportColors): string {
  const paint: Record<Check["verdict"], (s: string) => string> = { pass: c.green, warn: c.yellow, fail: c.red, info: c.dim };
  const lines: string[] = [];
  let group = "";
  for (const k of checks) {
    if (k.group !== group) {
      group = k.group;
      lines.push(c.bold(`${group}:`));
    }
    lines.push(`  ${paint[k.verdict](marks[k.verdict])} ${k.name}: ${k.evidence}`);
    if (k.fix) lines.push(`       ${k.class}: ${k.culprit}\n       fix: ${k.fix}`);
  }
  const failed = checks.filter((k) => k.verdict === "fail").length;
  const warned = checks.filter((k) => k.verdict === "warn").length;
  lines.push(failed ? c.red(`${failed} failed, ${warned} warnings`) : c.green(`all checks passed, ${warned} warnings`));
  return lines.join("\n") + "\n";
}

/** formatJSON is the machine-readable report. */
export function formatJSON(checks: readonly Check[]): string {
  return JSON.stringify({ ok: !checks.some((k) => k.verdict === "fail"), checks }, null, 2) + "\n";
}
