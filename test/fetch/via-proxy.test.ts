// The HTTP proxy a request goes through, as the go command's HTTP client picks it
// (net/http's ProxyFromEnvironment): recorded from go by test/scripts/record-proxy-choice.mjs
// into testdata/fetch/proxy-choice/recorded.json, one URL and set of variables a case.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { viaProxy } from "../../src/fetch/via-proxy.js";

const recorded = JSON.parse(readFileSync(join(__dirname, "..", "..", "testdata", "fetch", "proxy-choice", "recorded.json"), "utf8")) as
  { env: Record<string, string>; url: string; proxy: string }[];

describe("the HTTP proxy of a request, as go picks it", () => {
  it("has recorded cases", () => expect(recorded.length).toBeGreaterThan(20));
  for (const c of recorded) {
    it(`${Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(" ")} ${c.url}`, () => {
      expect(viaProxy(c.url, c.env)?.url ?? "").toBe(c.proxy);
    });
  }
});
