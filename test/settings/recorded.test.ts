// Settings resolution against `go env -json`, recorded by test/scripts/record-gomod.mjs
// for the scenarios in testdata/fetch/settings (a clean environment, HOME = the scenario).

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { resolveSettings } from "../../src/settings/resolve.js";
import { suggestSetting } from "../../src/settings/suggest.js";
import { parseTxtar, txtarFile } from "../support/txtar.js";

const dir = join(__dirname, "..", "..", "testdata", "fetch", "settings");
const scratch = mkdtempSync(join(tmpdir(), "gotidy-settings-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("settings as go env resolves them", () => {
  const names = readdirSync(dir).filter((n) => n.endsWith(".txtar")).sort();
  it("has recorded cases", () => expect(names.length).toBeGreaterThan(10));
  for (const n of names) {
    it(n.slice(0, -6), () => {
      const archive = parseTxtar(readFileSync(join(dir, n), "utf8"));
      const home = join(scratch, n.slice(0, -6));
      for (const f of archive.files) {
        if (f.name === "env" || f.name.startsWith("want/")) continue;
        const target = f.name === "goenv" ? join(home, ".config", "go", "env") : join(home, f.name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.data);
      }
      // No go on PATH: the built-in defaults of Go 1.26's go.env must stand in for GOROOT/go.env.
      const env: NodeJS.ProcessEnv = { HOME: home, PATH: "" };
      for (const line of (txtarFile(archive, "env") ?? "").split("\n")) {
        const eq = line.indexOf("=");
        if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).replaceAll("$HOME", home);
      }
      const want = JSON.parse(txtarFile(archive, "want/env.json")!) as Record<string, string>;
      const got = resolveSettings(env, "").values as Record<string, string>;
      for (const [k, v] of Object.entries(want)) expect([k, got[k].split(home).join("$HOME")]).toEqual([k, v]);
    });
  }
});

describe("misspelled settings", () => {
  it("suggests the setting meant", () => {
    expect(suggestSetting("GONOSUMCHECK")).toBe("GONOSUMDB");
    expect(suggestSetting("GOPROXYS")).toBe("GOPROXY");
    expect(suggestSetting("GO_PROXY")).toBe("GOPROXY");
    expect(suggestSetting("GOPRIAVTE")).toBe("GOPRIVATE");
    expect(suggestSetting("GOMODCACHEDIR")).toBe("GOMODCACHE");
  });
  it("leaves real and unrelated variables alone", () => {
    for (const name of ["GOPROXY", "GOFLAGS", "GOOS", "GOARCH", "GOMAXPROCS", "GOLANG_VERSION", "GOOGLE_APPLICATION_CREDENTIALS", "PATH"]) {
      expect(suggestSetting(name), name).toBeNull();
    }
  });
  it("warns about them while resolving", () => {
    const s = resolveSettings({ HOME: scratch, PATH: "", GONOSUMCHECK: "1" }, "");
    expect(s.warnings).toEqual(["environment variable GONOSUMCHECK is not a go setting; did you mean GONOSUMDB?"]);
  });
});
