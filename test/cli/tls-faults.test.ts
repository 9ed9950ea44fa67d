// The fix of an untrusted certificate in a tidy run: the CA named by SSL_CERT_FILE or
// SSL_CERT_DIR, as the go command reads them, is trusted (fetch fault scenarios
// testdata/fetch/faults/tls-ssl-cert-*, recorded from the go command, served over HTTPS on
// 127.0.0.1). The certificate faults themselves (self-signed, unknown authority, expired,
// another host name: class, culprit, fix and go's words) are in the tidy fault matrix,
// test/cli/tidy-faults.test.ts.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runTidyCommand } from "../../src/cli/tidy-command.js";
import { ModuleCache } from "../../src/fetch/cache.js";
import { faultScenario } from "../support/fault-scenario.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const faults = join(__dirname, "..", "..", "testdata", "fetch", "faults");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-cli-tls-test-"));
afterAll(() => new ModuleCache(scratch).removeTree(scratch));

async function tidy(scenario: string, json: boolean): Promise<{ status: number; stdout: string; stderr: string; want: string }> {
  const archive = parseTxtar(readFileSync(join(faults, `${scenario}.txtar`), "utf8"));
  const s = await faultScenario(archive);
  const dir = mkdtempSync(join(scratch, `${scenario}-`));
  writeFileSync(join(dir, "go.mod"), "module example.com/m\n\ngo 1.21\n");
  writeFileSync(join(dir, "m.go"), 'package m\n\nimport _ "example.com/a"\n');
  let stdout = "", stderr = "";
  try {
    const env = { HOME: dir, NO_COLOR: "1", GOENV: "off", GOSUMDB: "off", GOFLAGS: "", GOTOOLCHAIN: "local", GOMODCACHE: join(dir, "modcache"), GOTIDYCACHE: join(dir, "cache"), ...s.env };
    const ctx = { env, cwd: dir, home: dir, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const status = await runTidyCommand(json ? ["--json", dir] : [dir], ctx);
    return { status, stdout: s.normalize(stdout), stderr: s.normalize(stderr), want: txtarFile(archive, "want/error") ?? "" };
  } finally {
    await s.close();
  }
}

describe("a CA named as go reads it in a tidy run", () => {
  for (const scenario of ["tls-ssl-cert-file", "tls-ssl-cert-dir"]) {
    it(`${scenario}: the CA named as go reads it is trusted, and tidy succeeds`, async () => {
      const r = await tidy(scenario, false);
      expect(r.want).toBe("");
      expect(r.stderr).not.toContain("tls:");
      expect(r.status).toBe(0);
    });
  }
});
