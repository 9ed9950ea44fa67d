import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let version: string | undefined;

/** packageVersion is the version in gotidy-ts's package.json (read once: a run asks for it once per cache store it opens). */
export function packageVersion(): string {
  const pkg = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "package.json");
  version ??= (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  return version;
}
