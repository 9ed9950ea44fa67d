// Loading tree-sitter and its Go grammar as WebAssembly: web-tree-sitter's runtime
// (tree-sitter.wasm) and the grammar file the tree-sitter-go package ships
// (tree-sitter-go.wasm), kept in this package's src/scan/grammar/ directory (see its README).
// Nothing native is loaded, so no install script or compiler is needed.
//
// Nothing here runs at import time: web-tree-sitter itself is imported by the first
// loadGoLanguage call. web-tree-sitter keeps one WebAssembly runtime per process, and a
// grammar loaded into it cannot be unloaded, so each grammar file is loaded once per
// process and its Language shared; parsers (the part with per-use memory) belong to
// their scanners.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { Language } from "web-tree-sitter";

type Runtime = typeof import("web-tree-sitter");

/** The one WebAssembly function used here (this project's lib settings do not declare the global). */
declare const WebAssembly: { validate(bytes: Uint8Array): boolean };

/** What could not be loaded: web-tree-sitter's runtime, or the Go grammar. */
export type ParserPart = "runtime" | "grammar";

/**
 * ScannerLoadError: the Go parser could not be loaded, so no Go file can be read. It
 * names the part and the file or package that failed; cause is the underlying error.
 * The installation is incomplete or damaged: reinstalling is what helps.
 */
export class ScannerLoadError extends Error {
  constructor(readonly part: ParserPart, readonly location: string, options: { cause: unknown }) {
    super(`cannot load the Go parser (${location}): ${describe(options.cause)}`, options);
    this.name = "ScannerLoadError";
  }
}

function describe(cause: unknown): string {
  const e = cause as NodeJS.ErrnoException | undefined;
  if (e?.code === "ENOENT") return "no such file";
  const text = e instanceof Error ? e.message : String(cause);
  return text.split("\n")[0];
}

export interface LoadedGrammar {
  runtime: Runtime;
  language: Language;
}

let runtime: Promise<Runtime> | null = null;
const grammars = new Map<string, Promise<LoadedGrammar>>();
let attempted = false;

/**
 * parserLoaded reports whether this process has started loading the tree-sitter
 * runtime: false until the first scanner is created. A diagnostic, for checking that a
 * run which reads no Go source (go.mod work, --help, --version) never loads it.
 */
export function parserLoaded(): boolean {
  return attempted;
}

const require = createRequire(import.meta.url);

/** defaultGrammarFile is the Go grammar this package ships: src/scan/grammar/tree-sitter-go.wasm (the same path from src/ and from dist/). */
export function defaultGrammarFile(): string {
  // Two levels up from src/scan and from dist/scan alike.
  return fileURLToPath(new URL("../../src/scan/grammar/tree-sitter-go.wasm", import.meta.url));
}

async function loadRuntime(): Promise<Runtime> {
  attempted = true;
  let where = "web-tree-sitter";
  try {
    const rt = await import("web-tree-sitter");
    where = require.resolve("web-tree-sitter/tree-sitter.wasm");
    // The runtime's bytes are read and checked here, so that a missing or damaged file is
    // this error: the emscripten loader prints to stderr and leaves a rejected promise of
    // its own unhandled. Its messages are kept out of stderr.
    // Read at once: the first asynchronous read of a run costs a few milliseconds more (the
    // thread pool starting) for two files read back to back anyway.
    const wasmBinary = readFileSync(where);
    if (!WebAssembly.validate(wasmBinary)) throw new Error("not a valid WebAssembly module");
    const quiet = () => undefined;
    await rt.Parser.init({ wasmBinary, print: quiet, printErr: quiet } as unknown as Parameters<Runtime["Parser"]["init"]>[0]);
    return rt;
  } catch (cause) {
    throw new ScannerLoadError("runtime", where, { cause });
  }
}

/**
 * loadGoLanguage loads the runtime (once per process) and the Go grammar from file
 * (once per file). It rejects with a ScannerLoadError saying which part failed; a
 * failed load is not remembered, so a later call tries again.
 */
export function loadGoLanguage(file: string): Promise<LoadedGrammar> {
  let loading = grammars.get(file);
  if (!loading) {
    loading = (async () => {
      runtime ??= loadRuntime();
      let rt: Runtime;
      try {
        rt = await runtime;
      } catch (err) {
        runtime = null;
        throw err;
      }
      try {
        const bytes = readFileSync(file);
        if (!WebAssembly.validate(bytes)) throw new Error("not a valid WebAssembly module");
        return { runtime: rt, language: await rt.Language.load(bytes) };
      } catch (cause) {
        throw new ScannerLoadError("grammar", file, { cause });
      }
    })();
    grammars.set(file, loading);
    loading.catch(() => grammars.delete(file));
  }
  return loading;
}
