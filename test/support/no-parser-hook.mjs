// Loaded with `node --import`: the package "web-tree-sitter" cannot be found, as in an
// installation that lacks it, by import (a resolve hook: the library's dist/ imports it)
// and by require, its files too (the bundled command line, dist/cli/gotidy-ts.cjs, holds
// its code and resolves its tree-sitter.wasm). A command that loads the Go parser fails;
// one that does not (--help, --version, go.mod work) cannot tell.
import Module, { register } from "node:module";

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

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === "web-tree-sitter" || request.startsWith("web-tree-sitter/")) {
    const err = new Error("Cannot find package 'web-tree-sitter'");
    err.code = "MODULE_NOT_FOUND";
    throw err;
  }
  return resolveFilename.call(this, request, ...rest);
};
