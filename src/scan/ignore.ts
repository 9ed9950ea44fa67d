// The go.mod ignore directive (Go 1.25): directories a module's package walk skips.
// "./x" ignores x at the module root; "x" ignores every directory named x (or x/y) at
// any depth. Ignoring a directory ignores everything below it.

function normalize(p: string): string {
  let out = p.replace(/\\/g, "/");
  if (!out.startsWith("/")) out = "/" + out;
  if (!out.endsWith("/")) out += "/";
  return out;
}

export class IgnorePatterns {
  private readonly anchored: string[] = [];
  private readonly anywhere: string[] = [];

  constructor(patterns: string[]) {
    for (const pattern of patterns) {
      if (pattern.startsWith("./")) this.anchored.push(normalize(pattern.slice(2)));
      else this.anywhere.push(normalize(pattern));
    }
  }

  /** ignores reports whether the directory (slash-separated, relative to the module root) is skipped. */
  ignores(relDir: string): boolean {
    if (relDir === "") return false;
    const dir = normalize(relDir);
    return this.anchored.some((p) => dir.startsWith(p)) || this.anywhere.some((p) => dir.includes(p));
  }

  get empty(): boolean {
    return this.anchored.length === 0 && this.anywhere.length === 0;
  }
}
