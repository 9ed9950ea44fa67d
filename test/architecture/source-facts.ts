// The facts the architecture rules are checked against, read from the TypeScript sources with
// the compiler's own parser, so that a word in a comment or a string never counts: for each
// file under src/, its length, its imports, the size of each function, and where it uses the
// network, writes to the file system or reaches into the process.
//
// The reading is syntactic (one file at a time, no type checker): a global such as `process`
// or `fetch` is recognised by name, unless the file declares something of that name itself.

import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ts from "typescript";

/** UseKind names what a use reaches: the network, the file system (writing), or the process. */
export type UseKind = "network" | "write" | "process";

/** Use is one place where a file reaches outside the program. */
export interface Use {
  kind: UseKind;
  /** what was used, as written: "node:http", "writeFileSync", "fs.renameSync", "process.env", "homedir" */
  what: string;
  line: number;
}

/** Import is one import or re-export of another module; to is set when it is a file of src/. */
export interface Import {
  specifier: string;
  to?: string;
  typeOnly: boolean;
  line: number;
}

/** FunctionSize is one function, method, constructor, accessor or arrow function. */
export interface FunctionSize {
  /** the declared name, or the variable or property it is assigned to, or "(anonymous)" */
  name: string;
  line: number;
  lines: number;
}

/** SourceFacts are the facts about one file; paths are relative to the package, with "/". */
export interface SourceFacts {
  file: string;
  lines: number;
  imports: Import[];
  functions: FunctionSize[];
  uses: Use[];
}

const networkModules = new Set(["net", "tls", "http", "https", "http2", "dns", "dns/promises", "dgram", "undici"]);
const networkGlobals = new Set(["fetch", "WebSocket", "EventSource"]);
const fsModules = new Set(["fs", "fs/promises"]);
const fsWrites = new Set(
  [
    "appendFile", "chmod", "chown", "copyFile", "cp", "createWriteStream", "fchmod", "fchown", "ftruncate",
    "futimes", "lchmod", "lchown", "link", "lutimes", "mkdir", "mkdtemp", "rename", "rm", "rmdir",
    "symlink", "truncate", "unlink", "utimes", "write", "writeFile", "writev",
  ].flatMap((n) => [n, n + "Sync"]),
);
const fsOpens = new Set(["open", "openSync"]);
const osProcessFacts = new Set(["homedir", "userInfo", "tmpdir"]);

/** readSources reads every .ts file under root/dir (not .d.ts), sorted by path. */
export function readSources(root: string, dir = "src"): SourceFacts[] {
  const files = readdirSync(join(root, dir), { recursive: true, encoding: "utf8" })
    .map((f) => posix.join(dir, f.split("\\").join("/")))
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort();
  const known = new Set(files);
  return files.map((file) => sourceFacts(file, readFileSync(join(root, file), "utf8"), known));
}

/** sourceFacts reads the facts of one file's text; known lists the files imports may resolve to. */
export function sourceFacts(file: string, text: string, known: ReadonlySet<string>): SourceFacts {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const line = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const facts: SourceFacts = { file, lines: text.split("\n").length - (text.endsWith("\n") ? 1 : 0), imports: [], functions: [], uses: [] };
  const declared = declaredNames(sf);
  const bindings = moduleBindings(sf);

  const visit = (node: ts.Node): void => {
    const imported = importOf(node);
    if (imported) {
      facts.imports.push({ ...imported, to: resolveImport(file, imported.specifier, known), line: line(node) });
      const mod = nodeModule(imported.specifier);
      if (!imported.typeOnly && mod !== undefined && networkModules.has(mod.split("/")[0] === "undici" ? "undici" : mod)) {
        facts.uses.push({ kind: "network", what: imported.specifier, line: line(node) });
      }
      if (!imported.typeOnly && mod === "process") facts.uses.push({ kind: "process", what: imported.specifier, line: line(node) });
    }
    if (isFunctionLike(node)) {
      const start = line(node);
      facts.functions.push({ name: functionName(node), line: start, lines: sf.getLineAndCharacterOfPosition(node.getEnd()).line + 2 - start });
    }
    if (ts.isIdentifier(node) && isReference(node)) {
      const use = useOf(node, bindings, declared);
      if (use) facts.uses.push({ ...use, line: line(node) });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return facts;
}

/** importOf reads an import, a re-export or a dynamic import() of a literal specifier. */
function importOf(node: ts.Node): { specifier: string; typeOnly: boolean } | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
    const clause = node.importClause;
    const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
    const allTypes = !!clause && !clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
    return { specifier: node.moduleSpecifier.text, typeOnly: !!clause?.isTypeOnly || allTypes };
  }
  if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return { specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly };
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const arg = node.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return { specifier: arg.text, typeOnly: false };
  }
  return undefined;
}

/** nodeModule is a bare specifier without its "node:" prefix ("fs/promises"), or undefined. */
function nodeModule(specifier: string): string | undefined {
  if (specifier.startsWith(".") || specifier.startsWith("/")) return undefined;
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** resolveImport maps a relative specifier to the src/ file it names, as NodeNext does (.js is .ts). */
function resolveImport(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = posix.join(posix.dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, ".ts"), base, base + ".ts", posix.join(base, "index.ts")];
  return candidates.find((c) => known.has(c));
}

