// The Go parser of a run: loaded once, when a module is about to be tidied (never for
// --help, --version, a command or a usage error), shared by every module, and closed at
// the end.

import { createScanner, type SourceScanner } from "../scan/source-scanner.js";
import { ScannerLoadError } from "../scan/tree-sitter.js";
import { hints } from "./report.js";

/** openScanner loads the parser, or gives the one line that says why it cannot and what to do. */
export async function openScanner(): Promise<{ scanner: SourceScanner } | { problem: string }> {
  try {
    return { scanner: await createScanner() };
  } catch (e) {
    if (!(e instanceof ScannerLoadError)) throw e;
    return { problem: `gotidy-ts: ${e.message} (${hints.setup})` };
  }
}
