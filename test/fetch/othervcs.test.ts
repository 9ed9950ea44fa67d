// Non-git repositories: with the tool missing, the go command's own failure (recorded in
// testdata/direct/vcs-*); with the tool installed, gotidy-ts says it runs only git and
// never runs the tool.

import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onPath, otherVCSRepo } from "../../src/fetch/vcs/othervcs.js";
import { FetchError, isNotExist } from "../../src/fetch/errors.js";

const root = mkdtempSync(join(tmpdir(), "gotidy-othervcs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("repositories of other version control systems", () => {
  it("refuses an installed hg without running it", async () => {
    const bin = join(root, "bin");
    const ran = join(root, "ran");
    mkdirSync(bin);
    writeFileSync(join(bin, "hg"), `#!/bin/sh\ntouch ${ran}\n`);
    chmodSync(join(bin, "hg"), 0o755);
    const env = { PATH: bin };
    expect(onPath("hg", env)).toBe(true);
    const err = await otherVCSRepo("corp.example/r", { vcs: "hg", repo: "https://corp.example/r", root: "corp.example/r" },
      { gomodcache: join(root, "modcache"), env }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FetchError);
    expect((err as FetchError).message).toBe("hg repositories are not supported by gotidy-ts (only git): https://corp.example/r");
    expect((err as FetchError).hint).toMatch(/module proxy/);
    expect(existsSync(ran)).toBe(false);
  });

  it("gives a missing svn no versions and no revisions, and keeps its work directory as go does", async () => {
    const gomodcache = join(root, "modcache2");
    const repo = await otherVCSRepo("corp.example/s", { vcs: "svn", repo: "https://corp.example/s", root: "corp.example/s" },
      { gomodcache, env: { PATH: join(root, "empty") } });
    expect((await repo.versions("")).list).toEqual([]);
    const err = await repo.latest().catch((e: unknown) => e);
    expect(isNotExist(err)).toBe(true);
    expect((err as Error).message).toBe("unknown revision latest");
    const info = readdirSync(join(gomodcache, "cache", "vcs")).filter((n: string) => n.endsWith(".info"));
    expect(info.map((n: string) => readFileSync(join(gomodcache, "cache", "vcs", n), "utf8"))).toEqual(["vcs1.svn:https://corp.example/s"]);
  });
});
