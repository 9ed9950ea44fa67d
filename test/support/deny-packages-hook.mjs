// Loaded with `node --import`, for tests that show what some work never loads:
// - GOTIDY_TEST_DENY (package names, comma-separated): those packages cannot be found, as
//   in an installation that lacks them (importing one fails with ERR_MODULE_NOT_FOUND);
// - GOTIDY_TEST_LOG (a file): the URL of every module resolved is appended to it, a line each.
import { register } from "node:module";

const deny = (process.env.GOTIDY_TEST_DENY ?? "").split(",").filter(Boolean);
const log = process.env.GOTIDY_TEST_LOG ?? "";
const hooks = `
import { appendFileSync } from "node:fs";
const deny = new Set(${JSON.stringify(deny)});
const log = ${JSON.stringify(log)};
export async function resolve(specifier, context, next) {
  const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
  if (deny.has(name)) {
    const err = new Error("Cannot find package '" + name + "' (denied by the test)");
    err.code = "ERR_MODULE_NOT_FOUND";
    throw err;
  }
  const resolved = await next(specifier, context);
  if (log) appendFileSync(log, resolved.url + "\\n");
  return resolved;
}`;
register("data:text/javascript," + encodeURIComponent(hooks));
