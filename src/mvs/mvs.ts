// Minimal version selection (https://research.swtch.com/vgo-mvs): the build list of a set
// of targets is, for every module path reachable through requirements, the highest
// version required; and the minimal requirement list that reproduces a build list.

import { compareWithNone, Graph, key, VersionCompare } from "./graph.js";
import { ModuleError, versionError } from "../module/errors.js";
import { moduleString, type ModuleVersion } from "../module/version.js";

/** A source of requirements: the modules a module version requires (its go.mod). */
export interface Reqs {
  required(m: ModuleVersion): Promise<ModuleVersion[]>;
  compare: VersionCompare;
}

/**
 * BuildListError is an error reading some module's requirements (its cause), shown with
 * the chain of requirements that led to it: "a@v1 requires\n\tb@v2 requires\n\tc@v3: <error>".
 */
export class BuildListError extends Error {
  declare readonly cause: Error;

  constructor(cause: Error, readonly chain: ModuleVersion[]) {
    super(formatChain(cause, chain), { cause });
    this.name = "BuildListError";
  }

  get module(): ModuleVersion {
    return this.chain[this.chain.length - 1];
  }
}

function formatChain(err: Error, chain: ModuleVersion[]): string {
  const stack = chain.slice();
  while (stack.length > 0 && stack[0].version === "") stack.shift(); // the main module is not shown
  if (stack.length === 0) return err.message;
  let out = "";
  for (const m of stack.slice(0, -1)) out += `${moduleString(m)} requires\n\t`;
  const last = stack[stack.length - 1];
  if (err instanceof ModuleError) {
    // The module the error is about; when it is not the one required, a replacement was read.
    const actual = { path: err.path, version: err.shownVersion };
    if (actual.path === last.path && actual.version === last.version) return out + err.message;
    return out + `${moduleString(last)} (replaced by ${moduleString(actual)}): ${err.cause.message}`;
  }
  return out + versionError(last.path, last.version, err).message;
}

/** loadGraph reads requirements from the targets down, concurrently (at most width at a time). */
export async function loadGraph(targets: ModuleVersion[], reqs: Reqs, width = 16): Promise<Graph> {
  const cmp = compareWithNone(reqs.compare);
  const g = new Graph(cmp, targets);
  const errors = new Map<string, Error>();
  const started = new Set<string>();
  const queue: ModuleVersion[] = [];
  const add = (m: ModuleVersion) => {
    if (!started.has(key(m))) {
      started.add(key(m));
      queue.push(m);
    }
  };
  targets.forEach(add);
  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      if (queue.length === 0 && active === 0) {
        resolve();
        return;
      }
      while (active < width && queue.length > 0) {
        const m = queue.shift()!;
        active++;
        const done = (required: ModuleVersion[], err?: Error) => {
          if (err) errors.set(key(m), err);
          g.require(m, required);
          required.forEach(add);
          active--;
          pump();
        };
        if (m.version === "none") done([]);
        else reqs.required(m).then((r) => done(r), (e: unknown) => done([], e instanceof Error ? e : new Error(String(e))));
      }
    };
    pump();
  });
  if (errors.size > 0) {
    const chain = g.findPath((m) => errors.has(key(m)));
    if (!chain) throw new Error("internal error: could not reconstruct path to module with error");
    throw new BuildListError(errors.get(key(chain[chain.length - 1]))!, chain);
  }
  return g;
}

/** buildList returns the targets followed by every other selected module, sorted by path. */
export async function buildList(targets: ModuleVersion[], reqs: Reqs): Promise<ModuleVersion[]> {
  return (await loadGraph(targets, reqs)).buildList();
}

/**
 * minimalRequirements returns a minimal list of requirements of main that selects the same
 * build list, keeping the modules named in base. Sorted by path.
 */
export async function minimalRequirements(main: ModuleVersion, base: string[], reqs: Reqs): Promise<ModuleVersion[]> {
  const list = await buildList([main], reqs);
  const max = new Map(list.map((m) => [m.path, m.version]));
  const cache = new Map<string, ModuleVersion[]>([[key(main), []]]);
  const postorder: ModuleVersion[] = [];
  const visit = async (m: ModuleVersion): Promise<void> => {
    if (cache.has(key(m))) return;
    const required = await reqs.required(m);
    cache.set(key(m), required);
    for (const r of required) await visit(r);
    postorder.push(m);
  };
  for (const m of list) await visit(m);
  const have = new Set<string>();
  const cover = (m: ModuleVersion) => {
    if (have.has(key(m))) return;
    have.add(key(m));
    for (const r of cache.get(key(m)) ?? []) cover(r);
  };
  const min: ModuleVersion[] = [];
  for (const path of new Set(base)) {
    const m = { path, version: max.get(path) ?? "none" };
    min.push(m);
    cover(m);
  }
  for (let i = postorder.length - 1; i >= 0; i--) {
    const m = postorder[i];
    if (max.get(m.path) !== m.version || have.has(key(m))) continue;
    min.push(m);
    cover(m);
  }
  return min.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
