// explain: what a run changes in go.mod and go.sum, each change with the evidence for it.

import { decodeBytes } from "../text/utf8.js";
import type { TidyContext } from "./context.js";
import { collectEvidence, explainGoMod, explainGoSum, type Change, type RequirementLines } from "./explain.js";
import type { BuiltGoSum } from "./gosum.js";
import type { Loaded } from "./load.js";
import type { Requirements } from "./requirements.js";

/** The changes of a run, as TidyResult reports them. */
export interface Changes {
  goModChanges: Change[];
  goSumChanges: Change[];
  diffGoSumChanges: Change[];
}

/**
 * explain compares go.mod's requirement lines before and after (after: as written from the
 * tidied requirements rs) and the old go.sum with the new one and with -diff's, explaining
 * each change from what loading found.
 */
export function explain(ctx: TidyContext, loaded: Loaded, rs: Requirements, after: RequirementLines, sums: BuiltGoSum): Changes {
  const { main } = ctx;
  const evidence = collectEvidence({
    mainPath: main.path, root: main.root, loader: loaded.loader, tools: [...main.tools], graph: rs.graph,
    found: loaded.found, goFlag: ctx.go.requested, excluded: main.excluded, replacement: (m) => main.replacements.replacement(m),
  });
  // The go.sum changes are explained when first asked for: a plain tidy never asks, and
  // on a go.sum of a million lines they are hundreds of thousands of objects.
  let oldSumText: string | null = null;
  const oldSum = () => (oldSumText ??= main.oldGoSum ? decodeBytes(main.oldGoSum) : "");
  let goSumChanges: Change[] | null = null;
  let diffGoSumChanges: Change[] | null = null;
  return {
    goModChanges: explainGoMod(main.before, after, evidence),
    get goSumChanges() {
      return (goSumChanges ??= explainGoSum(oldSum(), sums.newGoSum, evidence));
    },
    get diffGoSumChanges() {
      return (diffGoSumChanges ??= explainGoSum(oldSum(), sums.diffGoSum, evidence));
    },
  };
}
