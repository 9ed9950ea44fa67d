// The <meta name="go-import" content="prefix vcs repo [subdir]"> tags of a go-get=1 page,
// read as the go command reads them: up to </head> or <body>, names matched without
// regard to case, "mod" entries first and superseding other entries for their prefix.

/** MetaImport is one go-import tag. */
export interface MetaImport {
  prefix: string;
  vcs: string;
  repoRoot: string;
  subDir: string;
}

const entities: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return entities[e.toLowerCase()] ?? m;
  });
}

function attributes(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s=/>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
  for (const m of text.matchAll(re)) {
    const name = m[1].toLowerCase();
    let v = m[2] ?? "";
    if (v.startsWith('"') || v.startsWith("'")) v = v.slice(1, -1);
    if (!out.has(name)) out.set(name, decode(v));
  }
  return out;
}

/** parseMetaImports returns the go-import tags of an HTML page. */
export function parseMetaImports(html: string): MetaImport[] {
  const found: MetaImport[] = [];
  const re = /<(\/?)([A-Za-z][^\s/>]*)([^>]*)>|<!--[\s\S]*?-->/g;
  for (const m of html.matchAll(re)) {
    if (m[2] === undefined) continue;
    const name = m[2].toLowerCase();
    if (m[1] === "" && name === "body") break;
    if (m[1] === "/" && name === "head") break;
    if (m[1] === "/" || name !== "meta") continue;
    const attrs = attributes(m[3]);
    if (attrs.get("name") !== "go-import") continue;
    const f = (attrs.get("content") ?? "").split(/\s+/).filter(Boolean);
    if (f.length === 3 || f.length === 4) found.push({ prefix: f[0], vcs: f[1], repoRoot: f[2], subDir: f[3] ?? "" });
  }
  const mods = found.filter((m) => m.vcs === "mod");
  const have = new Set(mods.map((m) => m.prefix));
  return [...mods, ...found.filter((m) => m.vcs !== "mod" && !have.has(m.prefix))];
}

/** matchMetaImport picks the tag for importPath: its one match, or an error text in go's words. */
export function matchMetaImport(imports: MetaImport[], importPath: string): { match?: MetaImport; mismatch?: string; error?: string } {
  let match = -1;
  const mismatches: string[] = [];
  for (const [i, im] of imports.entries()) {
    if (!(importPath === im.prefix || importPath.startsWith(im.prefix + "/"))) {
      mismatches.push(im.prefix);
      continue;
    }
    if (match >= 0) {
      if (imports[match].vcs === "mod" && im.vcs !== "mod") break;
      return { error: `multiple meta tags match import path ${JSON.stringify(importPath)}` };
    }
    match = i;
  }
  if (match < 0) return { mismatch: mismatches.map((p) => `meta tag ${p} did not match import path ${importPath}`).join(", ") };
  return { match: imports[match] };
}
