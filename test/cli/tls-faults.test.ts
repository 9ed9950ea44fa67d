// Certificate faults in a tidy run: the fetch fault scenarios testdata/fetch/faults/tls-*
// (recorded from the go command) served over HTTPS on 127.0.0.1 to `gotidy-ts` in a module
// that imports the module they serve. go's words come first, as recorded; then the hint
// that fits the fault (a CA only where a CA is the fix), and the class in --json.

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

/** The faults: the scenario, the fix line's words, and what it must not say. */
const cases: { scenario: string; fix: string; not?: string }[] = [
  { scenario: "tls-self-signed", fix: "point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS" },
  { scenario: "tls-unknown-authority", fix: "point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS" },
  { scenario: "tls-unknown-authority-chain", fix: "point SSL_CERT_FILE or SSL_CERT_DIR (as for the go command), or NODE_EXTRA_CA_CERTS" },
  { scenario: "tls-expired", fix: "the server must renew it; trusting another CA does not help", not: "SSL_CERT_FILE" },
  { scenario: "tls-wrong-host", fix: "use a host name it names in GOPROXY, or have the server fixed; trusting another CA does not help", not: "SSL_CERT_FILE" },
];

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

/** reason is go's words after "tls: failed to verify certificate: " in a recorded error, as a pattern of that literal text ($NOW for the time of the check in both). */
function reason(want: string): RegExp {
  const words = want.trim().split("tls: failed to verify certificate: ")[1];
  return new RegExp(`tls: failed to verify certificate: ${words.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`);
}

describe("certificate faults in a tidy run", () => {
  for (const c of cases) {
    it(c.scenario, async () => {
      const r = await tidy(c.scenario, false);
      expect(r.want).toContain("tls: failed to verify certificate: ");
      expect(r.stderr).toMatch(reason(r.want));
      const hint = r.stderr.split("\n").find((l) => l.startsWith("\thint: ")) ?? "";
      expect(hint).toContain(c.fix);
      if (c.not) expect(hint).not.toContain(c.not);
      expect(r.status).toBe(1);
      const j = await tidy(c.scenario, true);
      const report = JSON.parse(j.stdout);
      const errors = report.modules[0].errors;
      expect(errors[0].class).toBe("tls");
      expect(errors[0].hint).toContain(c.fix);
      expect(`${errors[0].message}\n`).toMatch(reason(j.want));
    });
  }
  for (const scenario of ["tls-ssl-cert-file", "tls-ssl-cert-dir"]) {
    it(`${scenario}: the CA named as go reads it is trusted, and tidy succeeds`, async () => {
      const r = await tidy(scenario, false);
      expect(r.want).toBe("");
      expect(r.stderr).not.toContain("tls:");
      expect(r.status).toBe(0);
    });
  }
});
