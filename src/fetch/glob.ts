// Glob prefix matching of module paths, as GOPRIVATE, GONOPROXY, GONOSUMDB and
// GOINSECURE use it: each comma-separated pattern with n slashes is matched, with
// path.Match syntax, against the first n+1 elements of the path.

/** matchPath implements Go's path.Match: * (no slash), ?, [classes], \\ escapes. Null for a malformed pattern. */
export function matchPath(pattern: string, name: string): boolean | null {
  const p = [...pattern];
  const s = [...name];
  const rec = (pi: number, si: number): boolean | null => {
    while (pi < p.length) {
      const c = p[pi];
      if (c === "*") {
        while (p[pi] === "*") pi++;
        if (pi === p.length) return !s.slice(si).includes("/");
        for (let k = si; k <= s.length; k++) {
          if (k > si && s[k - 1] === "/") break;
          const r = rec(pi, k);
          if (r === null) return null;
          if (r) return true;
        }
        return false;
      }
      if (si >= s.length) return checkRest(p, pi) ? false : null;
      if (c === "?") {
        if (s[si] === "/") return false;
        pi++;
        si++;
        continue;
      }
      if (c === "[") {
        const cls = matchClass(p, pi + 1, s[si]);
        if (cls === null) return null;
        if (!cls.matched || s[si] === "/") return false;
        pi = cls.next;
        si++;
        continue;
      }
      let lit = c;
      if (c === "\\") {
        pi++;
        if (pi >= p.length) return null;
        lit = p[pi];
      }
      if (s[si] !== lit) return false;
      pi++;
      si++;
    }
    return si === s.length;
  };
  return rec(0, 0);
}

/** checkRest reports whether the rest of a pattern is well formed. */
function checkRest(p: string[], pi: number): boolean {
  for (let i = pi; i < p.length; i++) {
    if (p[i] === "\\") {
      if (++i >= p.length) return false;
    } else if (p[i] === "[") {
      const cls = matchClass(p, i + 1, "a");
      if (cls === null) return false;
      i = cls.next - 1;
    }
  }
  return true;
}

function matchClass(p: string[], i: number, ch: string): { matched: boolean; next: number } | null {
  let negated = false;
  if (p[i] === "^") {
    negated = true;
    i++;
  }
  let matched = false;
  let first = true;
  while (i < p.length && (p[i] !== "]" || first)) {
    if (p[i] === "]" && first) return null;
    first = false;
    let lo = p[i];
    if (lo === "\\") {
      if (++i >= p.length) return null;
      lo = p[i];
    }
    i++;
    let hi = lo;
    if (p[i] === "-" && p[i + 1] !== "]") {
      i++;
      hi = p[i];
      if (hi === "\\") {
        if (++i >= p.length) return null;
        hi = p[i];
      }
      if (hi === undefined) return null;
      i++;
    }
    if (lo <= ch && ch <= hi) matched = true;
  }
  if (i >= p.length) return null;
  return { matched: matched !== negated, next: i + 1 };
}

/** matchPrefixPatterns reports whether the path matches any comma-separated glob prefix. */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  for (let glob of globs.split(",")) {
    if (glob.endsWith("/")) glob = glob.slice(0, -1);
    if (glob === "") continue;
    let n = glob.split("/").length - 1;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === "/") {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    if (matchPath(glob, prefix) === true) return true;
  }
  return false;
}
