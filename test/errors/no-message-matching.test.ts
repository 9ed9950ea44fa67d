// Production code decides by an error's class and typed fields, never by its text: a
// message is go's words for people, and words change (a proxy's reason, a Node.js
// version's wording) without the kind of failure changing. This test reads every source
// file and fails on a condition over an error's message or name: comparing it, searching
// it (includes, startsWith, indexOf, a regular expression's test or exec), or switching on
// it. Formatting a message for display (slicing, joining, replacing) is allowed.

import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const src = join(__dirname, "..", "..", "src");

/**
 * Lines allowed to look inside a message, each with its reason. Keys are
 * "file:the trimmed line"; there is no entry for a decision, only for display.
 */
const allowed: Record<string, string> = {
  // Node.js gives no field with the text of an errno ("ENOENT: no such file or directory,
  // open 'x'"); for codes without a table entry, Go's wording is the part after the code.
  // It chooses text to print, not what happens next.
  "text/paths.ts:const m = err.message.indexOf(\": \");": "display only: Go's errno text",
  "fetch/via-proxy.ts:const tunnel = /^Proxy response \\((\\d+)\\) !== 200 when HTTP Tunneling$/.exec(cause?.message ?? \"\");":
    "undici gives a refused CONNECT tunnel no code or field of its own: the proxy's status is only in its message",
};

const patterns: { name: string; re: RegExp }[] = [
  { name: "a search of a message", re: /\.message\s*\??\.\s*(includes|startsWith|endsWith|indexOf|lastIndexOf|search|match|matchAll|localeCompare)\s*\(/ },
  { name: "a regular expression run on a message", re: /\.(test|exec)\s*\([^)]*\.message\b/ },
  { name: "a comparison of a message", re: /\.message\s*(===|!==|==|!=)|(===|!==|==|!=)\s*[\w$.?]*\.message\b/ },
  { name: "a switch on a message", re: /switch\s*\([^)]*\.message\b/ },
  { name: "a comparison of an error's name", re: /\.name\s*(===|!==|==|!=)\s*["'`]\w*Error["'`]/ },
  { name: "a search of an error turned into text", re: /String\(\s*(e|err|error)\s*\)\s*\.\s*(includes|startsWith|endsWith|indexOf|match)\s*\(/ },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

/** findings lists "file:line: what" for every line of text that matches a pattern. */
export function findings(file: string, text: string): string[] {
  const out: string[] = [];
  text.split("\n").forEach((line, i) => {
    const code = line.replace(/\/\/.*$/, "").trim();
    if (code.startsWith("*") || code.startsWith("/*")) return; // doc comments
    for (const { name, re } of patterns) {
      if (!re.test(code)) continue;
      if (allowed[`${file}:${code}`]) continue;
      out.push(`${file}:${i + 1}: ${name}: ${code}`);
    }
  });
  return out;
}

describe("errors are recognised by class, never by message text", () => {
  it("finds the patterns it is meant to find", () => {
    // The scanner itself, on lines that do what production code must not.
    const bad = [
      `if (err.message.startsWith("reading ")) return;`,
      `const m = /offline: (\\S+)/.exec(err.message);`,
      `if (/: 50[234] /.test(err.message + " ")) retry();`,
      `if (e.message === "not found") x();`,
      `else if (e.name === "InvalidPathError") y();`,
      `switch (err.message) {`,
    ];
    for (const line of bad) expect(findings("x.ts", line), line).toHaveLength(1);
    const fine = [
      `throw new Error(\`parsing \${name}: \${err.message}\`);`,
      `const why = err.message.split("\\n")[0];`,
      `if (e instanceof HTTPError && e.status === 404) z();`,
      `// a comment about err.message.includes(x)`,
    ];
    for (const line of fine) expect(findings("x.ts", line), line).toEqual([]);
  });

  it("no source file decides by an error's message", () => {
    const files = sourceFiles(src);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => findings(relative(src, f).split("\\").join("/"), readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });

  it("every allow-list entry is still needed", () => {
    for (const key of Object.keys(allowed)) {
      const [file, ...rest] = key.split(":");
      const line = rest.join(":");
      const text = readFileSync(join(src, file), "utf8").split("\n").map((l) => l.replace(/\/\/.*$/, "").trim());
      expect(text, key).toContain(line);
    }
  });
});
