// Repositories kept in Mercurial, Subversion, Bazaar or Fossil. Only git is run; for the
// others the go command's first command decides what the user sees. When that tool is
// not on PATH, the go command's own failure is reported: the clone command of hg, bzr
// and fossil fails to start ("hg init . in <dir>: exec: "hg": executable file not found
// in $PATH"), and svn, which keeps no clone, lists no tags and finds no revision. When
// the tool is installed, gotidy-ts says it does not run it, with a hint.

import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { FetchError } from "../errors.js";
import { Repo, RevInfo, Versions, ZipDestination } from "../repo.js";
import { unknownRevision } from "./errors.js";
import { run } from "./run.js";
import { openWorkDir } from "./workdir.js";

/** The command each VCS starts a new clone with (cmd/go's vcsCmd.init); svn keeps none. */
const initCommand: Record<string, ((remote: string) => string[]) | undefined> = {
  hg: () => ["hg", "init", "."],
  bzr: (remote) => ["bzr", "branch", "--use-existing-dir", "--", remote, "."],
  fossil: (remote) => ["fossil", "clone", "--", remote, ".fossil"],
};

/** onPath reports whether PATH (of env) holds an executable named tool. */
export function onPath(tool: string, env: NodeJS.ProcessEnv): boolean {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    try {
      accessSync(join(dir || ".", tool), constants.X_OK);
      return true;
    } catch {
      // not in this directory
    }
  }
  return false;
}

/** A Subversion repository whose svn is missing: no tags, no revision (the go command's vcsRepo when every svn command fails). */
class MissingSvnRepo implements Repo {
  constructor(readonly modulePath: string) {}
  async versions(): Promise<Versions> {
    return { list: [] };
  }
  async stat(rev: string): Promise<RevInfo> {
    throw unknownRevision(rev);
  }
  async latest(): Promise<RevInfo> {
    throw unknownRevision("latest");
  }
  async goMod(version: string): Promise<Buffer> {
    throw unknownRevision(version);
  }
  async zip(_dst: ZipDestination, version: string): Promise<void> {
    throw unknownRevision(version);
  }
}

export interface OtherVCS {
  vcs: string;
  /** The repository URL. */
  repo: string;
  /** The repository root's import path. */
  root: string;
}

/** The go command's options for a non-git repository: where clones live, the environment, -x. */
export interface OtherVCSOptions {
  gomodcache: string;
  env: NodeJS.ProcessEnv;
  trace?: (line: string) => void;
}

/**
 * otherVCSRepo returns the Repo of a non-git repository whose tool is missing (svn), or
 * throws the error the go command reports for it. Its work directory is made (and its
 * .info written) as the go command makes it, so that the module caches compare equal.
 */
export async function otherVCSRepo(modulePath: string, r: OtherVCS, o: OtherVCSOptions): Promise<Repo> {
  if (!onPath(r.vcs, o.env)) {
    const init = initCommand[r.vcs];
    await openWorkDir(o.gomodcache, `vcs1.${r.vcs}`, r.repo, o.trace, async (dir) => {
      if (!init) return;
      await run(init(r.repo), { dir, env: o.env, trace: o.trace }).catch((err: unknown) => {
        throw new FetchError((err as Error).message, "direct-unsupported", {
          cause: err, hint: `gotidy-ts runs only git; ${r.root} is kept in ${r.vcs}: serve it from a module proxy (GOPROXY)`,
        });
      });
    });
    if (!init) return new MissingSvnRepo(modulePath);
  }
  throw new FetchError(`${r.vcs} repositories are not supported by gotidy-ts (only git): ${r.repo}`, "direct-unsupported", {
    hint: `${r.root} is kept in ${r.vcs}; serve it from a module proxy (GOPROXY) or fill the module cache with the go command first`,
  });
}
