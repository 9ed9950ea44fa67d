// Random module worlds for the differential tidy fuzzer (test/scripts/fuzz-tidy.mjs): a
// main module and 3 to 15 modules served by the fake proxy, written as the inputs of a
// testdata/scenarios txtar archive ("go.mod", sources, "proxy/<module>@<version>/<file>",
// optional "go.sum", "flags", "env" and "goenv"), so that a world is also a scenario the
// recorder can record as it is.
//
// What a world may hold is chosen by features (see FEATURES); a mix is a named set of
// them (see MIXES). Everything is drawn from one seeded generator: the same seed and mix
// give the same world.

import { createHash } from "node:crypto";
import { rng } from "./mutate.js";

export { rng };

/** The go lines modules are given. */
export const GO_LINES = ["1.14", "1.16", "1.17", "1.21", "1.23", "1.26"];

/**
 * FEATURES: what a world may contain beyond plain requirements (chains, diamonds and
 * cycles, with right and wrong "// indirect" marks, are always there).
 */
export const FEATURES = [
  "oldgo", // go 1.14/1.16 modules and modules without a go line (unpruned graphs)
  "replace", // replace to versions, to directories (existing, missing, shared), replace-only modules
  "exclude",
  "retract", // retractions, the latest version retracting itself
  "majors", // /vN module paths and +incompatible versions
  "pre", // pre-releases and pseudo-versions
  "nested", // packages moving between a module and a module nested in it
  "tags", // build-tagged files and test-only imports
  "query", // imports no requirement provides (@latest queries), of missing modules and packages
  "sum", // go.sum lines: missing, stale, complete
  "flags", // -e, -go, -compat, -v
  "broken", // requirements on versions the proxy lacks, zips go cannot extract
  "settings", // env and go env file: GOPATH and TMPDIR at the module, -modfile, GOSUMDB, GOFLAGS, GO111MODULE
];

/** MIXES: named feature sets; "any" draws one of them per world. */
export const MIXES = {
  core: ["oldgo"],
  replace: ["oldgo", "replace", "query"],
  retract: ["retract", "exclude", "query", "flags"],
  versions: ["majors", "pre", "query", "retract"],
  layout: ["nested", "tags", "query"],
  sum: ["sum", "broken", "flags", "oldgo"],
  compat: ["oldgo", "flags", "majors", "retract"],
  settings: ["settings", "sum", "query"],
  all: FEATURES,
};

/** Pick holds the drawing helpers over one generator. */
function picker(r) {
  const p = {
    chance: (x) => r() < x,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    one: (xs) => xs[Math.floor(r() * xs.length)],
    some: (xs, x) => xs.filter(() => r() < x),
    shuffle: (xs) => {
      const out = [...xs];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    },
  };
  return p;
}

