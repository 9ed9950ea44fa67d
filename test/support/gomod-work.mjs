// goModWork does go.mod, go.sum and go.work work through an entry point of the package
// (the module namespace `m`) and returns what it computed, for comparing entry points.
export function goModWork(m) {
  const text = "module example.com/m\n\ngo 1.21\nrequire example.com/b v1.0.0 // indirect\nrequire (\n\texample.com/a v1.2.0\n)\n";
  const f = m.parseGoMod(text);
  m.addRequire(f, "example.com/c", "v0.3.0");
  m.setIndirect(f, "example.com/a", true);
  const sum = m.parseGoSum("example.com/a v1.2.0/go.mod h1:Zm9vYmFyCg==\nexample.com/a v1.2.0 h1:YmF6Cg==\n");
  const work = m.parseGoWork("go 1.22\n\nuse ./a\n");
  let error = "";
  try {
    m.parseGoMod("module x\nfoo bar\n");
  } catch (e) {
    error = `${e.constructor.name}: ${e.message}`;
  }
  return {
    formatted: m.formatGoMod(f),
    sum: m.formatGoSum(sum),
    hash: m.hashGoMod("module example.com/a\n"),
    work: work.use.map((u) => u.path),
    semver: [m.semver.compare("v1.2.0", "v1.10.0"), m.canonicalVersion("v1.2")],
    path: [m.escapePath("github.com/Azure/x"), String(m.checkPath("example.com/ok") ?? "")],
    error,
  };
}
