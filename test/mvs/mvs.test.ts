// Minimal version selection on small graphs written as text:
//   "a1: b1 c2" means module a at v1 requires b at v1 and c at v2 (versions are v<N>.0.0).

import { describe, expect, it } from "vitest";
import { BuildListError, buildList, loadGraph, minimalRequirements, Reqs } from "../../src/mvs/mvs.js";
import { ModuleError } from "../../src/module/errors.js";
import { modCompare } from "../../src/module/modcompare.js";
import type { ModuleVersion } from "../../src/module/version.js";

function mv(s: string): ModuleVersion {
  const m = /^([a-z]+)(\d+)$/.exec(s);
  if (!m) return { path: s, version: "" };
  return { path: `example.com/${m[1]}`, version: `v${m[2]}.0.0` };
}

function show(list: ModuleVersion[]): string {
  return list.map((m) => (m.version === "" ? m.path : m.path.replace("example.com/", "") + m.version.replace(/^v(\d+)\.0\.0$/, "$1"))).join(" ");
}

function graph(text: string, failing: Record<string, string> = {}): Reqs {
  const reqs = new Map<string, ModuleVersion[]>();
  for (const line of text.trim().split("\n")) {
    const [lhs, rhs = ""] = line.split(":");
    const from = mv(lhs.trim());
    reqs.set(`${from.path}@${from.version}`, rhs.trim().split(/\s+/).filter(Boolean).map(mv));
  }
  return {
    compare: modCompare,
    required: async (m) => {
      const k = `${m.path}@${m.version}`;
      const bad = Object.entries(failing).find(([name]) => `${mv(name).path}@${mv(name).version}` === k);
      if (bad) throw new ModuleError(m.path, m.version, new Error(bad[1]));
      return reqs.get(k) ?? [];
    },
  };
}

describe("minimal version selection", () => {
  it("selects the highest required version of each path", async () => {
    const g = graph(`
      main: a1 b1
      a1: c2
      b1: c3 d1
      c2: e1
      c3: e2
      d1:
      e1:
      e2:
    `);
    expect(show(await buildList([mv("main")], g))).toBe("main a1 b1 c3 d1 e2");
  });

  it("keeps requirements of versions that end up not selected in the graph", async () => {
    const g = graph(`
      main: a1 b2
      a1: b1
      b1: x1
      b2:
      x1:
    `);
    // b1 is reachable, so its requirement on x counts.
    expect(show(await buildList([mv("main")], g))).toBe("main a1 b2 x1");
    const loaded = await loadGraph([mv("main")], g);
    expect(loaded.selectedVersion("example.com/b")).toBe("v2.0.0");
    expect(loaded.selectedVersion("example.com/nothing")).toBe("none");
  });

  it("copes with cycles", async () => {
    const g = graph(`
      main: a1
      a1: b1
      b1: a2
      a2: b1
    `);
    expect(show(await buildList([mv("main")], g))).toBe("main a2 b1");
  });

  it("reports the requirement chain of a failing go.mod", async () => {
    const g = graph(`
      main: a1 b1
      a1: c1
      b1:
    `, { c1: "reading go.mod: 404 Not Found" });
    const err = await buildList([mv("main")], g).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildListError);
    expect((err as Error).message).toBe("example.com/a@v1.0.0 requires\n\texample.com/c@v1.0.0: reading go.mod: 404 Not Found");
  });

  it("finds minimal requirements, keeping the base", async () => {
    const g = graph(`
      main: a1 b1 c1 d1
      a1: c1
      b1: d2
      c1:
      d1:
      d2:
    `);
    expect(show(await minimalRequirements(mv("main"), [], g))).toBe("a1 b1");
    expect(show(await minimalRequirements(mv("main"), ["example.com/c"], g))).toBe("a1 b1 c1");
  });
});