/** A Binding is what a name imported from node:fs or node:os stands for. */
type Binding = { module: "fs" | "os"; name: string } | { module: "fs" | "os"; namespace: true };

/** moduleBindings maps the local names a file imports from node:fs, node:fs/promises and node:os. */
function moduleBindings(sf: ts.SourceFile): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier) || !stmt.importClause) continue;
    const mod = nodeModule(stmt.moduleSpecifier.text);
    const module = mod !== undefined && fsModules.has(mod) ? "fs" : mod === "os" ? "os" : undefined;
    if (!module) continue;
    const clause = stmt.importClause;
    if (clause.name) bindings.set(clause.name.text, { module, namespace: true });
    const nb = clause.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) bindings.set(nb.name.text, { module, namespace: true });
    if (nb && ts.isNamedImports(nb)) {
      for (const e of nb.elements) {
        const name = (e.propertyName ?? e.name).text;
        bindings.set(e.name.text, name === "promises" ? { module, namespace: true } : { module, name });
      }
    }
  }
  return bindings;
}

/** useOf tells whether a reference to an identifier writes files, reaches the process or the network. */
function useOf(id: ts.Identifier, bindings: Map<string, Binding>, declared: Set<string>): Omit<Use, "line"> | undefined {
  const name = id.text;
  const binding = bindings.get(name);
  if (binding) {
    const { member, node } = memberChain(id);
    const used = "name" in binding ? binding.name : member;
    if (used === undefined) return undefined;
    const what = "name" in binding ? name : `${name}.${member}`;
    if (binding.module === "os") return osProcessFacts.has(used) ? { kind: "process", what } : undefined;
    if (fsWrites.has(used)) return { kind: "write", what };
    if (fsOpens.has(used) && opensForWriting(node)) return { kind: "write", what: `${what} for writing` };
    return undefined;
  }
  if (declared.has(name)) return undefined;
  if (name === "process") return { kind: "process", what: processMember(id) };
  if (name === "globalThis" && ts.isPropertyAccessExpression(id.parent) && id.parent.name.text === "process") {
    return { kind: "process", what: "globalThis.process" };
  }
  if (networkGlobals.has(name)) return { kind: "network", what: name };
  return undefined;
}

/** memberChain reads `ns.member` or `ns.promises.member` from a namespace identifier. */
function memberChain(id: ts.Identifier): { member?: string; node: ts.Node } {
  let node: ts.Node = id;
  let member: string | undefined;
  while (ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node) {
    member = node.parent.name.text;
    node = node.parent;
    if (member !== "promises") break;
  }
  return { member, node };
}

/** processMember names the property of process that is read ("process.env"), if any. */
function processMember(id: ts.Identifier): string {
  const p = id.parent;
  return ts.isPropertyAccessExpression(p) && p.expression === id ? `process.${p.name.text}` : "process";
}

/** opensForWriting tells whether a call of open/openSync asks for more than reading: any flags
 * other than a literal made of "r" and "s" (none means "r"), or any flags it cannot read. */
function opensForWriting(callee: ts.Node): boolean {
  const call = callee.parent;
  if (!ts.isCallExpression(call) || call.expression !== callee) return true;
  const flags = call.arguments[1];
  if (!flags) return false;
  return !(ts.isStringLiteralLike(flags) && /^[rs]+$/.test(flags.text));
}

/** isReference tells whether an identifier refers to a binding, rather than naming a property,
 * a declaration, an import or a label. */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && (p as ts.PropertyAccessExpression).name === id) return false;
  if (ts.isImportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p) || ts.isExportSpecifier(p)) return false;
  if ((ts.isPropertyAssignment(p) || ts.isPropertySignature(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && p.name === id) return false;
  if (ts.isTypeReferenceNode(p) || ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  if (isDeclarationName(id)) return false;
  return true;
}

function isDeclarationName(id: ts.Identifier): boolean {
  const p = id.parent as ts.Node & { name?: ts.Node };
  return p.name === id && (ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isClassDeclaration(p) || ts.isBindingElement(p) || ts.isInterfaceDeclaration(p) || ts.isTypeAliasDeclaration(p) || ts.isEnumDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p));
}

/** declaredNames lists every name the file declares itself (variables, parameters, functions,
 * classes, imports), at any depth: such a name is never taken for the global of that name. */
function declaredNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name;
    const declares =
      ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) ||
      ts.isBindingElement(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node);
    if (declares && name && ts.isIdentifier(name)) names.add(name.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) ||
    ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node)
  );
}

/** functionName is the name a function is known by: its own, or that of what holds it. */
function functionName(node: ts.FunctionLikeDeclaration): string {
  const own = node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name)) ? node.name.text : undefined;
  const cls = node.parent && (ts.isClassDeclaration(node.parent) || ts.isClassExpression(node.parent)) ? node.parent.name?.text : undefined;
  if (ts.isConstructorDeclaration(node)) return `${cls ?? "(class)"}.constructor`;
  if (own) return cls ? `${cls}.${own}` : own;
  const holder = node.parent;
  if (holder && (ts.isVariableDeclaration(holder) || ts.isPropertyAssignment(holder) || ts.isPropertyDeclaration(holder)) && ts.isIdentifier(holder.name)) {
    return holder.name.text;
  }
  return "(anonymous)";
}