const vnum = (v) => v.replace(/^v/, "").split(/[-+]/)[0].split(".").map(Number);
/** compareVersions orders the versions this generator writes (semver precedence, simplified). */
export function compareVersions(a, b) {
  const [x, y] = [vnum(a), vnum(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  const pa = /^v[\d.]+-/.test(a);
  const pb = /^v[\d.]+-/.test(b);
  if (pa !== pb) return pa ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** versionsFor draws the versions of a module of the given kind. */
function versionsFor(p, kind, has) {
  const pool = {
    plain: ["v0.1.0", "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0"],
    major: ["v2.0.0", "v2.1.0", "v2.2.0"],
    incompatible: ["v1.0.0", "v1.1.0", "v2.0.0+incompatible", "v3.1.0+incompatible"],
  }[kind];
  let vs = p.some(pool, 0.55);
  if (vs.length === 0) vs = [p.one(pool)];
  if (has("pre")) {
    if (p.chance(0.3)) vs.push(kind === "major" ? "v2.3.0-rc.1" : "v1.4.0-rc.1");
    if (p.chance(0.25)) vs.push(kind === "major" ? "v2.0.1-0.20210301000000-0123456789ab" : "v1.1.1-0.20210301000000-0123456789ab");
    if (p.chance(0.15) && kind === "plain") vs = ["v0.0.0-20200101000000-abcdefabcdef", ...(p.chance(0.5) ? [] : vs)];
  }
  return [...new Set(vs)].sort(compareVersions);
}

/** goLine draws a go line ("" for none). */
function goLine(p, has) {
  if (!has("oldgo")) return p.one(["1.17", "1.21", "1.23", "1.26"]);
  if (p.chance(0.1)) return "";
  return p.one(GO_LINES);
}

const pkgName = (importPath) => importPath.split("/").filter((s) => !/^v\d+$/.test(s)).pop().replace(/[^a-z0-9]/g, "");

/** source is a Go file of package name importing imports (blank imports), with an optional build constraint. */
function source(name, imports, constraint = "") {
  const head = constraint ? `//go:build ${constraint}\n\n` : "";
  const body = imports.length ? `\nimport (\n${imports.map((i) => `\t_ "${i}"\n`).join("")})\n` : "";
  return `${head}package ${name}\n${body}`;
}

/** goMod writes a go.mod: module line, go line, requirements, and extra lines. */
function goMod(path, go, reqs, extra = []) {
  let text = `module ${path}\n`;
  if (go) text += `\ngo ${go}\n`;
  if (reqs.length) text += `\nrequire (\n${reqs.map((q) => `\t${q.path} ${q.version}${q.indirect ? " // indirect" : ""}\n`).join("")})\n`;
  if (extra.length) text += `\n${extra.join("\n")}\n`;
  return text;
}

/** modules draws the proxy's modules: their paths, kinds, versions and packages. */
function drawModules(p, has) {
  const n = p.int(3, 15);
  const mods = [];
  for (let i = 0; i < n; i++) {
    let kind = "plain";
    if (has("majors") && p.chance(0.3)) kind = p.one(["major", "incompatible"]);
    let path = `example.com/m${i}`;
    let parent = null;
    if (has("nested") && i > 0 && p.chance(0.3)) {
      parent = p.one(mods.filter((m) => m.kind === "plain" && !m.parent && !m.child));
      if (parent) {
        path = `${parent.path}/sub`;
        kind = "plain";
        parent.child = path;
      }
    }
    if (kind === "major") path += "/v2";
    mods.push({ path, kind, parent, versions: versionsFor(p, kind, has), packages: p.chance(0.3) ? ["", "/p"] : [""] });
  }
  return mods;
}

/** packagesOf: the import paths a module version provides. */
function packagesOf(m, v, vi) {
  const out = [];
  for (const sub of m.packages) {
    if (vi === 0 && sub === "/p" && m.versions.length > 1) continue; // /p appears in a later version
    out.push(m.path + sub);
  }
  if (m.child && vi < Math.ceil(m.versions.length / 2)) out.push(`${m.path}/sub`); // moved to the nested module later
  return out;
}

/** requirementsFor draws the requirements of a module version (or the main module). */
function drawRequirements(p, mods, self, has, max) {
  const others = mods.filter((m) => m !== self);
  const reqs = [];
  for (const m of p.shuffle(others).slice(0, p.int(0, Math.min(max, others.length)))) {
    let version = p.one(m.versions);
    if (has("broken") && p.chance(0.08)) version = m.kind === "major" ? "v2.9.0" : "v1.9.0";
    reqs.push({ mod: m, path: m.path, version, indirect: false });
  }
  return reqs;
}

/** importsFor: packages of the requirements a package imports (some), plus extra picks. */
function importsFor(p, reqs, mods, x) {
  const out = [];
  for (const q of reqs) {
    if (!p.chance(x)) continue;
    const vi = q.mod.versions.indexOf(q.version);
    const pkgs = packagesOf(q.mod, q.version, vi < 0 ? 0 : vi);
    out.push(p.one(pkgs));
  }
  return [...new Set(out)];
}

/** moduleFiles writes the proxy files of every module version. */
function moduleFiles(p, mods, has, files) {
  for (const m of mods) {
    const latest = m.versions[m.versions.length - 1];
    m.versions.forEach((v, vi) => {
      const dir = `proxy/${m.path}@${v}`;
      const reqs = drawRequirements(p, mods, m, has, 3);
      const imports = importsFor(p, reqs, mods, 0.7);
      for (const q of reqs) q.indirect = p.chance(0.2) ? !imports.some((i) => i.startsWith(q.path)) : p.chance(0.15);
      const extra = [];
      if (has("retract") && v === latest && m.versions.length > 1 && p.chance(0.5)) {
        const target = p.chance(0.4) ? v : p.one(m.versions);
        extra.push(p.chance(0.2) ? `retract [${m.versions[0]}, ${target}]` : `retract ${target} // broken`);
      }
      if (!v.endsWith("+incompatible")) files.push({ name: `${dir}/go.mod`, data: goMod(m.path, goLine(p, has), reqs, extra) });
      const pkgs = packagesOf(m, v, vi);
      pkgs.forEach((pkg, k) => {
        const rel = pkg.slice(m.path.length + 1);
        const file = rel ? `${rel}/${pkgName(pkg)}.go` : `${pkgName(pkg)}.go`;
        files.push({ name: `${dir}/${file}`, data: source(pkgName(pkg), k === 0 ? imports : []) });
      });
      if (has("tags") && reqs.length && p.chance(0.3)) {
        const q = p.one(reqs);
        const name = p.chance(0.5) ? `${dir}/${pkgName(m.path)}_test.go` : `${dir}/tagged.go`;
        const constraint = name.endsWith("_test.go") ? "" : p.one(["foo", "linux", "ignore"]);
        files.push({ name, data: source(pkgName(m.path), [q.path], constraint) });
      }
      if (has("broken") && p.chance(0.04)) files.push({ name: `${dir}/X.go`, data: "package x\n" }, { name: `${dir}/x.go`, data: "package x\n" });
    });
  }
}

/** allPackages: every import path some version of some module provides. */
function allPackages(mods) {
  const out = new Set();
  for (const m of mods) m.versions.forEach((v, vi) => packagesOf(m, v, vi).forEach((x) => out.add(x)));
  return [...out];
}

/** replaceLines draws the main module's replace directives (and the directories they use). */
function replaceLines(p, mods, files, reqs, imports) {
  const lines = [];
  const used = new Set();
  for (let k = p.int(1, 3); k > 0; k--) {
    const m = p.one(mods);
    if (used.has(m.path)) continue;
    used.add(m.path);
    const old = p.chance(0.5) ? `${m.path} ${p.one(m.versions)}` : m.path;
    const choice = p.int(0, 5);
    if (choice <= 1) {
      lines.push(`replace ${old} => ${p.chance(0.8) ? m.path : p.one(mods).path} ${p.one(m.versions)}`);
    } else if (choice <= 3) {
      const dir = `local/${pkgName(m.path)}`;
      lines.push(`replace ${old} => ./${dir}`);
      if (p.chance(0.85)) files.push({ name: `${dir}/go.mod`, data: goMod(p.chance(0.9) ? m.path : "example.com/other", p.one(GO_LINES), drawRequirements(p, mods, m, () => false, 2)) });
      if (p.chance(0.8)) files.push({ name: `${dir}/${pkgName(m.path)}.go`, data: source(pkgName(m.path), []) });
      if (p.chance(0.2)) {
        const other = p.one(mods);
        if (!used.has(other.path)) {
          used.add(other.path);
          lines.push(`replace ${other.path} => ./${dir}`);
        }
      }
    } else if (choice === 4) {
      lines.push(`replace ${old} => ../nonexist/${pkgName(m.path)}`);
    } else {
      // a module no proxy knows, only as a replacement
      const path = `example.net/r${p.int(0, 9)}`;
      if (used.has(path)) continue;
      used.add(path);
      const withVersion = p.chance(0.6);
      lines.push(`replace ${path}${withVersion ? " v0.1.0" : ""} => ./r/${pkgName(path)}`);
      files.push({ name: `r/${pkgName(path)}/go.mod`, data: goMod(path, p.one(GO_LINES), []) });
      if (p.chance(0.85)) files.push({ name: `r/${pkgName(path)}/${pkgName(path)}.go`, data: source(pkgName(path), []) });
      imports.push(path);
      if (withVersion && p.chance(0.4)) reqs.push({ path, version: "v0.1.0", indirect: false });
    }
  }
  return lines;
}

/** h1 is the go.sum hash of files (name -> content), as dirhash.Hash1 computes it. */
function h1(files) {
  const sum = createHash("sha256");
  for (const [name, data] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    sum.update(`${createHash("sha256").update(data).digest("hex")}  ${name}\n`);
  }
  return `h1:${sum.digest("base64")}`;
}

/** goSumLines: every go.sum line the proxy's versions have (zip and go.mod hashes). */
function goSumLines(files) {
  const versions = new Map();
  for (const f of files) {
    if (!f.name.startsWith("proxy/")) continue;
    const rest = f.name.slice("proxy/".length);
    const at = rest.indexOf("@");
    const slash = rest.indexOf("/", at);
    const key = rest.slice(0, slash);
    if (!versions.has(key)) versions.set(key, []);
    versions.get(key).push([rest.slice(slash + 1), f.data]);
  }
  const lines = [];
  for (const [key, fs] of versions) {
    const [path, version] = key.split("@");
    const mod = fs.find(([n]) => n === "go.mod")?.[1] ?? `module ${path}\n`;
    lines.push(`${path} ${version} ${h1(fs.map(([n, d]) => [`${key}/${n}`, d]))}`);
    lines.push(`${path} ${version}/go.mod ${h1([["go.mod", mod]])}`);
  }
  return lines.sort();
}

/** mainFiles writes the main module: go.mod, its packages, and what the features add. */
function mainFiles(p, mods, has, files) {
  const pkgs = allPackages(mods);
  const reqs = drawRequirements(p, mods, null, has, 6);
  let imports = importsFor(p, reqs, mods, 0.6);
  if (has("query")) {
    imports.push(...p.some(pkgs, 0.15));
    if (p.chance(0.15)) imports.push("example.com/nothere/x");
    if (p.chance(0.15)) imports.push(`${p.one(mods).path}/nopkg`);
  }
  const extra = [];
  if (has("replace")) extra.push(...replaceLines(p, mods, files, reqs, imports));
  if (has("exclude")) {
    for (let k = p.int(0, 2); k > 0; k--) {
      const m = p.one(mods);
      extra.push(`exclude ${m.path} ${p.one(m.versions)}`);
    }
  }
  imports = [...new Set(imports)];
  for (const q of reqs) q.indirect = p.chance(0.25) ? !imports.some((i) => i.startsWith(q.path + "/") || i === q.path) : p.chance(0.2);
  const split = has("tags") ? p.int(0, 3) : 0;
  const main = p.shuffle(imports);
  const tagged = split >= 1 ? main.splice(0, Math.min(main.length, p.int(0, 2))) : [];
  const tests = split >= 2 ? main.splice(0, Math.min(main.length, p.int(0, 2))) : [];
  const subs = p.chance(0.3) ? main.splice(0, Math.min(main.length, 1)) : [];
  const go = goLine(p, has);
  files.unshift({ name: "go.mod", data: goMod("example.com/main", go, reqs, extra) });
  files.push({ name: "main.go", data: source("main", main) });
  if (tagged.length) files.push({ name: "tagged.go", data: source("main", tagged, p.one(["foo", "linux && amd64", "ignore", "windows"])) });
  if (tests.length) files.push({ name: p.chance(0.5) ? "main_test.go" : "x_test.go", data: source(p.chance(0.5) ? "main" : "main_test", tests) });
  if (subs.length) files.push({ name: "sub/sub.go", data: source("sub", subs) });
  return go;
}

/** flagLines draws go mod tidy's flags. */
function flagLines(p, go) {
  const flags = [];
  if (p.chance(0.35)) flags.push("-e");
  if (p.chance(0.25)) flags.push(`-go=${p.one(GO_LINES)}`);
  if (p.chance(0.25)) flags.push(`-compat=${p.one(GO_LINES)}`);
  if (p.chance(0.1)) flags.push("-v");
  return flags;
}

/** settingFiles draws environment settings (env lines, a go env file) and what they need. */
function settingFiles(p, files) {
  const env = [];
  const goenv = [];
  const choice = p.int(0, 6);
  if (choice === 0) env.push("GOPATH=$WORK/m");
  else if (choice === 1) env.push("TMPDIR=$WORK/m");
  else if (choice === 2) {
    (p.chance(0.5) ? env : goenv).push(`GOFLAGS=-modcacherw -modfile=go.alt.mod${p.chance(0.3) ? " -e" : ""}`);
    const gomod = files.find((f) => f.name === "go.mod");
    files.push({ name: "go.alt.mod", data: gomod.data });
    if (p.chance(0.5)) gomod.data = "module example.com/main\n\ngo 1.21\n";
  } else if (choice === 3) env.push(`GOSUMDB=${p.one(["bad key", "sum.example.com+00000000+AAAA", "off"])}`);
  else if (choice === 4) goenv.push(`GO111MODULE=${p.one(["off", "on", "auto"])}`);
  else if (choice === 5) goenv.push(`GOFLAGS=-modcacherw${p.chance(0.5) ? " -e" : ""}`);
  else env.push("GOPROXY=off");
  return { env, goenv };
}

/**
 * world draws the world of a seed: { files (txtar inputs), features }. mix is a MIXES
 * name, or a list of features.
 */
export function world(seed, features) {
  const p = picker(rng(seed));
  const has = (f) => features.includes(f);
  const mods = drawModules(p, has);
  const files = [];
  moduleFiles(p, mods, has, files);
  const go = mainFiles(p, mods, has, files);
  if (has("sum") || has("settings")) {
    const all = goSumLines(files);
    const keep = p.chance(0.25) ? all : p.some(all, p.one([0.3, 0.7, 0.9]));
    if (p.chance(0.3)) keep.push("example.com/stale v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "example.com/stale v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    if (keep.length) files.push({ name: "go.sum", data: keep.sort().join("\n") + "\n" });
  }
  if (has("flags")) {
    const flags = flagLines(p, go);
    if (flags.length) files.push({ name: "flags", data: flags.join("\n") + "\n" });
  }
  if (has("settings")) {
    const { env, goenv } = settingFiles(p, files);
    if (env.length) files.push({ name: "env", data: env.join("\n") + "\n" });
    if (goenv.length) files.push({ name: "goenv", data: goenv.join("\n") + "\n" });
  }
  return files;
}
