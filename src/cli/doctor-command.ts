// gotidy-ts doctor [-x] [--json] [--timeout D] [module[@version]...]: the checks of
// src/doctor run against the settings of this context, printed as text or JSON.
// Exit 0 when every check passes (warnings included), 1 when one fails, 2 on bad usage.

import { readFileSync } from "node:fs";
import { formatJSON, formatText, runDoctor } from "../doctor/index.js";
import type { ProbeResolver } from "../fetch/probe.js";
import { resolveSettings } from "../settings/index.js";
import type { CliContext } from "./context.js";
import { UsageError } from "./exit.js";
import { colors } from "./terminal.js";
import { requestTimeout } from "./timeout.js";

export const doctorUsage = "usage: gotidy-ts doctor [-x] [--json] [--timeout duration] [module[@version]...]";

/** The request timeout when neither --timeout nor GOTIDY_TIMEOUT is given. */
export const defaultTimeoutMs = 30_000;

interface DoctorArgs {
  json: boolean;
  trace: boolean;
  timeoutMs: number;
  modules: string[];
}

function parseArgs(args: string[], env: NodeJS.ProcessEnv): DoctorArgs {
  const out: DoctorArgs = { json: false, trace: false, timeoutMs: defaultTimeoutMs, modules: [] };
  let timeout: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--json") out.json = true;
    else if (a === "-x") out.trace = true;
    else if (a === "--timeout" || a.startsWith("--timeout=")) {
      timeout = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i] ?? "";
    } else if (a.startsWith("-")) throw new UsageError(`gotidy-ts doctor: unknown flag ${a}\n${doctorUsage}`);
    else if (!/^[^@\s]+(@[^@\s]+)?$/.test(a)) throw new UsageError(`gotidy-ts doctor: malformed module ${JSON.stringify(a)}\n${doctorUsage}`);
    else out.modules.push(a);
  }
  out.timeoutMs = requestTimeout("gotidy-ts doctor", timeout, env, defaultTimeoutMs, doctorUsage);
  return out;
}

function readText(file: string): string {
  try {
    return file ? readFileSync(file, "utf8") : "";
  } catch {
    return "";
  }
}

/** runDoctorCommand runs the doctor; resolver replaces the system DNS (tests). */
export async function runDoctorCommand(args: string[], ctx: CliContext, resolver?: ProbeResolver): Promise<0 | 1> {
  const a = parseArgs(args, ctx.env);
  const settings = resolveSettings(ctx.env, ctx.home);
  const checks = await runDoctor({
    settings, env: ctx.env, netrcText: readText(settings.values.NETRC), modules: a.modules, resolver, timeoutMs: a.timeoutMs,
    trace: a.trace ? (line) => ctx.stderr.write(line + "\n") : undefined,
  });
  ctx.stdout.write(a.json ? formatJSON(checks) : formatText(checks, await colors(ctx.env, ctx.stdout)));
  return checks.some((k) => k.verdict === "fail") ? 1 : 0;
}
