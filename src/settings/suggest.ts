// Spelling suggestions for variables that look like go settings but are not one.

/** Every variable the go command documents (go help environment), for spelling checks. */
const knownGoVariables = new Set([
  "GO111MODULE", "GOARCH", "GOAUTH", "GOBIN", "GOCACHE", "GOCACHEPROG", "GODEBUG", "GOENV", "GOEXE",
  "GOEXPERIMENT", "GOFIPS140", "GOFLAGS", "GOHOSTARCH", "GOHOSTOS", "GOINSECURE", "GOMODCACHE",
  "GONOPROXY", "GONOSUMDB", "GOOS", "GOPATH", "GOPRIVATE", "GOPROXY", "GOROOT", "GOSUMDB",
  "GOTELEMETRY", "GOTELEMETRYDIR", "GOTMPDIR", "GOTOOLCHAIN", "GOTOOLDIR", "GOVCS", "GOVERSION",
  "GOWORK", "GOCOVERDIR", "GO386", "GOAMD64", "GOARM", "GOARM64", "GOMIPS", "GOMIPS64", "GOPPC64",
  "GORISCV64", "GOWASM", "GOGC", "GOMAXPROCS", "GOMEMLIMIT", "GOTRACEBACK", "GORACE", "GOCOVER",
  "GOLANG_PROTOBUF_REGISTRATION_CONFLICT", "GOPACKAGESDRIVER", "GOPLSCACHE", "GOLANGCI_LINT_CACHE",
  "GOSUMDBKEY",
  "GOTIDYCACHE", // gotidy-ts's own cache directory
]);

/** The settings gotidy-ts reads that users may misspell, for suggestions. */
const suggestible = ["GOPROXY", "GOSUMDB", "GOPRIVATE", "GONOPROXY", "GONOSUMDB", "GOINSECURE", "GOMODCACHE", "GOFLAGS", "GOPATH", "GOAUTH", "GOENV", "GOTOOLCHAIN"];

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** suggestSetting returns the setting a misspelled variable most likely means, or null. */
export function suggestSetting(name: string): string | null {
  if (knownGoVariables.has(name) || !name.startsWith("GO")) return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const s of suggestible) {
    let dist = editDistance(name, s);
    // A known name with letters added or dropped at the end or start (GOPROXYS, GONOSUMCHECK).
    if (name.startsWith(s) || s.startsWith(name)) dist = Math.min(dist, 1);
    if (name.startsWith("GONOSUM") && s === "GONOSUMDB") dist = Math.min(dist, 1);
    if (dist < bestDistance) {
      bestDistance = dist;
      best = s;
    }
  }
  return bestDistance <= 3 ? best : null;
}
