// The settings a recorded scenario (testdata/scenarios) ran go with, as
// test/scripts/record-scenarios.mjs sets them: its own values, less those the scenario's
// "goenv" (the user's go env file) sets, then the scenario's "env" lines.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseTxtar, txtarFile } from "./txtar.js";

export type Archive = ReturnType<typeof parseTxtar>;

/** keyValues reads KEY=VALUE lines. */
export function keyValues(text: string | undefined): [string, string][] {
  return (text ?? "").split("\n").flatMap((l) => (l.indexOf("=") > 0 ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)] as [string, string]] : []));
}

/**
 * scenarioEnv is the environment the recorder ran go in, as far as settings go: its own
 * values, less those the scenario's go env file sets (written to work/goenv), then the
 * scenario's "env" lines.
 */
export function scenarioEnv(archive: Archive, work: string, urls: { proxy?: string; proxy2?: string } = {}): Record<string, string> {
  const env: Record<string, string> = {
    GOENV: "off", GOTOOLCHAIN: "local", GOFLAGS: "-modcacherw", GOWORK: "off", GOSUMDB: "off", GOCACHE: join(work, "gocache"),
  };
  const goenv = txtarFile(archive, "goenv");
  if (goenv !== undefined) {
    writeFileSync(join(work, "goenv"), goenv);
    env.GOENV = join(work, "goenv");
    for (const [k] of keyValues(goenv)) delete env[k];
  }
  for (const [k, v] of keyValues(txtarFile(archive, "env"))) env[k] = v.split("$WORK").join(work).split("$PROXY2").join(urls.proxy2 ?? "$PROXY2").split("$PROXY").join(urls.proxy ?? "$PROXY");
  return env;
}

