// The package loader: starting from the main module's packages (and tools), every imported
// package is resolved to a module and read, transitively. Tests: the imports of the main
// module's tests are loaded and belong to "all"; with go >= 1.16 the tests of other packages
// in "all" are loaded too (their imports are resolved and read) without joining "all";
// below 1.16 "all" also closes over those tests. Package directories are read by the
// scanner passed in.

import { importPathError, isDroppedImport } from "../scan/imports.js";
import type { ScannedPackage, Scanner } from "../scan/scanner.js";
import { compareGoVersions, goVersions } from "../module/gover.js";
import type { ModuleVersion } from "../module/version.js";
import { compareBytes } from "../text/unicode.js";
import { resolveImport, ResolverSource } from "./importer.js";
import { fatalError } from "../fetch/errors.js";

export interface Package {
  path: string;
  /** The providing module; path "" for the standard library. */
  mod: ModuleVersion;
  dir: string;
  imports: Package[];
  /** The test of this package (its in-package and external test imports), when loaded. */
  test: TestPackage | null;
  inAll: boolean;
  err: Error | null;
  /** Modules whose paths are prefixes of this package's path without it. */
  alternatives: ModuleVersion[];
  scanned: ScannedPackage | null;
  /** The package has been looked up and read (or failed). */
  resolved: boolean;
}

export interface TestPackage {
  of: Package;
  imports: Package[];
}

export interface LoaderOptions {
  mainPath: string;
  /** The main module's packages (import path and directory). */
  roots: { path: string; dir: string }[];
  /** Tool packages (go.mod tool directives). */
  tools: string[];
  goVersion: string;
  resolver: ResolverSource;
  /** Reads the directories of resolved packages. */
  scanner: Scanner;
  /** Told of each package read from its directory (for progress displays). */
  onRead?: (pkg: Package, files: number) => void;
  /**
   * The go command reads module-cache packages through its module index (the default;
   * false when GOCACHE is off or GODEBUG has goindex=0): see ScanDirOptions.indexed.
   */
  moduleIndex?: boolean;
}

export type Node = Package | TestPackage;

function isTest(n: Node): n is TestPackage {
  return "of" in n;
}

export class Loader {
  readonly pkgs = new Map<string, Package>();
  private readonly closeOverTests: boolean;

  constructor(private readonly options: LoaderOptions) {
    this.closeOverTests = compareGoVersions(options.goVersion, goVersions.narrowAll) < 0;
  }

  isMain(pkg: Package): boolean {
    return pkg.mod.path === this.options.mainPath && pkg.mod.version === "";
  }

  /**
   * load reads every package reachable from the roots through imports and loaded tests,
   * marks "all", and loads the tests of the packages in "all". There is no batch: each
   * package's imports are queued as soon as it is read (at most width reads at a time),
   * and a package joins "all" (and has its test loaded) as soon as it is known to be in
   * it, so the result is the same fixed point whatever order the reads finish in.
   */
  async load(width = 32): Promise<Package[]> {
    const roots = [
      ...this.options.roots.map((r) => this.node(r.path)),
      ...this.options.tools.map((t) => this.node(t)),
    ];
    const queue: Package[] = [];
    const queued = new Set<Package>();
    let active = 0;
    await new Promise<void>((resolve, reject) => {
      this.enqueue = (p: Package) => {
        if (queued.has(p)) return;
        queued.add(p);
        queue.push(p);
      };
      const pump = () => {
        while (active < width && queue.length > 0) {
          const p = queue.shift()!;
          if (p.resolved) continue;
          active++;
          this.read(p).then(() => {
            for (const d of p.imports) this.enqueue(d);
            if (p.inAll) this.readyInAll(p);
          }).then(() => {
            active--;
            pump();
          }, reject);
        }
        if (active === 0 && queue.length === 0) resolve();
      };
      for (const r of roots) {
        this.enqueue(r);
        this.markAll(r);
      }
      pump();
    });
    this.loaded = true;
    return [...this.pkgs.values()];
  }

  /** The packages are all read (load has returned): the import graph, and so order's answer, no longer changes. */
  private loaded = false;
  private ordered: readonly Node[] | null = null;

  /** enqueue queues a package to be read (set by load). */
  private enqueue: (p: Package) => void = () => undefined;

  /** markAll puts p in "all" and, once it has been read, what it brings in with it. */
  private markAll(p: Package): void {
    if (p.inAll) return;
    p.inAll = true;
    if (p.resolved && p.scanned) this.readyInAll(p);
  }

