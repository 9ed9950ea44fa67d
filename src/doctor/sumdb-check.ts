// The checksum database check: GOSUMDB parses, the database answers (directly or through
// the first proxy that serves it), and its signed tree head verifies with the key.

import { httpProbe } from "../fetch/probe.js";
import { knownSumDBs } from "../fetch/sumdb/client.js";
import { openNote, parseVerifierKey, type NoteVerifier } from "../fetch/sumdb/note.js";
import { HttpClient } from "../fetch/index.js";
import type { GoSettings } from "../settings/index.js";
import { Check, fail, info, pass } from "./check.js";
import type { ProbeOptions } from "./proxy-check.js";

const validForm = 'a known name (sum.golang.org), or "<name>+<hash>+<key> [<url>]" as the database publishes it';

function parseSetting(value: string): { verifier: NoteVerifier; url: string } | string {
  const setting = value === "sum.golang.google.cn" ? "sum.golang.org https://sum.golang.google.cn" : value;
  const fields = setting.trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0 || fields.length > 2) return "too many fields";
  try {
    const verifier = parseVerifierKey(knownSumDBs[fields[0]] ?? fields[0]);
    return { verifier, url: (fields[1] ?? `https://${verifier.name}`).replace(/\/$/, "") };
  } catch (e) {
    return (e as Error).message;
  }
}

/** sumdbBase is where the database is asked: its own URL, or the first GOPROXY entry that serves it. */
async function sumdbBase(name: string, url: string, explicit: boolean, settings: GoSettings, o: ProbeOptions): Promise<string> {
  if (explicit) return url;
  for (const entry of settings.values.GOPROXY.split(/[,|]/).map((e) => e.trim())) {
    if (!/^https?:\/\//.test(entry)) break;
    const r = await httpProbe(`${entry.replace(/\/$/, "")}/sumdb/${name}/supported`, { env: settings.values, timeoutMs: o.timeoutMs, credentials: o.credentials, trace: o.trace, lookup: o.lookup });
    if (r.ok) return `${entry.replace(/\/$/, "")}/sumdb/${name}`;
  }
  return url;
}

/** sumdbChecks checks GOSUMDB. */
export async function sumdbChecks(settings: GoSettings, o: ProbeOptions): Promise<Check[]> {
  const value = settings.values.GOSUMDB || "sum.golang.org";
  if (value === "off") return [info("sumdb", "GOSUMDB", "off: downloaded modules are checked against go.sum only")];
  const parsed = parseSetting(value);
  if (typeof parsed === "string") {
    return [fail("sumdb", "GOSUMDB", `invalid GOSUMDB ${JSON.stringify(value)}: ${parsed}`, "setting", "GOSUMDB", `set GOSUMDB to ${validForm}, or off`)];
  }
  const name = parsed.verifier.name;
  const base = await sumdbBase(name, parsed.url, value.trim().includes(" ") || value === "sum.golang.google.cn", settings, o);
  const start = Date.now();
  let note: Buffer;
  try {
    note = await new HttpClient({ env: settings.values, timeoutMs: o.timeoutMs, retries: 0, trace: o.trace, lookup: o.lookup }).get(`${base}/latest`, 1 << 16);
  } catch (e) {
    return [fail("sumdb", `GOSUMDB ${name}`, `${(e as Error).message.split("\n")[0]}`, "checksum", `GOSUMDB ${name} (${base})`,
      `the checksum database ${name} at ${base} cannot be reached: allow it, set GOSUMDB to a mirror, or for private modules set GONOSUMDB/GOPRIVATE`)];
  }
  try {
    const text = openNote(note, parsed.verifier);
    const size = text.split("\n")[1];
    return [pass("sumdb", `GOSUMDB ${name}`, `${base}/latest: tree of ${size} records, signature verifies with ${name}'s key (${Date.now() - start}ms)`)];
  } catch (e) {
    return [fail("sumdb", `GOSUMDB ${name}`, `${base}/latest: signed tree head does not verify: ${(e as Error).message}`, "checksum", `GOSUMDB ${name} (${base})`,
      `the key in GOSUMDB does not match the database's: copy the key the database publishes, or check that ${base} is the database and not an interception`)];
  }
}
