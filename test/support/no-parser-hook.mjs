// Loaded with `node --import`: the package "web-tree-sitter" cannot be found, as in an
// installation that lacks it. A command that loads the Go parser fails; one that does
// not (--help, --version, go.mod work) cannot tell.
import { register } from "node:module";

const hooks = `
export async function resolve(specifier, context, next) {
  if (specifier === "web-tree-sitter") {
    const err = new Error("Cannot find package 'web-tree-sitter'");
    err.code = "ERR_MODULE_NOT_FOUND";
    throw err;
  }
  return next(specifier, context);
}`;
register("data:text/javascript," + encodeURIComponent(hooks));