  /**
   * readyInAll is for a package of "all" that has been read: its imports are in "all"; its
   * test is loaded, and the test's imports are in "all" too for main packages (and for
   * every package below go 1.16).
   */
  private readyInAll(p: Package): void {
    if (!p.scanned) return;
    for (const d of p.imports) this.markAll(d);
    if (p.test) return;
    p.test = this.testOf(p);
    for (const d of p.test.imports) this.enqueue(d);
    if (this.isMain(p) || this.closeOverTests) for (const d of p.test.imports) this.markAll(d);
  }

  private testOf(p: Package): TestPackage {
    const scanned = p.scanned!;
    const paths = [...new Set([...scanned.testImports, ...scanned.xTestImports])].sort(compareBytes);
    return { of: p, imports: paths.filter((ip) => !isDroppedImport(ip) && ip !== p.path).map((ip) => this.node(ip)) };
  }

  /**
   * order lists packages and tests breadth first from the roots (imports before tests), and
   * remembers for each the node that first led to it: the go command's load order and
   * import stacks.
   */
  order(): readonly Node[] {
    if (this.ordered) return this.ordered;
    const roots = [...this.options.roots.map((r) => this.pkgs.get(r.path)!), ...this.options.tools.map((t) => this.pkgs.get(t)!)]
      .filter((p) => p !== undefined);
    const out: Node[] = [];
    const seen = new Set<Node>();
    for (const r of roots) {
      if (!seen.has(r)) {
        seen.add(r);
        out.push(r);
        this.parents.set(r, null);
      }
    }
    for (let i = 0; i < out.length; i++) {
      const n = out[i];
      for (const d of n.imports) {
        if (!seen.has(d)) {
          seen.add(d);
          this.parents.set(d, n);
          out.push(d);
        }
      }
      if (!isTest(n) && n.test && !seen.has(n.test)) {
        seen.add(n.test);
        this.parents.set(n.test, n);
        out.push(n.test);
      }
    }
    if (this.loaded) this.ordered = out;
    return out;
  }

  private readonly parents = new Map<Node, Node | null>();

  /** stackText is the go command's import stack: "a imports\n\tb tested by\n\tb.test imports\n\tc". */
  stackText(n: Node): string {
    const chain: Node[] = [];
    for (let p: Node | null | undefined = n; p; p = this.parents.get(p)) chain.unshift(p);
    let out = "";
    chain.forEach((p, i) => {
      out += isTest(p) ? `${p.of.path}.test` : p.path;
      if (i < chain.length - 1) out += isTest(chain[i + 1]) ? " tested by\n\t" : " imports\n\t";
    });
    return out;
  }

  private node(path: string): Package {
    let p = this.pkgs.get(path);
    if (!p) {
      p = { path, mod: { path: "", version: "" }, dir: "", imports: [], test: null, inAll: false, err: null, alternatives: [], scanned: null, resolved: false };
      this.pkgs.set(path, p);
    }
    return p;
  }

  /** read resolves a package's module and reads its imports. */
  private async read(p: Package): Promise<void> {
    if (p.resolved) return;
    p.resolved = true;
    const bad = importPathError(p.path);
    if (bad) {
      p.err = new Error(bad);
      return;
    }
    const main = this.options.roots.find((r) => r.path === p.path);
    let inModuleCache = false;
    try {
      if (main) {
        p.mod = { path: this.options.mainPath, version: "" };
        p.dir = main.dir;
      } else {
        const r = await resolveImport(p.path, this.options.resolver);
        p.mod = r.mod;
        p.dir = r.dir;
        p.alternatives = r.alternatives;
        inModuleCache = r.local === false;
        if (r.mod.path === "") return; // the standard library
      }
    } catch (err) {
      // A failure the go command ends on at once is not the package's error.
      if (fatalError(err)) throw err;
      p.err = err as Error;
      return;
    }
    const scanned = await this.options.scanner.scanDir(p.dir, { indexed: inModuleCache && this.options.moduleIndex !== false });
    if (!scanned) {
      p.err = new Error(`no Go source files in ${p.dir}`);
      return;
    }
    if (scanned.error) {
      p.err = new Error(scanned.error);
      return;
    }
    p.scanned = scanned;
    this.options.onRead?.(p, scanned.goFiles.length + scanned.testGoFiles.length + scanned.xTestGoFiles.length);
    p.imports = scanned.imports.filter((ip) => !isDroppedImport(ip)).map((ip) => this.node(ip));
  }
}
